package io.clipcast.e2e;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * TikTok routed through Blotato ({@code oauth.clients.tiktok.route = blotato}): the account connects with its Blotato
 * accountId (checked against Blotato), the post goes out through {@code POST /v2/posts} with the signed media URL and is
 * polled to {@code published}; one TikTok post in the ledger with the clip's sha256.
 */
class TikTokBlotatoPublishTest {

  @Test
  void aClipGoesToTikTokThroughBlotato() throws Exception {
    try (PublishWorld world = new PublishWorld(new JsonObject().put("oauth", new JsonObject().put("clients", new JsonObject()
        .put("tiktok", new JsonObject().put("route", "blotato").put("blotatoApiKey", "e2e-blotato-key")))))) {
      world.sandboxPost("/blotato/_sandbox/keys", new JsonObject().put("apiKey", "e2e-blotato-key").put("accounts", new JsonArray()
          .add(new JsonObject().put("id", "55501").put("platform", "tiktok").put("username", "via.blotato").put("fullname", "Via Blotato"))
          .add(new JsonObject().put("id", "55502").put("platform", "instagram").put("username", "insta"))));
      world.sandboxPost("/blotato/_sandbox/settings", new JsonObject().put("processingMs", 200));
      String token = world.user("pro");

      PublishWorld.Reply wrong = world.json("POST", world.api + "/api/v1/connections", token, new JsonObject().put("platform", "tiktok")
          .put("credentials", new JsonObject().put("accountId", "55502")));
      assertEquals(400, wrong.status(), wrong.body());
      assertTrue(wrong.body().contains("55502"), wrong.body());
      assertEquals(400, world.json("POST", world.api + "/api/v1/connections/oauth/start", token, new JsonObject().put("platform", "tiktok"))
          .status(), "no TikTok sign-in on the Blotato route");

      PublishWorld.Reply conn = world.json("POST", world.api + "/api/v1/connections", token, new JsonObject().put("platform", "tiktok")
          .put("credentials", new JsonObject().put("accountId", "55501")));
      assertEquals(201, conn.status(), conn.body());
      assertEquals("Via Blotato", conn.json().getString("displayName"));

      JsonObject clip = world.upload(token, PublishWorld.CLIP);
      String id = world.publish(token, new JsonObject().put("clipId", clip.getString("id")).put("targets", new JsonArray()
          .add(new JsonObject().put("connectionId", conn.json().getString("id")).put("caption", "через Blotato #fyp"))))
          .getJsonObject(0).getString("id");
      JsonObject p = world.awaitPublication(token, id, PublishWorld.status("published", "failed", "unknown"), Duration.ofSeconds(60));
      assertEquals("published", p.getString("status"), p.encodePrettily());
      assertTrue(p.getString("externalUrl").matches("https://www\\.tiktok\\.com/@via\\.blotato/video/\\d+"), p.getString("externalUrl"));
      JsonArray posts = world.ledger("tiktok");
      assertEquals(1, posts.size(), posts.encodePrettily());
      assertEquals(clip.getString("sha256"), posts.getJsonObject(0).getString("sha256"));
      assertEquals("blotato", posts.getJsonObject(0).getJsonObject("extra").getString("via"));
      assertEquals("через Blotato #fyp", posts.getJsonObject(0).getString("caption"));
      assertEquals("PUBLIC_TO_EVERYONE", posts.getJsonObject(0).getJsonObject("extra").getJsonObject("target").getString("privacyLevel"));
    }
  }
}
