package io.clipcast.config;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import io.clipcast.redis.RedisClients;

import java.util.List;

/**
 * Checks the {@code redis} block: the mode is one the client knows, and the mode has what it needs (a url for
 * standalone; sentinel or cluster endpoints, and the primary's name for sentinel). See docs/operations/redis.md.
 */
final class RedisConfigRules {
  private static final List<String> MODES = RedisClients.MODES;

  private RedisConfigRules() {}

  static void check(JsonObject c) {
    JsonObject redis = c.getJsonObject("redis");
    String mode = redis.getString("mode");
    if (!MODES.contains(mode)) {
      throw new ConfigException("redis.mode", "Config key 'redis.mode' must be one of " + String.join(", ", MODES) + ", got '" + mode + "'.");
    }
    if (mode.equals("standalone")) {
      String url = redis.getString("url");
      if (!isRedisUrl(url) && !url.startsWith("unix://")) {
        throw new ConfigException("redis.url", "Config key 'redis.url' must start with redis://, rediss:// or unix://, got " + url + ".");
      }
      return;
    }
    JsonArray endpoints = redis.getJsonArray("endpoints");
    String what = mode.equals("sentinel") ? "the sentinels" : "some of the cluster's nodes";
    if (endpoints.isEmpty()) {
      throw new ConfigException("redis.endpoints", "Config key 'redis.endpoints' must list " + what + " as redis://host:port when redis.mode is "
          + mode + "; e.g. CLIPCAST_REDIS_ENDPOINTS=redis://10.0.0.5:" + (mode.equals("sentinel") ? "26379" : "6379")
          + ",redis://10.0.0.6:" + (mode.equals("sentinel") ? "26379" : "6379") + ".");
    }
    for (Object e : endpoints) {
      if (!(e instanceof String s) || !isRedisUrl(s)) {
        throw new ConfigException("redis.endpoints", "Config key 'redis.endpoints' must list redis://host:port or rediss://host:port URLs, got " + e + ".");
      }
    }
    if (mode.equals("sentinel") && redis.getJsonObject("sentinel").getString("masterName").isBlank()) {
      throw new ConfigException("redis.sentinel.masterName", "Config key 'redis.sentinel.masterName' must name the primary the sentinels"
          + " monitor (their 'sentinel monitor <name> …' line) when redis.mode is sentinel.");
    }
  }

  private static boolean isRedisUrl(String url) {
    return url.startsWith("redis://") || url.startsWith("rediss://");
  }
}
