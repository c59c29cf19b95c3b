package io.clipcast.scheduler;

import io.clipcast.queue.JobQueue;
import io.clipcast.queue.Promotion;
import io.clipcast.queue.Requeue;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Promotes due jobs and returns expired leases, then sleeps until the earliest due time or lease expiry (capped),
 * unless woken earlier ({@link #wake()}, driven by the queue's pub/sub channel). Any number of loops may run on any
 * number of nodes: the scripts hand each job over once.
 *
 * <p>Two things keep the Redis work per job low when jobs fall due one by one (docs/operations/redis.md "Work per job"):
 * <ul>
 *   <li>passes are at least {@code queue.promoteTickMs} apart unless a full batch is waiting, so jobs due within one
 *   tick travel in one promotion (and one claim) instead of one each; a scheduled job is promoted at most one tick
 *   late. Jobs due at once when scheduled do not wait for the loop at all.</li>
 *   <li>expired leases are looked for when the earliest known lease runs out, and otherwise every
 *   {@code queue.requeueCheckMs} (at most a quarter of {@code queue.leaseMs}), not on every pass: a lease taken after a
 *   look expires no earlier than one lease time later.</li>
 * </ul>
 */
final class PromotionLoop {
  private static final Logger log = LoggerFactory.getLogger(PromotionLoop.class);
  private static final Requeue NOT_LOOKED = new Requeue(0, -1);

  private final Vertx vertx;
  private final JobQueue queue;
  private final QueueMetrics metrics;
  private final int batch;
  private final long maxSleepMs;
  private final long tickMs;
  private final long requeueCheckMs;
  /** When (System.nanoTime based ms) expired leases are next looked for. */
  private long requeueDueAt = Long.MIN_VALUE;
  private long timerId = -1;
  private boolean running;
  private boolean wokenWhileRunning;
  private boolean stopped;

  PromotionLoop(Vertx vertx, JobQueue queue, QueueMetrics metrics, long tickMs, long requeueCheckMs) {
    this.vertx = vertx;
    this.queue = queue;
    this.metrics = metrics;
    this.batch = queue.settings().promoteBatch();
    this.maxSleepMs = queue.settings().schedulerMaxSleepMs();
    this.tickMs = tickMs;
    this.requeueCheckMs = Math.max(1, Math.min(requeueCheckMs, queue.settings().leaseMs() / 4));
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
    requeueIfDue().compose(requeue -> queue.promoteDue(batch).map(p -> {
      metrics.recordPass(p, requeue);
      return sleepAfter(p, requeue);
    })).onComplete(ar -> {
      running = false;
      if (stopped) return;
      long sleep;
      if (ar.failed()) {
        log.warn("promotion pass failed; retrying in {} ms: {}", maxSleepMs, ar.cause().getMessage());
        requeueDueAt = Long.MIN_VALUE; // look again with the next pass: the failure may have hidden expiries
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

  private Future<Requeue> requeueIfDue() {
    long now = nowMs();
    if (now < requeueDueAt) return Future.succeededFuture(NOT_LOOKED);
    return queue.requeueExpired(batch).onSuccess(r -> {
      long next = r.requeued() >= batch ? 0 : requeueCheckMs; // a full batch: more may be expired right now
      if (r.nextExpiryInMs() >= 0) next = Math.min(next, r.nextExpiryInMs());
      requeueDueAt = now + next;
    });
  }

  private long sleepAfter(Promotion p, Requeue r) {
    if (p.promoted() >= batch || r.requeued() >= batch) return 0; // more is waiting right now
    long sleep = Math.min(maxSleepMs, Math.max(0, requeueDueAt - nowMs()));
    if (p.nextDueInMs() >= 0) sleep = Math.min(sleep, p.nextDueInMs());
    return Math.max(tickMs, sleep); // jobs due within a tick go together; never a spin
  }

  private static long nowMs() {
    return System.nanoTime() / 1_000_000;
  }
}
