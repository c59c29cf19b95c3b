package io.clipcast.queue;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Runs up to {@code concurrency} jobs at once on one event loop, the way a publish verticle instance works its
 * uploads: free slots are filled with one claim call for as many jobs as there are free slots, and finished jobs are
 * acknowledged together in one call per round trip (whatever finished while the previous ack was in flight), in
 * parallel with the next claim. When
 * nothing is claimable it blocks on its own Redis connection until woken, until a throttled bucket frees up, or
 * until the block timeout.
 *
 * <p>The handler answers with a {@link QueueInstruction}, a value: ack, or back in the queue after a delay (the
 * handler has decided and recorded why). A handler that fails instead (a bug, the database unreachable) gives its
 * job back after one lease time, as if its lease had expired; no retry policy is applied here.
 * Must be created and used on one Vert.x context.
 */
public final class WorkerPool {
  private static final Logger log = LoggerFactory.getLogger(WorkerPool.class);

  private final Vertx vertx;
  private final JobQueue queue;
  private final WorkSignal signal;
  private final String platform;
  private final String workerId;
  private final int concurrency;
  private final Function<Lease, Future<QueueInstruction>> handler;
  private final List<Lease> toAck = new ArrayList<>();
  private int held;
  private boolean claiming;
  private boolean acking;
  private boolean waiting;
  private boolean stopped;
  private java.util.function.Consumer<Lease> onAcked = lease -> { };

  public WorkerPool(Vertx vertx, JobQueue queue, WorkSignal signal, String platform, String workerId, int concurrency,
                    Function<Lease, Future<QueueInstruction>> handler) {
    this.vertx = vertx;
    this.queue = queue;
    this.signal = signal;
    this.platform = platform;
    this.workerId = workerId;
    this.concurrency = concurrency;
    this.handler = handler;
  }

  /** Called for each job once its ack has been confirmed by Redis (for metrics and benchmarks). */
  public WorkerPool onAcked(java.util.function.Consumer<Lease> listener) {
    this.onAcked = listener;
    return this;
  }

  public void start() {
    fill();
  }

  /** Stops claiming; jobs in hand finish (and are acknowledged) on their own. */
  public Future<Void> stop() {
    stopped = true;
    return signal.close();
  }

  /** Jobs being worked on right now (claimed, handler not finished). */
  public int held() {
    return held;
  }

  private void fill() {
    if (stopped || claiming || waiting || held >= concurrency) return;
    claiming = true;
    int want = concurrency - held;
    queue.claimMany(platform, workerId, queue.settings().leaseMs(), want).onComplete(ar -> {
      claiming = false;
      if (ar.failed()) {
        log.warn("claim failed; retrying in {} ms: {}", queue.settings().blockTimeoutMs(), ar.cause().getMessage());
        pauseThenFill(queue.settings().blockTimeoutMs());
        return;
      }
      ClaimBatch batch = ar.result();
      held += batch.leases().size();
      batch.leases().forEach(this::run);
      if (batch.leases().size() == want) {
        fill(); // there may be more; a full pool simply returns
      } else if (held < concurrency) {
        long block = queue.settings().blockTimeoutMs();
        await(batch.retryAfterMs() >= 0 ? Math.min(block, Math.max(1, batch.retryAfterMs())) : block);
      }
    });
  }

  private void await(long ms) {
    waiting = true;
    signal.await(ms).onComplete(ar -> {
      waiting = false;
      if (ar.failed() && !stopped) {
        pauseThenFill(queue.settings().blockTimeoutMs());
      } else {
        fill();
      }
    });
  }

  private void pauseThenFill(long ms) {
    waiting = true;
    vertx.setTimer(ms, t -> {
      waiting = false;
      fill();
    });
  }

  private void run(Lease lease) {
    Future<QueueInstruction> result;
    try {
      result = handler.apply(lease);
    } catch (RuntimeException e) {
      result = Future.failedFuture(e);
    }
    result.onComplete(ar -> {
      QueueInstruction next = ar.succeeded() && ar.result() != null ? ar.result() : QueueInstruction.ACK;
      if (ar.failed()) {
        log.warn("job {} failed unexpectedly; it comes back after one lease time: {}", lease.jobId(), String.valueOf(ar.cause()));
        next = QueueInstruction.requeueAfter(queue.settings().leaseMs());
      }
      if (next instanceof QueueInstruction.RequeueAfter r) {
        queue.nack(lease, r.delayMs()).onFailure(e -> log.warn("nack of {} failed (its lease will expire): {}", lease.jobId(), e.getMessage()));
      } else if (next instanceof QueueInstruction.RecheckAfter r) {
        queue.recheck(lease, r.delayMs()).onFailure(e -> log.warn("recheck of {} failed (its lease will expire): {}", lease.jobId(), e.getMessage()));
      } else {
        toAck.add(lease);
        flushAcks();
      }
      // the slot is free once the work is done; the ack travels with the next batch while new work is claimed
      held--;
      fill();
    });
  }

  private void flushAcks() {
    if (acking || toAck.isEmpty()) return;
    acking = true;
    List<Lease> batch = new ArrayList<>(toAck);
    toAck.clear();
    queue.ackMany(batch).onComplete(ar -> {
      acking = false;
      if (ar.failed()) {
        log.warn("ack of {} job(s) failed: {}", batch.size(), ar.cause().getMessage());
      } else {
        for (int i = 0; i < batch.size(); i++) {
          if (ar.result().get(i)) onAcked.accept(batch.get(i));
        }
      }
      flushAcks();
    });
  }
}
