package io.clipcast.sandbox.vk;

import io.clipcast.sandbox.kit.Fault;
import io.clipcast.sandbox.kit.FaultActions;
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
  interface Special {
    /** True when the fault was answered here (the work must not run). */
    boolean answer(Fault fault, Reply reply);
  }

  private FaultStage() {}

  static void run(SandboxKit kit, RoutingContext ctx, String operation, Special special, Consumer<Reply> work) {
    Fault f = kit.faults().take("vk", operation).orElse(null);
    Reply reply = new Reply(ctx, f);
    if (f == null) {
      work.accept(reply);
      return;
    }
    switch (f.kind()) {
      case "http_error" -> reply.html(f.status(), "<html><head><title>" + f.status() + "</title></head><body><center><h1>" + f.status()
          + "</h1></center><hr><center>nginx</center></body></html>");
      case "reset" -> FaultActions.dropConnection(ctx);
      case "hang" -> FaultActions.hang(kit.vertx(), f, () -> work.accept(new Reply(ctx, null)));
      default -> {
        if (!special.answer(f, reply)) work.accept(reply);
      }
    }
  }
}
