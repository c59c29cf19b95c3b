package io.clipcast.scheduler;

import io.clipcast.queue.JobQueue;
import io.clipcast.queue.Promotion;
import io.clipcast.queue.Requeue;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Promotes due jobs and returns expired leases, then sleeps until the earliest due time or lease expiry (capped),
 * unless woken earlier ({@link #wake()}, driven by the queue's pub/sub channel). Any number of loops may run on any
 * number of nodes: the scripts hand each job over once.
 */
final class PromotionLoop {
  private static final Logger log = LoggerFactory.getLogger(PromotionLoop.class);

  private final Vertx vertx;
  private final JobQueue queue;
  private final QueueMetrics metrics;
  private final int batch;
  private final long maxSleepMs;
  private long timerId = -1;
  private boolean running;
  private boolean wokenWhileRunning;
  private boolean stopped;

  PromotionLoop(Vertx vertx, JobQueue queue, QueueMetrics metrics) {
    this.vertx = vertx;
    this.queue = queue;
    this.metrics = metrics;
    this.batch = queue.settings().promoteBatch();
    this.maxSleepMs = queue.settings().schedulerMaxSleepMs();
  }

  void start() {
    pass();
  }

  /** An earlier job arrived: stop sleeping. Called on this verticle's context. */
  void wake() {
    if (stopped) return;
    if (running) {
      wokenWhileRunning = true;
      return;
    }
    if (timerId >= 0) vertx.cancelTimer(timerId);
    timerId = -1;
    pass();
  }

  void stop() {
    stopped = true;
    if (timerId >= 0) vertx.cancelTimer(timerId);
  }

  private void pass() {
    running = true;
    queue.requeueExpired(batch).compose(requeue -> queue.promoteDue(batch).map(p -> {
      metrics.recordPass(p, requeue);
      return sleepAfter(p, requeue);
    })).onComplete(ar -> {
      running = false;
      if (stopped) return;
      long sleep;
      if (ar.failed()) {
        log.warn("promotion pass failed; retrying in {} ms: {}", maxSleepMs, ar.cause().getMessage());
        sleep = maxSleepMs;
      } else {
        sleep = wokenWhileRunning ? 0 : ar.result();
      }
      wokenWhileRunning = false;
      if (sleep == 0) {
        vertx.runOnContext(v -> pass());
      } else {
        timerId = vertx.setTimer(sleep, id -> {
          timerId = -1;
          pass();
        });
      }
    });
  }

  private long sleepAfter(Promotion p, Requeue r) {
    if (p.promoted() >= batch || r.requeued() >= batch) return 0; // more is waiting right now
    long sleep = maxSleepMs;
    if (p.nextDueInMs() >= 0) sleep = Math.min(sleep, p.nextDueInMs());
    if (r.nextExpiryInMs() >= 0) sleep = Math.min(sleep, r.nextExpiryInMs());
    return Math.max(1, sleep); // a job due within the current millisecond: look again in 1 ms, not in a spin
  }
}
