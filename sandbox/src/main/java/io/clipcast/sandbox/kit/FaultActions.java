package io.clipcast.sandbox.kit;

import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;

/** The platform-neutral ways to act a fault out; the platform-specific ones (error bodies) stay in each simulator. */
public final class FaultActions {
  private FaultActions() {}

  /** {@code hang}: answer nothing (delayMs = 0), or run {@code then} after the delay. */
  public static void hang(Vertx vertx, Fault f, Runnable then) {
    if (f.delayMs() > 0) vertx.setTimer(f.delayMs(), t -> then.run());
  }

  /** {@code reset} before reading, and {@code lost_response} after the work is done: drop the connection, no answer. */
  public static void dropConnection(RoutingContext ctx) {
    ctx.request().connection().close();
  }
}
