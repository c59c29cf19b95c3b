package io.clipcast.queue;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Runs up to {@code concurrency} jobs at once on one event loop, the way a publish verticle instance works its
 * uploads: free slots are filled with one claim call for as many jobs as there are free slots, and the jobs finished
 * since the last call are acknowledged in that same call ({@link JobQueue#ackAndClaim}); when no claim can go (the pool
 * is full, waiting for work, or stopping) they are acknowledged together on their own. When
 * nothing is claimable it blocks on its own Redis connection until woken, until a throttled bucket frees up, or
 * until the block timeout.
 *
 * <p>The handler answers with a {@link QueueInstruction}, a value: ack, or back in the queue after a delay (the
 * handler has decided and recorded why). A handler that fails instead (a bug, the database unreachable) gives its
 * job back after one lease time, as if its lease had expired; no retry policy is applied here.
 *
 * <p>A graceful stop ({@link #stop(long)}) stops claiming, lets the jobs in hand finish, and hands back whatever is still
 * running at its deadline: due at once, so another worker takes it over without waiting for the lease to run out.
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
  /** The jobs whose handler is running, by job id; a job handed back leaves this map and its late answer is ignored. */
  private final Map<String, Lease> inHand = new LinkedHashMap<>();
  private int held;
  private int returning;
  private boolean claiming;
  /** A claimed batch is being started: jobs finishing meanwhile do not claim on their own. */
  private boolean starting;
  private boolean acking;
  private boolean waiting;
  private boolean stopped;
  private Promise<Void> drained;
  private long handBackTimer = -1;
  private Consumer<Lease> onAcked = lease -> { };
  private Consumer<Lease> onHandedBack = lease -> { };

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
  public WorkerPool onAcked(Consumer<Lease> listener) {
    this.onAcked = listener;
    return this;
  }

  /** Called for each job a graceful stop handed back to the queue unfinished, once Redis has taken it back. */
  public WorkerPool onHandedBack(Consumer<Lease> listener) {
    this.onHandedBack = listener;
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

  /**
   * The graceful stop: no more claims; the jobs in hand may finish until {@code handBackAfterMs} from now, and every
   * one still running then goes back to the queue due at once ({@link JobQueue#nack} with no delay, attempt count
   * kept). What the handler saved so far (the upload state in Postgres) is untouched, so the next worker resumes it;
   * the abandoned handler's later answer is ignored here, and its status writes name a fence the next claim replaces.
   * Completes when nothing is in hand any more and every ack, requeue and hand-back has had its answer from Redis.
   */
  public Future<Void> stop(long handBackAfterMs) {
    if (drained != null) return drained.future();
    drained = Promise.promise();
    stopped = true;
    signal.close().onFailure(e -> log.debug("closing the work signal: {}", e.getMessage()));
    if (!inHand.isEmpty()) {
      log.info("stopping: waiting up to {} ms for {} job(s) in hand", handBackAfterMs, inHand.size());
      handBackTimer = vertx.setTimer(Math.max(1, handBackAfterMs), t -> {
        handBackTimer = -1;
        handBackAll();
      });
    }
    checkDrained();
    return drained.future();
  }

  private void handBackAll() {
    List<Lease> unfinished = new ArrayList<>(inHand.values());
    inHand.clear();
    log.info("stopping: handing {} unfinished job(s) back to the queue", unfinished.size());
    unfinished.forEach(this::handBack);
  }

  private void handBack(Lease lease) {
    returning++;
    queue.nack(lease, 0).onComplete(ar -> {
      returning--;
      if (ar.succeeded()) {
        onHandedBack.accept(lease);
      } else {
        log.warn("hand-back of {} failed (its lease will expire): {}", lease.jobId(), ar.cause().getMessage());
      }
      checkDrained();
    });
  }

  private void checkDrained() {
    if (drained == null || !inHand.isEmpty() || claiming || acking || !toAck.isEmpty() || returning > 0) return;
    if (handBackTimer >= 0) vertx.cancelTimer(handBackTimer);
    drained.tryComplete();
  }

  /** Jobs being worked on right now (claimed, handler not finished). */
  public int held() {
    return held;
  }

  private void fill() {
    if (claiming) return; // finished jobs go with the next claim, which follows this one's answer
    if (stopped || waiting || held >= concurrency) {
      flushAcks(); // no claim now to carry them
      return;
    }
    claiming = true;
    int want = concurrency - held;
    List<Lease> finished = takeAcks();
    queue.ackAndClaim(finished, platform, workerId, queue.settings().leaseMs(), want).onComplete(ar -> {
      claiming = false;
      if (ar.failed()) {
        if (!finished.isEmpty()) log.warn("ack of {} job(s) failed: {}", finished.size(), ar.cause().getMessage());
        log.warn("claim failed; retrying in {} ms: {}", queue.settings().blockTimeoutMs(), ar.cause().getMessage());
        pauseThenFill(queue.settings().blockTimeoutMs());
        checkDrained();
        return;
      }
      ClaimBatch batch = ar.result();
      acked(finished, batch.acked());
      if (stopped) {
        // claimed while a stop began: nothing was started, so the jobs go straight back for another worker
        batch.leases().forEach(this::handBack);
        flushAcks();
        checkDrained();
        return;
      }
      held += batch.leases().size();
      // jobs that finish at once wait for the whole batch to start, so the next claim asks for all the free slots
      starting = true;
      batch.leases().forEach(this::run);
      starting = false;
      if (batch.leases().size() == want) {
        fill(); // there may be more; a full pool simply returns
      } else if (held < concurrency) {
        long block = queue.settings().blockTimeoutMs();
        await(batch.retryAfterMs() >= 0 ? Math.min(block, Math.max(1, batch.retryAfterMs())) : block);
      } else {
        flushAcks();
      }
      checkDrained();
    });
  }

  private List<Lease> takeAcks() {
    if (toAck.isEmpty()) return List.of();
    List<Lease> batch = new ArrayList<>(toAck);
    toAck.clear();
    return batch;
  }

  private void acked(List<Lease> batch, List<Boolean> ok) {
    for (int i = 0; i < batch.size(); i++) {
      if (ok.get(i)) onAcked.accept(batch.get(i));
    }
  }

  private void await(long ms) {
    waiting = true;
    flushAcks(); // nothing to claim, so the finished jobs go on their own
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
    flushAcks();
    vertx.setTimer(ms, t -> {
      waiting = false;
      fill();
    });
  }

  private void run(Lease lease) {
    inHand.put(lease.jobId(), lease);
    Future<QueueInstruction> result;
    try {
      result = handler.apply(lease);
    } catch (RuntimeException e) {
      result = Future.failedFuture(e);
    }
    result.onComplete(ar -> {
      if (inHand.remove(lease.jobId()) == null) {
        // handed back by a stop: the lease is no longer ours, nothing to acknowledge
        held--;
        return;
      }
      QueueInstruction next = ar.succeeded() && ar.result() != null ? ar.result() : QueueInstruction.ACK;
      if (ar.failed()) {
        log.warn("job {} failed unexpectedly; it comes back after one lease time: {}", lease.jobId(), String.valueOf(ar.cause()));
        next = QueueInstruction.requeueAfter(queue.settings().leaseMs());
      }
      if (next instanceof QueueInstruction.RequeueAfter r) {
        returned(queue.nack(lease, r.delayMs()), "nack", lease);
      } else if (next instanceof QueueInstruction.RecheckAfter r) {
        returned(queue.recheck(lease, r.delayMs()), "recheck", lease);
      } else {
        toAck.add(lease);
      }
      // the slot is free once the work is done; the ack travels with the claim that fills it (or on its own when no
      // claim can go now)
      held--;
      if (!starting) fill();
      checkDrained();
    });
  }

  private void returned(Future<Void> requeue, String what, Lease lease) {
    returning++;
    requeue.onComplete(ar -> {
      returning--;
      if (ar.failed()) log.warn("{} of {} failed (its lease will expire): {}", what, lease.jobId(), ar.cause().getMessage());
      checkDrained();
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
        acked(batch, ar.result());
      }
      flushAcks();
      checkDrained();
    });
  }
}
