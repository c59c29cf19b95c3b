package io.clipcast.config;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConfigLayersTest {
  @TempDir
  Path dir;

  private Path file(String json) throws Exception {
    Path f = Files.createTempFile(dir, "conf", ".json");
    Files.writeString(f, json);
    return f;
  }

  @Test
  void defaultsAloneComeFromConfDefaultJson() {
    JsonObject c = ConfigLayers.fromDefaults().build();
    assertEquals(8080, c.getJsonObject("http").getInteger("port"));
    assertEquals(2, c.getJsonObject("verticles").getInteger("publish"));
    assertEquals("clipcast:", c.getJsonObject("redis").getString("keyPrefix"));
  }

  @Test
  void fileOverridesDefaultsAndKeepsTheRest() throws Exception {
    JsonObject c = ConfigLayers.fromDefaults()
        .withFile(file("{\"http\":{\"port\":9999},\"verticles\":{\"publish\":7}}")).build();
    assertEquals(9999, c.getJsonObject("http").getInteger("port"));
    assertEquals(7, c.getJsonObject("verticles").getInteger("publish"));
    assertEquals("0.0.0.0", c.getJsonObject("http").getString("host"), "untouched keys keep their default");
    assertEquals(1, c.getJsonObject("verticles").getInteger("api"));
  }

  @Test
  void envOverridesFileWhichOverridesProfile() throws Exception {
    JsonObject c = ConfigLayers.fromDefaults()
        .withResource("conf/dev.json")
        .withFile(file("{\"http\":{\"port\":9999,\"host\":\"10.0.0.1\"},\"sandbox\":{\"port\":7001}}"))
        .withEnv(Map.of("CLIPCAST_HTTP_PORT", "7777", "CLIPCAST_DB_POOL_MAX_SIZE", "3",
            "CLIPCAST_CLUSTER_MEMBERS", "10.0.0.5:5701, 10.0.0.6:5701", "CLIPCAST_DB_MIGRATE", "false",
            "PATH", "/usr/bin", "CLIPCAST_CONFIG", "ignored-here"))
        .build();
    assertEquals(7777, c.getJsonObject("http").getInteger("port"), "env beats file");
    assertEquals("10.0.0.1", c.getJsonObject("http").getString("host"), "file beats the dev profile");
    assertTrue(c.getJsonObject("sandbox").getBoolean("enabled"), "the dev profile beats defaults");
    assertEquals(7001, c.getJsonObject("sandbox").getInteger("port"));
    assertEquals(3, c.getJsonObject("db").getJsonObject("pool").getInteger("maxSize"), "camelCase keys map to SNAKE_CASE");
    assertEquals(new JsonArray().add("10.0.0.5:5701").add("10.0.0.6:5701"), c.getJsonObject("cluster").getJsonArray("members"));
    assertFalse(c.getJsonObject("db").getBoolean("migrate"));
  }

  @Test
  void unknownKeyInFileFailsNamingTheKey() throws Exception {
    Path f = file("{\"http\":{\"prot\":8080}}");
    ConfigException e = assertThrows(ConfigException.class, () -> ConfigLayers.fromDefaults().withFile(f));
    assertEquals("http.prot", e.key());
    assertTrue(e.getMessage().contains("'http.prot'") && e.getMessage().contains("port"), e.getMessage());
  }

  @Test
  void unknownTopLevelBlockFailsNamingIt() throws Exception {
    Path f = file("{\"databse\":{}}");
    ConfigException e = assertThrows(ConfigException.class, () -> ConfigLayers.fromDefaults().withFile(f));
    assertEquals("databse", e.key());
  }

  @Test
  void wrongTypeFailsNamingTheKey() throws Exception {
    Path f = file("{\"verticles\":{\"api\":\"two\"}}");
    ConfigException e = assertThrows(ConfigException.class, () -> ConfigLayers.fromDefaults().withFile(f));
    assertEquals("verticles.api", e.key());
    assertTrue(e.getMessage().contains("whole number"), e.getMessage());
    Path g = file("{\"db\":5}");
    assertEquals("db", assertThrows(ConfigException.class, () -> ConfigLayers.fromDefaults().withFile(g)).key());
  }

  @Test
  void outOfRangeValueFailsNamingTheKey() throws Exception {
    Path f = file("{\"verticles\":{\"publish\":-1}}");
    ConfigException e = assertThrows(ConfigException.class, () -> ConfigLayers.fromDefaults().withFile(f).build());
    assertEquals("verticles.publish", e.key());
    ConfigException port = assertThrows(ConfigException.class,
        () -> ConfigLayers.fromDefaults().withEnv(Map.of("CLIPCAST_HTTP_PORT", "70000")).build());
    assertEquals("http.port", port.key());
  }

  @Test
  void clusterWithoutMembersIsRefused() {
    ConfigException e = assertThrows(ConfigException.class,
        () -> ConfigLayers.fromDefaults().withEnv(Map.of("CLIPCAST_CLUSTER_ENABLED", "true")).build());
    assertEquals("cluster.members", e.key());
  }

  @Test
  void malformedJsonFileFailsNamingTheFile() throws Exception {
    Path f = file("{\"http\": {\"port\": 80,}");
    ConfigException e = assertThrows(ConfigException.class, () -> ConfigLayers.fromDefaults().withFile(f));
    assertTrue(e.getMessage().contains(f.toString()) && e.getMessage().contains("not a valid JSON"), e.getMessage());
    Path missing = dir.resolve("nope.json");
    assertTrue(assertThrows(ConfigException.class, () -> ConfigLayers.fromDefaults().withFile(missing))
        .getMessage().contains("does not exist"));
  }

  @Test
  void unknownEnvVariableFailsNamingIt() {
    ConfigException e = assertThrows(ConfigException.class,
        () -> ConfigLayers.fromDefaults().withEnv(Map.of("CLIPCAST_HTTP_PROT", "1")));
    assertEquals("CLIPCAST_HTTP_PROT", e.key());
  }

  @Test
  void badEnvValuesFailNamingTheVariable() {
    ConfigException n = assertThrows(ConfigException.class,
        () -> ConfigLayers.fromDefaults().withEnv(Map.of("CLIPCAST_VERTICLES_API", "many")));
    assertEquals("verticles.api", n.key());
    assertTrue(n.getMessage().contains("CLIPCAST_VERTICLES_API"), n.getMessage());
    ConfigException b = assertThrows(ConfigException.class,
        () -> ConfigLayers.fromDefaults().withEnv(Map.of("CLIPCAST_DB_MIGRATE", "yes")));
    assertEquals("db.migrate", b.key());
  }

  @Test
  void numericListsFromEnvAreNumbers() {
    JsonObject c = ConfigLayers.fromDefaults().withEnv(Map.of("CLIPCAST_RETRY_DELAYS_MS", "1000, 5000")).build();
    assertEquals(new JsonArray().add(1000L).add(5000L), c.getJsonObject("retry").getJsonArray("delaysMs"));
    ConfigException e = assertThrows(ConfigException.class,
        () -> ConfigLayers.fromDefaults().withEnv(Map.of("CLIPCAST_RETRY_DELAYS_MS", "1m,5m")));
    assertEquals("retry.delaysMs", e.key());
    // a platform without rules is refused by the platform catalog at start (platforms module, PlatformCatalogTest)
    assertEquals(new JsonArray().add("vk").add("myspace"), ConfigLayers.fromDefaults()
        .withEnv(Map.of("CLIPCAST_PLATFORMS_ENABLED", "vk,myspace")).build().getJsonObject("platforms").getJsonArray("enabled"));
  }

  @Test
  void everyKeyHasAnEnvName() {
    Map<String, String> names = ConfigLayers.fromDefaults().envNames();
    assertEquals("db.pool.maxWaitQueueSize", names.get("CLIPCAST_DB_POOL_MAX_WAIT_QUEUE_SIZE"));
    assertEquals("verticles.publish", names.get("CLIPCAST_VERTICLES_PUBLISH"));
    assertEquals(ConfigLayers.leafKeys(ConfigLayers.fromDefaults().build(), "").size(), names.size(),
        "no two keys share an environment name");
  }
}
