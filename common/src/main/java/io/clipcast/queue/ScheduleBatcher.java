package io.clipcast.queue;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Sends schedules together: a schedule made while {@code maxInFlight} calls are already on their way waits for one of
 * them to answer and then goes with every other schedule made meanwhile (up to {@code maxBatch}) in one call, so a
 * burst of new jobs costs Redis a few script runs instead of one per job. A lone schedule goes at once, as before.
 * Each caller's future completes on the caller's own Vert.x context. Thread-safe.
 */
final class ScheduleBatcher {
  private record Pending(JobSpec job, Promise<Boolean> promise, Context context) {}

  private final Function<List<JobSpec>, Future<List<Boolean>>> send;
  private final int maxBatch;
  private final int maxInFlight;
  private final List<Pending> waiting = new ArrayList<>();
  private int inFlight;

  ScheduleBatcher(Function<List<JobSpec>, Future<List<Boolean>>> send, int maxBatch, int maxInFlight) {
    this.send = send;
    this.maxBatch = maxBatch;
    this.maxInFlight = maxInFlight;
  }

  Future<Boolean> add(JobSpec job) {
    Promise<Boolean> promise = Promise.promise();
    List<Pending> batch;
    synchronized (this) {
      waiting.add(new Pending(job, promise, Vertx.currentContext()));
      batch = next();
    }
    if (batch != null) sendBatch(batch);
    return promise.future();
  }

  /** The next batch to send, if a call may go now; called holding the lock. */
  private List<Pending> next() {
    if (inFlight >= maxInFlight || waiting.isEmpty()) return null;
    inFlight++;
    int n = Math.min(maxBatch, waiting.size());
    List<Pending> batch = new ArrayList<>(waiting.subList(0, n));
    waiting.subList(0, n).clear();
    return batch;
  }

  private void sendBatch(List<Pending> batch) {
    Future<List<Boolean>> result;
    try {
      result = send.apply(batch.stream().map(Pending::job).toList());
    } catch (RuntimeException e) {
      result = Future.failedFuture(e);
    }
    result.onComplete(ar -> {
      List<Pending> following;
      synchronized (this) {
        inFlight--;
        following = next();
      }
      if (following != null) sendBatch(following);
      for (int i = 0; i < batch.size(); i++) {
        Pending p = batch.get(i);
        if (ar.succeeded()) {
          boolean queued = ar.result().get(i);
          complete(p, () -> p.promise.complete(queued));
        } else {
          complete(p, () -> p.promise.fail(ar.cause()));
        }
      }
    });
  }

  private static void complete(Pending p, Runnable done) {
    if (p.context == null || p.context == Vertx.currentContext()) {
      done.run();
    } else {
      p.context.runOnContext(v -> done.run());
    }
  }
}
