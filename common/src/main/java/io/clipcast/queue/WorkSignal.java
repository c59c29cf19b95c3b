package io.clipcast.queue;

import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.Request;

/**
 * A worker's own Redis connection for blocking until work may be there (BLPOP on the queue's signal list).
 * Never a pooled connection: a blocked pooled connection would stall every command queued behind it.
 */
public final class WorkSignal {
  private final RedisConnection connection;
  private final String signalKey;

  private WorkSignal(RedisConnection connection, String signalKey) {
    this.connection = connection;
    this.signalKey = signalKey;
  }

  /** Opens a dedicated connection from {@code client} (create the client with pool options sized for it). */
  public static Future<WorkSignal> open(Redis client, JobQueue queue) {
    return client.connect().map(c -> new WorkSignal(c, queue.signalKey()));
  }

  /** Waits up to {@code timeoutMs} for a wake token; true when one came. */
  public Future<Boolean> await(long timeoutMs) {
    double seconds = Math.max(0.01, timeoutMs / 1000.0);
    return connection.send(Request.cmd(Command.BLPOP).arg(signalKey).arg(String.format(java.util.Locale.ROOT, "%.3f", seconds)))
        .map(r -> r != null);
  }

  public Future<Void> close() {
    return connection.close();
  }
}
