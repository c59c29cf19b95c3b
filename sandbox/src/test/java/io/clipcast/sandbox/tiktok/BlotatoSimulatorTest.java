package io.clipcast.sandbox.tiktok;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Blotato simulator: key header, request checks, submission polling to published, ledger, on both prefixes. */
class BlotatoSimulatorTest {
  private static TikTokSandbox sb;
  private static HttpServer media;

  @BeforeAll
  static void start() {
    sb = new TikTokSandbox();
    media = sb.vertx.createHttpServer().requestHandler(req -> req.response().putHeader("Content-Type", "video/mp4").end("not really a video"))
        .listen(0, "127.0.0.1").await();
    sb.control("/blotato/_sandbox/settings", new JsonObject().put("processingMs", 30));
  }

  @AfterAll
  static void stop() {
    sb.close();
  }

  private static TikTokSandbox.Resp post(String prefix, String key, JsonObject body) {
    return sb.send(HttpMethod.POST, prefix + "/v2/posts", key == null ? Map.of("Content-Type", "application/json")
        : Map.of("Content-Type", "application/json", "blotato-api-key", key), body.toBuffer());
  }

  private static JsonObject tiktokPost(String accountId, String platform) {
    return new JsonObject().put("post", new JsonObject().put("accountId", accountId)
        .put("content", new JsonObject().put("text", "hello #fyp").put("platform", platform)
            .put("mediaUrls", new JsonArray().add("http://127.0.0.1:" + media.actualPort() + "/clip.mp4")))
        .put("target", new JsonObject().put("targetType", "tiktok").put("privacyLevel", "PUBLIC_TO_EVERYONE").put("disabledComments", false)
            .put("disabledDuet", false).put("disabledStitch", false).put("isBrandedContent", false).put("isYourBrand", false)
            .put("isAiGenerated", false)));
  }

  @Test
  void requestsAreCheckedAndASubmissionIsPublishedOnce() throws Exception {
    assertEquals(401, post("/blotato", null, tiktokPost("98432", "tiktok")).status(), "no key");
    assertEquals(401, post("/blotato", "wrong", tiktokPost("98432", "tiktok")).status());
    assertEquals(400, post("/blotato", "sandbox-blotato-key", tiktokPost("98432", "instagram")).status(), "platform ≠ targetType");
    assertEquals(400, post("/blotato", "sandbox-blotato-key", tiktokPost("1", "tiktok")).status(), "not my account");
    JsonObject noFlags = tiktokPost("98432", "tiktok");
    noFlags.getJsonObject("post").getJsonObject("target").remove("disabledDuet");
    TikTokSandbox.Resp missing = post("/blotato", "sandbox-blotato-key", noFlags);
    assertEquals(400, missing.status());
    assertTrue(missing.json().getString("message").contains("disabledDuet"), missing.body());

    TikTokSandbox.Resp accounts = sb.send(HttpMethod.GET, "/tiktok/blotato/v2/users/me/accounts?platform=tiktok",
        Map.of("blotato-api-key", "sandbox-blotato-key"), null);
    assertEquals("98432", accounts.json().getJsonArray("items").getJsonObject(0).getString("id"));

    TikTokSandbox.Resp created = post("/tiktok/blotato", "sandbox-blotato-key", tiktokPost("98432", "tiktok"));
    assertEquals(201, created.status(), created.body());
    String id = created.json().getString("postSubmissionId");
    JsonObject s = null;
    for (int i = 0; i < 100; i++) {
      s = sb.send(HttpMethod.GET, "/blotato/v2/posts/" + id, Map.of("blotato-api-key", "sandbox-blotato-key"), null).json();
      if (!s.getString("status").equals("in-progress")) break;
      Thread.sleep(20);
    }
    assertEquals("published", s.getString("status"), s.encode());
    assertTrue(s.getString("publicUrl").startsWith("https://www.tiktok.com/@clipcast.creator/video/"), s.encode());
    sb.control("/blotato/_sandbox/keys", new JsonObject().put("apiKey", "other-workspace").put("accounts", new JsonArray()));
    assertEquals(404, sb.send(HttpMethod.GET, "/blotato/v2/posts/" + id, Map.of("blotato-api-key", "other-workspace"), null).status(),
        "another workspace cannot read it");
    JsonArray ledger = sb.get("/_sandbox/posts?platform=tiktok").json().getJsonArray("items");
    assertEquals(1, ledger.size());
    assertEquals("blotato", ledger.getJsonObject(0).getJsonObject("extra").getString("via"));
    assertEquals("not really a video".length(), ledger.getJsonObject(0).getLong("bytes"));
  }
}
