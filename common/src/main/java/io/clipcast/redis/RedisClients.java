package io.clipcast.redis;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisClientType;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.RedisReplicas;
import io.vertx.redis.client.RedisRole;

import java.util.List;

/**
 * Creates Redis clients from the {@code redis} config block; every client of the system comes from here, so all of
 * them follow {@code redis.mode} (docs/operations/redis.md):
 * <ul>
 *   <li>{@code standalone}: one server at {@code redis.url};</li>
 *   <li>{@code sentinel}: the primary of {@code redis.sentinel.masterName}, found through the sentinels in
 *       {@code redis.endpoints}; after a failover new connections reach the new primary;</li>
 *   <li>{@code cluster}: a Redis Cluster reached through any of {@code redis.endpoints}; commands go to the master of
 *       their keys' slot (never a replica: the queue reads what it just wrote).</li>
 * </ul>
 */
public final class RedisClients {
  public static final List<String> MODES = List.of("standalone", "sentinel", "cluster");

  private RedisClients() {}

  public static RedisOptions options(JsonObject redis) {
    JsonObject pool = redis.getJsonObject("pool");
    RedisOptions options = new RedisOptions()
        .setPoolName("clipcast-redis") // a stable name: it is a metrics label, and a random one per client is unbounded
        .setMaxPoolSize(pool.getInteger("maxSize"))
        .setMaxPoolWaiting(pool.getInteger("maxWaiting"));
    switch (mode(redis)) {
      case "sentinel":
        return options.setType(RedisClientType.SENTINEL)
            .setEndpoints(endpoints(redis))
            .setMasterName(redis.getJsonObject("sentinel").getString("masterName"))
            .setRole(RedisRole.MASTER)
            // No client-side auto failover: in Vert.x redis 5.0.8 it re-resolves the primary from a topology cached for
            // a second, reconnects to the dead one and leaves the connection hanging. Instead a connection to the old
            // primary fails (killed, or disconnected by the sentinels when they demote it) and the next connection is
            // resolved through the sentinels again: the pool evicts dead connections, WorkSignal reopens its own.
            .setAutoFailover(false);
      case "cluster":
        return options.setType(RedisClientType.CLUSTER)
            .setEndpoints(endpoints(redis))
            .setUseReplicas(RedisReplicas.NEVER)
            // Vert.x redis client 5.0.8 can deadlock its pool when the slot map is refreshed under load (fixed in 5.0.10,
            // vertx-redis-client commit a9c987da): refresh on a MOVED answer only, not every second (docs/operations/redis.md)
            .setHashSlotCacheTTL(redis.getJsonObject("cluster").getLong("slotCacheTtlMs"));
      default:
        return options.setType(RedisClientType.STANDALONE).setConnectionString(redis.getString("url"));
    }
  }

  /** A pooled client for short commands. Blocking commands (BLPOP…) must use their own {@code connect()}. */
  public static Redis pooled(Vertx vertx, JsonObject redis) {
    return Redis.createClient(vertx, options(redis));
  }

  /** A client whose {@code connect()} gives one dedicated connection, for a blocking command (WorkSignal). */
  public static Redis dedicated(Vertx vertx, JsonObject redis) {
    return Redis.createClient(vertx, options(redis).setMaxPoolSize(1));
  }

  public static String mode(JsonObject redis) {
    return redis.getString("mode", "standalone");
  }

  private static List<String> endpoints(JsonObject redis) {
    JsonArray list = redis.getJsonArray("endpoints", new JsonArray());
    return list.stream().map(Object::toString).toList();
  }
}
