package io.clipcast.sandbox.vk;

import io.clipcast.sandbox.kit.CallFaults;
import io.clipcast.sandbox.kit.Reply;
import io.clipcast.sandbox.kit.SandboxKit;
import io.vertx.ext.web.RoutingContext;

import java.util.function.Consumer;

/** {@link CallFaults#run} for VK: {@code http_error} is an nginx-style page on every VK host; other kinds go to {@code special}. */
final class FaultStage {
  private FaultStage() {}

  static void run(SandboxKit kit, RoutingContext ctx, String operation, CallFaults.Refusals<Reply> special, Consumer<Reply> work) {
    CallFaults.run(kit, "vk", operation, ctx, Reply::new, (f, reply) -> {
      if (!f.kind().equals("http_error")) return special.answer(f, reply);
      reply.html(f.status(), "<html><head><title>" + f.status() + "</title></head><body><center><h1>" + f.status()
          + "</h1></center><hr><center>nginx</center></body></html>");
      return true;
    }, work);
  }
}
