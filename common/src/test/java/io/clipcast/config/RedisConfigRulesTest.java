package io.clipcast.config;

import io.clipcast.redis.RedisClients;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.RedisClientType;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.RedisReplicas;
import io.vertx.redis.client.RedisRole;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** redis.mode and what each mode needs are checked at start-up, and each mode becomes the client's own mode. */
class RedisConfigRulesTest {
  private static JsonObject build(JsonObject redis) {
    return ConfigLayers.fromDefaults().overlay(new JsonObject().put("redis", redis), "test").build();
  }

  private static ConfigException rejected(JsonObject redis) {
    return assertThrows(ConfigException.class, () -> build(redis));
  }

  @Test
  void standaloneIsTheDefault() {
    JsonObject c = ConfigLayers.fromDefaults().build();
    RedisOptions o = RedisClients.options(c.getJsonObject("redis"));
    assertEquals(RedisClientType.STANDALONE, o.getType());
    assertEquals(List.of("redis://127.0.0.1:6379"), o.getEndpoints());
  }

  @Test
  void unknownModeIsRefused() {
    ConfigException e = rejected(new JsonObject().put("mode", "replication"));
    assertEquals("redis.mode", e.key());
    assertTrue(e.getMessage().contains("standalone, sentinel, cluster"), e.getMessage());
  }

  @Test
  void sentinelAndClusterNeedEndpoints() {
    ConfigException e = rejected(new JsonObject().put("mode", "sentinel"));
    assertEquals("redis.endpoints", e.key());
    assertTrue(e.getMessage().contains("sentinels"), e.getMessage());
    assertEquals("redis.endpoints", rejected(new JsonObject().put("mode", "cluster")).key());
    assertEquals("redis.endpoints", rejected(new JsonObject().put("mode", "cluster")
        .put("endpoints", new JsonArray().add("10.0.0.5:6379"))).key());
    assertEquals("redis.sentinel.masterName", rejected(new JsonObject().put("mode", "sentinel")
        .put("endpoints", new JsonArray().add("redis://10.0.0.5:26379")).put("sentinel", new JsonObject().put("masterName", " "))).key());
    assertEquals("redis.url", rejected(new JsonObject().put("url", "10.0.0.5:6379")).key());
  }

  @Test
  void sentinelModeFollowsThePrimary() {
    JsonObject c = build(new JsonObject().put("mode", "sentinel")
        .put("endpoints", new JsonArray().add("redis://10.0.0.5:26379").add("redis://10.0.0.6:26379"))
        .put("sentinel", new JsonObject().put("masterName", "queue")));
    RedisOptions o = RedisClients.options(c.getJsonObject("redis"));
    assertEquals(RedisClientType.SENTINEL, o.getType());
    assertEquals(List.of("redis://10.0.0.5:26379", "redis://10.0.0.6:26379"), o.getEndpoints());
    assertEquals("queue", o.getMasterName());
    assertEquals(RedisRole.MASTER, o.getRole());
    assertFalse(o.isAutoFailover(), "a dead primary's connections fail and new ones are resolved anew (docs/operations/redis.md)");
  }

  @Test
  void clusterModeUsesMastersOnly() {
    JsonObject c = build(new JsonObject().put("mode", "cluster").put("endpoints", new JsonArray().add("redis://10.0.0.5:7000")));
    RedisOptions o = RedisClients.options(c.getJsonObject("redis"));
    assertEquals(RedisClientType.CLUSTER, o.getType());
    assertEquals(RedisReplicas.NEVER, o.getUseReplicas());
  }

  @Test
  void endpointsComeFromTheEnvironmentAsAList() {
    assertEquals("CLIPCAST_REDIS_ENDPOINTS", ConfigLayers.envName("redis.endpoints"));
    assertEquals("CLIPCAST_REDIS_SENTINEL_MASTER_NAME", ConfigLayers.envName("redis.sentinel.masterName"));
  }
}
