package io.clipcast.platforms.meta;

import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Polls a platform-side job within one attempt: asks, and while the answer is "not yet" waits (from
 * {@code firstPollMs}, doubling up to {@code maxPollMs}) and asks again, until {@code pollBudgetMs} is spent. Answers
 * the last reading either way; the caller decides what "not yet" means for the attempt (pending).
 */
public final class Polling {
  private Polling() {}

  public static <T> Future<T> until(Vertx vertx, MetaTimeouts t, Supplier<Future<T>> ask, Function<T, Boolean> settled) {
    return step(vertx, t, ask, settled, System.currentTimeMillis() + t.pollBudgetMs(), t.firstPollMs());
  }

  private static <T> Future<T> step(Vertx vertx, MetaTimeouts t, Supplier<Future<T>> ask, Function<T, Boolean> settled, long deadline,
                                    long wait) {
    return ask.get().compose(reading -> {
      if (settled.apply(reading) || System.currentTimeMillis() + wait > deadline) return Future.succeededFuture(reading);
      return vertx.timer(wait).compose(v -> step(vertx, t, ask, settled, deadline, Math.min(t.maxPollMs(), wait * 2)));
    });
  }
}
