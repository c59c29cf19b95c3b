package io.clipcast.queue;

import io.clipcast.testing.TestServices;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/** A Vert.x, a Redis client and a queue under a random key prefix, on the test JVM's real Redis. */
public final class QueueFixture implements AutoCloseable {
  public final Vertx vertx = Vertx.vertx();
  public final String redisUrl;
  public final String keyPrefix = "t" + UUID.randomUUID().toString().substring(0, 8) + ":";
  public final Redis redis;
  public final JobQueue queue;

  public QueueFixture() {
    this(TestServices.get().redis.url(), RateLimits.none(), 60_000);
  }

  public QueueFixture(String redisUrl, RateLimits limits, long leaseMs) {
    this.redisUrl = redisUrl;
    this.redis = client(8);
    this.queue = new JobQueue(redis, settings(limits, leaseMs));
  }

  public QueueSettings settings(RateLimits limits, long leaseMs) {
    return new QueueSettings(keyPrefix, leaseMs, 16, 1000, 1000, 200, 1024, 200, 2, limits);
  }

  /** A separate client (its own connections), as a worker on another node would have. */
  public Redis client(int poolSize) {
    return Redis.createClient(vertx, new RedisOptions().setConnectionString(redisUrl)
        .setMaxPoolSize(poolSize).setMaxPoolWaiting(100_000).setMaxWaitingHandlers(100_000));
  }

  /** Now on the Redis clock, the one due times are compared with. */
  public long now() {
    return await(queue.redisTimeMs());
  }

  /** One job claimed by worker "w1" for a minute, or null when none is ready. */
  public Lease claimOne() {
    return await(queue.claim(null, "w1", 60_000)).lease();
  }

  public static <T> T await(Future<T> f) {
    try {
      return f.await(60, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  public static PlatformLimits limits(double appRate, int appBurst, double acctRate, int acctBurst) {
    return new PlatformLimits(appRate, appBurst, acctRate, acctBurst);
  }

  public static RateLimits only(String platform, PlatformLimits l) {
    return new RateLimits(Map.of(platform, l));
  }

  @Override
  public void close() {
    try {
      vertx.close().await(30, TimeUnit.SECONDS);
    } catch (Exception ignored) {
      // closing a test Vert.x
    }
  }
}
