package io.clipcast.queue;

import io.vertx.core.Future;

/**
 * A worker's claim loop: claim; when nothing is claimable, block on the worker's own connection until woken, until
 * a throttled bucket frees up, or until the block timeout — then claim again.
 */
public final class Claimer {
  private final JobQueue queue;
  private final WorkSignal signal;
  private final String platform;
  private final String workerId;
  private volatile boolean closed;

  public Claimer(JobQueue queue, WorkSignal signal, String platform, String workerId) {
    this.queue = queue;
    this.signal = signal;
    this.platform = platform;
    this.workerId = workerId;
  }

  /** The next lease; completes when one is had (or fails once closed). */
  public Future<Lease> next() {
    if (closed) return Future.failedFuture(new IllegalStateException("claimer closed"));
    return queue.claim(platform, workerId, queue.settings().leaseMs()).compose(c -> {
      if (c.claimed()) return Future.succeededFuture(c.lease());
      long block = queue.settings().blockTimeoutMs();
      long wait = c.retryAfterMs() >= 0 ? Math.min(block, Math.max(1, c.retryAfterMs())) : block;
      return signal.await(wait).compose(woken -> next());
    });
  }

  public Future<Void> close() {
    closed = true;
    return signal.close();
  }
}
