package io.clipcast.api.platforms;

import io.clipcast.api.ApiFixture;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code GET /api/v1/platforms} tells a frontend, per platform, how users connect and what this deployment's app still
 * lacks: here YouTube's project is declared verified (approved); VK has granted the VK app no rights (unapproved: it
 * cannot publish); TikTok's app is not audited (it publishes privately: ready, limited); Instagram has no app at all.
 */
class PlatformReadinessApiTest {
  private static ApiFixture api;

  @BeforeAll
  static void start() {
    api = new ApiFixture(new JsonObject().put("oauth", new JsonObject().put("clients", new JsonObject()
        .put("youtube", new JsonObject().put("clientId", "yt-app").put("clientSecret", "yt-secret").put("audited", true))
        .put("tiktok", new JsonObject().put("clientId", "tt-app").put("clientSecret", "tt-secret").put("audited", false))
        .put("vk", new JsonObject().put("clientId", "51000009").put("approvedRights", new JsonArray()))
        .put("instagram", new JsonObject().put("clientId", "").put("clientSecret", "")))));
  }

  @AfterAll
  static void stop() throws Exception {
    api.close();
  }

  private static Map<String, JsonObject> readiness() {
    JsonArray items = api.get("/api/v1/platforms", api.user("pro").token()).json().getJsonArray("items");
    return items.stream().map(o -> (JsonObject) o).collect(Collectors.toMap(p -> p.getString("id"), p -> p.getJsonObject("readiness")));
  }

  @Test
  void anApprovedAppIsReady() {
    JsonObject youtube = readiness().get("youtube");
    assertEquals("oauth", youtube.getString("connectKind"));
    assertTrue(youtube.getBoolean("configured"));
    assertTrue(youtube.getBoolean("ready"), youtube.encode());
    assertEquals(0, youtube.getJsonArray("lacks").size());
  }

  @Test
  void anUnapprovedAppSaysWhatItLacksAndWhereToRead() {
    JsonObject vk = readiness().get("vk");
    assertTrue(vk.getBoolean("configured"));
    assertFalse(vk.getBoolean("ready"), vk.encode());
    JsonObject gap = vk.getJsonArray("lacks").getJsonObject(0);
    assertEquals("scope", gap.getString("kind"));
    assertEquals("oauth.clients.vk.approvedRights", gap.getString("setting"));
    assertTrue(gap.getBoolean("blocking"));
    assertTrue(gap.getString("message").contains("video"), gap.encode());
    assertTrue(gap.getString("source").startsWith("docs/platforms/vk.md"), gap.encode());
  }

  @Test
  void anUnauditedAppIsReadyWithWhatItLacks() {
    JsonObject tiktok = readiness().get("tiktok");
    assertTrue(tiktok.getBoolean("ready"), "an unaudited TikTok app still publishes, privately: " + tiktok.encode());
    JsonObject gap = tiktok.getJsonArray("lacks").getJsonObject(0);
    assertEquals("review", gap.getString("kind"));
    assertEquals("oauth.clients.tiktok.audited", gap.getString("setting"));
    assertFalse(gap.getBoolean("blocking"));
    assertTrue(gap.getString("message").contains("private"), gap.encode());
    assertTrue(gap.getString("source").startsWith("docs/platforms/tiktok.md"), gap.encode());
  }

  @Test
  void aPlatformWithoutAnAppIsNotConfigured() {
    JsonObject instagram = readiness().get("instagram");
    assertFalse(instagram.getBoolean("configured"));
    assertEquals("config", instagram.getJsonArray("lacks").getJsonObject(0).getString("kind"));
    assertEquals("oauth.clients.instagram.clientId", instagram.getJsonArray("lacks").getJsonObject(0).getString("setting"));
  }

  @Test
  void credentialPlatformsNeedNoApp() {
    JsonObject telegram = readiness().get("telegram");
    assertEquals("credentials", telegram.getString("connectKind"));
    assertTrue(telegram.getBoolean("ready"), telegram.encode());
  }
}
