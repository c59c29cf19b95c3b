package io.clipcast.api.auth;

import io.clipcast.web.ApiError;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.json.JsonObject;

import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Where passwords are hashed and checked: argon2id takes 19 MiB and tens of milliseconds of CPU per call, so a burst
 * of sign-ups or sign-ins must neither exhaust memory nor starve other blocking work. Hashes run on a pool of
 * {@code auth.hashThreads} threads shared by the node's API instances (the memory bound: threads × 19 MiB); at most
 * {@code auth.hashMaxPending} calls per API instance run or wait for it, and beyond that the request is answered at
 * once with 503 and Retry-After instead of queueing without bound.
 */
public final class PasswordWork {
  private final WorkerExecutor pool;
  private final int maxPending;
  private final AtomicInteger pending = new AtomicInteger();

  public PasswordWork(Vertx vertx, JsonObject auth) {
    this.pool = vertx.createSharedWorkerExecutor("clipcast-password-hashing", auth.getInteger("hashThreads"));
    this.maxPending = auth.getInteger("hashMaxPending");
  }

  /** Runs {@code work} on the hashing pool, or fails with 503 {@code server_busy} when too many are already waiting. */
  public <T> Future<T> run(Callable<T> work) {
    if (pending.incrementAndGet() > maxPending) {
      pending.decrementAndGet();
      return Future.failedFuture(busy());
    }
    return pool.executeBlocking(work, false).andThen(done -> pending.decrementAndGet());
  }

  static boolean isBusy(Throwable e) {
    return e instanceof ApiError a && a.code().equals("server_busy");
  }

  private static ApiError busy() {
    return new ApiError(503, "server_busy", "The server is checking many passwords right now; try again in a second.", null, 1);
  }
}
