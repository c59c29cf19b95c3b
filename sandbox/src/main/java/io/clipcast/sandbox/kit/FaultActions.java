package io.clipcast.sandbox.kit;

import io.vertx.core.Vertx;
import io.vertx.core.streams.ReadStream;
import io.vertx.ext.web.RoutingContext;

import java.util.function.BiConsumer;

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

  /**
   * An upload's fault for {@code platform}/{@code operation}, drawn before the body is read: {@code hang} holds the body
   * and then receives it as if nothing was drawn; any other fault (or none) goes to {@code receive} as it is.
   */
  public static void upload(SandboxKit kit, String platform, String operation, RoutingContext ctx, BiConsumer<RoutingContext, Fault> receive) {
    Fault f = kit.faults().take(platform, operation).orElse(null);
    if (f == null || !f.kind().equals("hang")) {
      receive.accept(ctx, f);
      return;
    }
    ctx.request().pause();
    hang(kit.vertx(), f, () -> {
      receive.accept(ctx, null);
      ctx.request().resume();
    });
  }

  /**
   * A body fault acted out as bytes arrive ({@code total} so far): {@code reset} runs {@code cut} once
   * {@code afterBytes} have come, {@code slow} paces the stream.
   */
  public static void midStream(Vertx vertx, ReadStream<?> stream, Fault f, long total, long startedNanos, Runnable cut) {
    if (f == null) return;
    if (f.kind().equals("reset") && total >= f.afterBytes()) cut.run();
    else if (f.kind().equals("slow")) pace(vertx, stream, f.bytesPerSecond(), total, startedNanos);
  }

  /** {@code slow}: reads no faster than {@code bytesPerSecond}, pausing the stream while ahead of that pace. */
  public static void pace(Vertx vertx, ReadStream<?> stream, long bytesPerSecond, long total, long startedNanos) {
    long dueNanos = total * 1_000_000_000L / Math.max(1, bytesPerSecond);
    long aheadMs = (dueNanos - (System.nanoTime() - startedNanos)) / 1_000_000;
    if (aheadMs > 5) {
      stream.pause();
      vertx.setTimer(aheadMs, t -> stream.resume());
    }
  }
}
