package io.clipcast.redis;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;

/** Creates Redis clients from the {@code redis} config block. */
public final class RedisClients {
  private RedisClients() {}

  public static RedisOptions options(JsonObject redis) {
    JsonObject pool = redis.getJsonObject("pool");
    return new RedisOptions()
        .setConnectionString(redis.getString("url"))
        .setPoolName("clipcast-redis") // a stable name: it is a metrics label, and a random one per client is unbounded
        .setMaxPoolSize(pool.getInteger("maxSize"))
        .setMaxPoolWaiting(pool.getInteger("maxWaiting"));
  }

  /** A pooled client for short commands. Blocking commands (BLMOVE…) must use their own {@code connect()}. */
  public static Redis pooled(Vertx vertx, JsonObject redis) {
    return Redis.createClient(vertx, options(redis));
  }
}
