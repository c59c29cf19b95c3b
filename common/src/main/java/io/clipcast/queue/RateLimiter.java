package io.clipcast.queue;

import io.vertx.core.Future;
import io.vertx.redis.client.Redis;

import java.util.List;

/**
 * Cluster-wide GCRA token buckets in Redis (one Lua script, Redis clock). The claim script uses the same buckets
 * ({@code app:<platform>}, {@code acct:<platform>:<account>}); this class takes single tokens for calls made
 * outside a claim and pauses a bucket when a platform says 429/flood.
 */
public final class RateLimiter {
  private static final QueueScripts.Script ACQUIRE = QueueScripts.load("rate_acquire");
  private static final QueueScripts.Script PAUSE = QueueScripts.load("pause");

  /** A token, or how long to wait for one; {@code redisNowMs} is when Redis decided. */
  public record Grant(boolean granted, long waitMs, long redisNowMs) {}

  private final Redis redis;
  private final List<String> keys;

  public RateLimiter(Redis redis, String configuredKeyPrefix) {
    this.redis = redis;
    this.keys = QueueScripts.keys(JobQueue.keyPrefix(configuredKeyPrefix));
  }

  public static String appKey(String platform) {
    return "app:" + platform;
  }

  public static String accountKey(String platform, String account) {
    return "acct:" + platform + ":" + account;
  }

  public Future<Grant> acquire(String key, double perSecond, int burst) {
    return QueueScripts.run(redis, ACQUIRE, keys, List.of(key, Double.toString(perSecond), Integer.toString(burst)))
        .map(r -> new Grant(r.get(0).toInteger() == 1, r.get(1).toLong(), r.get(2).toLong()));
  }

  /** Nobody takes from this bucket for {@code retryAfterMs} (a longer pause in force is kept). Returns the pause end. */
  public Future<Long> pause(String key, long retryAfterMs) {
    return QueueScripts.run(redis, PAUSE, keys, List.of(key, Long.toString(Math.max(1, retryAfterMs)))).map(r -> r.toLong());
  }
}
