package io.clipcast.sandbox.kit;

import io.vertx.ext.web.RoutingContext;

import java.util.function.BiFunction;
import java.util.function.Consumer;

/**
 * Draws one call's fault and acts out the kinds that look the same on every platform: {@code reset} (connection dropped
 * before any work) and {@code hang} (no answer, or the normal answer after {@code delayMs}). The platform-shaped kinds
 * ({@code http_error}, {@code rate_limit}, …) go to the platform's {@link Refusals} first; what it does not answer runs
 * the work with a reply that knows the fault ({@code lost_response}, {@code processing_failure}, …).
 */
public final class CallFaults {
  /** A platform's answers to drawn faults in its own error shape. */
  public interface Refusals<R extends Reply> {
    /** True when the fault was answered here (the work must not run). */
    boolean answer(Fault fault, R reply);
  }

  private CallFaults() {}

  public static <R extends Reply> void run(SandboxKit kit, String platform, String operation, RoutingContext ctx,
                                           BiFunction<RoutingContext, Fault, R> replies, Refusals<R> refusals, Consumer<R> work) {
    act(kit, kit.faults().take(platform, operation).orElse(null), ctx, replies, refusals, work);
  }

  /** {@link #run} with a fault drawn earlier (before an upload's body was read); null = none. */
  public static <R extends Reply> void act(SandboxKit kit, Fault f, RoutingContext ctx, BiFunction<RoutingContext, Fault, R> replies,
                                           Refusals<R> refusals, Consumer<R> work) {
    R reply = replies.apply(ctx, f);
    if (f == null) {
      work.accept(reply);
      return;
    }
    switch (f.kind()) {
      case "reset" -> FaultActions.dropConnection(ctx);
      case "hang" -> FaultActions.hang(kit.vertx(), f, () -> work.accept(replies.apply(ctx, null)));
      default -> {
        if (!refusals.answer(f, reply)) work.accept(reply);
      }
    }
  }
}
