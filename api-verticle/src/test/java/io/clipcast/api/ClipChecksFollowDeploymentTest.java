package io.clipcast.api;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code POST /clips/{id}/check} and {@code GET /api/v1/platforms} answer for this deployment: a 60 MB clip is too big
 * for Telegram's cloud Bot API (50 MB), and fits a deployment with its own Bot API server (2000 MB).
 */
class ClipChecksFollowDeploymentTest {
  private static final long SIXTY_MB = 60_000_000L;

  private static JsonObject telegramCheck(ApiFixture api) throws Exception {
    ApiFixture.User u = api.user("pro");
    String id = new JsonObject(ClipsApiTest.upload(api, u.token(), ClipsApiTest.fixture("portrait_h264_aac_faststart.mp4"), "video/mp4", null)
        .body()).getString("id");
    api.sql("UPDATE clips SET size_bytes = " + SIXTY_MB + " WHERE id = '" + id + "'"); // a large clip, without moving 60 MB in a test
    return api.send("POST", "/api/v1/clips/" + id + "/check?platforms=telegram", u.token(), null, null).json().getJsonArray("items").getJsonObject(0);
  }

  private static long telegramMaxBytes(ApiFixture api) {
    return api.get("/api/v1/platforms", api.user("pro").token()).json().getJsonArray("items").stream().map(o -> (JsonObject) o)
        .filter(p -> p.getString("id").equals("telegram")).findFirst().orElseThrow().getJsonObject("media").getLong("maxFileBytes");
  }

  @Test
  void theCloudBotApiRefusesSixtyMegabytes() throws Exception {
    try (ApiFixture api = new ApiFixture()) {
      JsonObject check = telegramCheck(api);
      assertFalse(check.getBoolean("accepted"), check.encode());
      assertTrue(check.getJsonArray("problems").getString(0).contains("up to 48 MB"), check.encode());
      assertEquals(50_000_000L, telegramMaxBytes(api));
    }
  }

  @Test
  void aLocalBotApiServerTakesThem() throws Exception {
    try (ApiFixture api = new ApiFixture(new JsonObject().put("oauth", new JsonObject().put("clients", new JsonObject()
        .put("telegram", new JsonObject().put("localBotApi", true)))))) {
      JsonObject check = telegramCheck(api);
      assertTrue(check.getBoolean("accepted"), check.encode());
      assertEquals(2_000_000_000L, telegramMaxBytes(api));
    }
  }
}
