package io.clipcast.sandbox.vk;

import io.clipcast.sandbox.kit.CallFaults;
import io.clipcast.sandbox.kit.Reply;
import io.clipcast.sandbox.kit.SandboxKit;
import io.vertx.ext.web.RoutingContext;

import java.util.function.Consumer;

/**
 * Draws this call's fault and acts out the kinds that look the same on every VK host: {@code http_error} (an
 * nginx-style error page with that status), {@code reset} (connection dropped before any work), {@code hang} (no
 * answer, or the normal answer after {@code delayMs}). The platform-shaped kinds go to {@code special} first; what it
 * does not answer, and {@code lost_response}, run the normal work with a {@link Reply} that knows the fault.
 */
final class FaultStage {
  interface Special extends CallFaults.Refusals<Reply> {}

  private FaultStage() {}

  static void run(SandboxKit kit, RoutingContext ctx, String operation, Special special, Consumer<Reply> work) {
    CallFaults.run(kit, "vk", operation, ctx, Reply::new, (f, reply) -> {
      if (!f.kind().equals("http_error")) return special.answer(f, reply);
      reply.html(f.status(), "<html><head><title>" + f.status() + "</title></head><body><center><h1>" + f.status()
          + "</h1></center><hr><center>nginx</center></body></html>");
      return true;
    }, work);
  }
}
