package io.clipcast.queue;

import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.Request;

/**
 * A worker's own Redis connection for blocking until work may be there (BLPOP on the queue's signal list).
 * Never a pooled connection: a blocked pooled connection would stall every command queued behind it.
 *
 * <p>In every {@code redis.mode} the connection comes from the client's own {@code connect()}: a cluster client's
 * connection sends BLPOP to the master of the signal key's slot, a sentinel client's to the current primary. A
 * connection that fails (the primary died, a failover closed it) is dropped and the next wait opens a new one, which
 * then reaches the new primary (docs/operations/redis.md "Failover").
 */
public final class WorkSignal {
  private final Redis client;
  private final String signalKey;
  private volatile RedisConnection connection;
  private volatile boolean closed;

  private WorkSignal(Redis client, RedisConnection connection, String signalKey) {
    this.client = client;
    this.signalKey = signalKey;
    watch(connection);
  }

  /** Opens a dedicated connection from {@code client} (create the client with pool options sized for it). */
  public static Future<WorkSignal> open(Redis client, JobQueue queue) {
    return client.connect().map(c -> new WorkSignal(client, c, queue.signalKey()));
  }

  /** Waits up to {@code timeoutMs} for a wake token; true when one came. Fails (and reconnects next time) on a lost connection. */
  public Future<Boolean> await(long timeoutMs) {
    if (closed) return Future.failedFuture(new IllegalStateException("work signal closed"));
    double seconds = Math.max(0.01, timeoutMs / 1000.0);
    Request blpop = Request.cmd(Command.BLPOP).arg(signalKey).arg(String.format(java.util.Locale.ROOT, "%.3f", seconds));
    return connection().compose(c -> c.send(blpop).onFailure(e -> drop(c))).map(r -> r != null);
  }

  private Future<RedisConnection> connection() {
    RedisConnection c = connection;
    if (c != null) return Future.succeededFuture(c);
    return client.connect().map(fresh -> {
      if (closed) {
        fresh.close();
        throw new IllegalStateException("work signal closed");
      }
      watch(fresh);
      return fresh;
    });
  }

  private void watch(RedisConnection c) {
    connection = c;
    c.exceptionHandler(e -> drop(c));
    c.endHandler(v -> drop(c));
  }

  private void drop(RedisConnection c) {
    if (connection == c) {
      connection = null;
      c.close();
    }
  }

  public Future<Void> close() {
    closed = true;
    RedisConnection c = connection;
    connection = null;
    return c == null ? Future.succeededFuture() : c.close();
  }
}
