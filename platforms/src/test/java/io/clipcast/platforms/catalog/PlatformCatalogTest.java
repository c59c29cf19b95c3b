package io.clipcast.platforms.catalog;

import io.clipcast.config.ConfigException;
import io.clipcast.config.ConfigLayers;
import io.clipcast.queue.PlatformLimits;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PlatformCatalogTest {
  private static final List<String> NINE = List.of("dzen", "facebook", "instagram", "linkedin", "rutube", "telegram", "tiktok", "vk", "youtube");

  @Test
  void theShippedFilesAreReadOnceIntoTypedRules() {
    PlatformCatalog c = PlatformCatalog.shipped();
    assertSame(c, PlatformCatalog.shipped(), "read once per node");
    assertEquals(NINE, c.all().stream().map(PlatformRules::id).toList());
    for (PlatformRules r : c.all()) {
      assertEquals(500, r.recheck().firstDelayMs(), r.id());
      assertTrue(r.recheck().maxDelayMs() >= 2000, r.id());
      assertFalse(r.media().containers().isEmpty(), r.id());
    }
    PlatformRules vk = c.rules("vk");
    assertEquals("VK Клипы", vk.displayName());
    assertEquals(Integer.valueOf(128), vk.text().titleMaxChars());
    assertFalse(vk.text().titleRequired(), "VK's video.save name is optional (docs/platforms/vk.md)");
    assertNull(vk.media().maxFileBytes(), "no documented size limit");
    assertEquals(5000L, vk.dailyQuota().orElseThrow().perDay());
    assertEquals(new PlatformLimits(0, 1, 0.2, 1), vk.rateLimits().limits(),
        "a VK token's 3 calls/s, no app-wide bucket (docs/platforms/vk.md, Rate limits)");
    assertTrue(c.rules("dzen").dailyQuota().isEmpty());
    assertTrue(c.rules("dzen").feed().orElseThrow().instructions().containsKey("ru"));
    assertNull(c.rules("telegram").text().titleMaxChars(), "Telegram posts have no title");
    assertEquals(50_000_000L, c.rules("telegram").media().maxFileBytes(), "the cloud Bot API");
    assertEquals(2_000_000_000L, c.rules("telegram").forApp(new JsonObject().put("localBotApi", true)).media().maxFileBytes(),
        "a deployment with its own Bot API server");
    assertEquals(76_800L, c.rules("linkedin").media().minFileBytes());
    assertEquals("202610", c.rules("linkedin").api().orElseThrow().version());
    assertEquals("direct", c.rules("tiktok").route().orElseThrow().defaultRoute());
    DailyQuota yt = c.rules("youtube").dailyQuota().orElseThrow();
    assertEquals("uploads", yt.model());
    assertEquals(ZoneId.of("America/Los_Angeles"), yt.resetZone());
    assertEquals(Long.valueOf(100), yt.chosen().uploadsPerDay());
    assertEquals(1600L, yt.models().get("units").insertCost());
    assertEquals(8_388_608L, c.rules("youtube").upload().orElseThrow().chunkBytes());
    assertEquals("#Shorts", c.rules("youtube").shorts().orElseThrow().hashtag());
  }

  @Test
  void anUnknownKeyStopsLoadingWithOneLineNamingFileAndKey(@TempDir Path dir) throws Exception {
    write(dir, "vk", r -> r.getJsonObject("text").put("subtitleMaxChars", 10));
    ConfigException e = assertThrows(ConfigException.class, () -> PlatformCatalog.fromDirectory(dir));
    assertOneLineNaming(e, dir.resolve("vk.json").toString(), "text.subtitleMaxChars");
    assertTrue(e.getMessage().contains("not a known key"), e.getMessage());
  }

  @Test
  void aWrongTypeStopsLoadingWithOneLineNamingFileAndKey(@TempDir Path dir) throws Exception {
    write(dir, "tiktok", r -> r.getJsonObject("rateLimits").getJsonObject("account").put("burst", "two"));
    ConfigException e = assertThrows(ConfigException.class, () -> PlatformCatalog.fromDirectory(dir));
    assertOneLineNaming(e, dir.resolve("tiktok.json").toString(), "rateLimits.account.burst");
    assertTrue(e.getMessage().contains("must be a whole number, got \"two\""), e.getMessage());
  }

  @Test
  void missingBlocksAndBadValuesAreRefusedToo(@TempDir Path dir) throws Exception {
    write(dir, "rutube", r -> r.remove("recheck"));
    assertOneLineNaming(assertThrows(ConfigException.class, () -> PlatformCatalog.fromDirectory(dir)),
        dir.resolve("rutube.json").toString(), "recheck");
    PlatformCatalog shipped = PlatformCatalog.shipped();
    assertOneLineNaming(assertThrows(ConfigException.class, () -> shipped.variant("youtube", r -> r.getJsonObject("upload").put("chunkBytes", 1000))),
        "youtube.json", "upload.chunkBytes");
    assertOneLineNaming(assertThrows(ConfigException.class, () -> shipped.variant("youtube", r -> r.getJsonObject("dailyQuota").put("model", "coins"))),
        "youtube.json", "dailyQuota.model");
    assertOneLineNaming(assertThrows(ConfigException.class, () -> shipped.variant("vk", r -> r.getJsonObject("recheck").put("maxDelayMs", 100))),
        "vk.json", "recheck.maxDelayMs");
    assertOneLineNaming(assertThrows(ConfigException.class, () -> shipped.variant("vk", r -> r.getJsonObject("text").put("captionMaxChars", 1.5))),
        "vk.json", "text.captionMaxChars");
  }

  @Test
  void aCleanDirectoryLoadsLikeTheShippedFiles(@TempDir Path dir) throws Exception {
    write(dir, "vk", r -> {});
    PlatformCatalog c = PlatformCatalog.fromDirectory(dir);
    assertEquals(PlatformCatalog.shipped().rules("vk"), c.rules("vk"));
  }

  @Test
  void anEnabledPlatformWithoutRulesStopsTheNode() {
    JsonObject config = ConfigLayers.fromDefaults().withEnv(Map.of("CLIPCAST_PLATFORMS_ENABLED", "vk,myspace")).build();
    ConfigException e = assertThrows(ConfigException.class, () -> PlatformCatalog.shipped().enabled(config));
    assertEquals("platforms.enabled", e.key());
    assertTrue(e.getMessage().contains("myspace"), e.getMessage());
    JsonObject two = ConfigLayers.fromDefaults().withEnv(Map.of("CLIPCAST_PLATFORMS_ENABLED", "youtube,vk")).build();
    assertEquals(List.of("youtube", "vk"), List.copyOf(PlatformCatalog.shipped().rateLimits(two).all().keySet()));
    assertEquals(PlatformLimits.NONE, PlatformCatalog.shipped().rateLimits(two).of("youtube"),
        "Google publishes no per-second limit: no bucket (docs/platforms/youtube.md, Rate limits)");
  }

  @Test
  void theFilesAreFoundInsideAJarAsInTheProductionArtifact(@TempDir Path dir) throws Exception {
    Path jar = dir.resolve("node.jar");
    try (var out = new java.util.jar.JarOutputStream(Files.newOutputStream(jar))) {
      for (String id : List.of("vk", "telegram")) {
        out.putNextEntry(new java.util.jar.JarEntry("conf/platforms/" + id + ".json"));
        out.write(PlatformCatalog.shipped().document(id).encode().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        out.closeEntry();
      }
      // no folder entries, as some jar tools write them: the jar is found through conf/default.json beside the files
      out.putNextEntry(new java.util.jar.JarEntry("conf/default.json"));
      out.write("{}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
      out.closeEntry();
      out.putNextEntry(new java.util.jar.JarEntry("conf/platforms/notes/readme.json"));   // not directly in the folder: not a platform
      out.write("{}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
      out.closeEntry();
    }
    try (var loader = new java.net.URLClassLoader(new java.net.URL[] {jar.toUri().toURL()}, null)) {
      PlatformCatalog c = PlatformCatalog.fromFiles(PlatformCatalog.classpathFiles(loader));
      assertEquals(List.of("telegram", "vk"), c.all().stream().map(PlatformRules::id).toList());
      assertEquals(PlatformCatalog.shipped().rules("vk"), c.rules("vk"));
    }
  }

  private static void write(Path dir, String id, Consumer<JsonObject> change) throws Exception {
    JsonObject json = PlatformCatalog.shipped().document(id);
    change.accept(json);
    Files.writeString(dir.resolve(id + ".json"), json.encodePrettily());
  }

  private static void assertOneLineNaming(ConfigException e, String file, String key) {
    String m = e.getMessage();
    assertFalse(m.contains("\n"), "one line: " + m);
    assertTrue(m.contains(file), "names the file " + file + ": " + m);
    assertTrue(m.contains("'" + key + "'"), "names the key " + key + ": " + m);
  }

  /** Issue 13 row 11: every bucket is a limit the platform documents; none stands for the whole deployment. */
  @Test
  void everyBucketIsADocumentedLimitAndNoneIsAppWide() throws Exception {
    for (PlatformRules r : PlatformCatalog.shipped().all()) {
      PlatformLimits l = r.rateLimits().limits();
      assertFalse(l.appWide(), r.id() + ": no platform documents an app-wide per-second limit for publishing");
      assertTrue(r.rateLimits().source().startsWith("docs/platforms/" + r.id() + ".md §Rate limits"), r.id());
      String doc = Files.readString(Path.of("..", "docs", "platforms", r.id() + ".md"));
      assertTrue(doc.contains("\n## Rate limits\n"), r.id() + ".md has a Rate limits section");
    }
    PlatformCatalog c = PlatformCatalog.shipped();
    assertEquals(new PlatformLimits(0, 1, 0.3, 1), c.rules("telegram").rateLimits().limits(), "per bot and chat: 20 a minute to a group");
    assertEquals(new PlatformLimits(0, 1, 0.1, 1), c.rules("tiktok").rateLimits().limits(), "video/init: 6 a minute per user token");
  }

  @Test
  void aNullBucketIsNoneAndAZeroRateIsRefused(@TempDir Path dir) throws Exception {
    write(dir, "vk", r -> r.getJsonObject("rateLimits").getJsonObject("account").put("perSecond", 0));
    ConfigException e = assertThrows(ConfigException.class, () -> PlatformCatalog.fromDirectory(dir));
    assertOneLineNaming(e, dir.resolve("vk.json").toString(), "rateLimits.account.perSecond");
    write(dir, "vk", r -> r.getJsonObject("rateLimits").putNull("account"));
    assertEquals(PlatformLimits.NONE, PlatformCatalog.fromDirectory(dir).rules("vk").rateLimits().limits());
  }
}
