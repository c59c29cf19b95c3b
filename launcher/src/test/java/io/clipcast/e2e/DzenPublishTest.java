package io.clipcast.e2e;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * Дзен end to end: Yandex sign-in for the account, the secret feed URL pasted into "Dzen Studio" (the sandbox poller),
 * publish now → the poller fetches the feed and imports the clip byte-exact → published.
 */
class DzenPublishTest {
  private static final String REDIRECT = "https://app.example.com/oauth/callback";
  private static PublishWorld world;

  @BeforeAll
  static void start() throws Exception {
    world = new PublishWorld(new JsonObject());
    world.sandboxPost("/dzen/_sandbox/clients", new JsonObject().put("clientId", "yandex-app").put("clientSecret", "s3cret")
        .put("redirectUris", new JsonArray().add(REDIRECT)));
    world.sandboxPost("/dzen/_sandbox/oauth", new JsonObject().put("autoApprove", true).put("user", new JsonObject()
        .put("id", "1130000012345678").put("login", "montage.school").put("display_name", "Школа монтажа")
        .put("default_avatar_id", "131652443/kGy6")));
  }

  @AfterAll
  static void stop() {
    world.close();
  }

  @Test
  void aClipIsPublishedOnceTheFeedWithItHasBeenFetched() throws Exception {
    String token = world.user("business");
    PublishWorld.Reply connected = world.connectOAuth(token, "dzen");
    assertEquals(201, connected.status(), connected.body());
    JsonObject conn = connected.json();
    assertEquals("Школа монтажа", conn.getString("displayName"));
    String feedUrl = conn.getString("feedUrl");
    assertNotNull(feedUrl, conn.encodePrettily());

    world.sandboxPost("/dzen/_sandbox/feeds", new JsonObject().put("url", feedUrl).put("intervalMs", 300).put("channel", "montage.school"));
    JsonObject clip = world.upload(token, PublishWorld.CLIP);
    String id = world.publish(token, new JsonObject().put("clipId", clip.getString("id")).put("targets", new JsonArray()
        .add(new JsonObject().put("connectionId", conn.getString("id")).put("caption", "Монтаж: 5 ошибок новичка <b>&</b>")
            .put("title", "5 ошибок новичка")))).getJsonObject(0).getString("id");
    JsonObject p = world.awaitPublication(token, id, PublishWorld.status("published", "failed", "unknown"), Duration.ofSeconds(60));
    assertEquals("published", p.getString("status"), p.encodePrettily());
    assertEquals("queued→publishing→published", PublishWorld.path(p));

    // published at the fetch that listed it; Dzen's download of the clip follows that fetch
    JsonArray imported = world.ledger("dzen");
    for (long until = System.currentTimeMillis() + 10_000; imported.isEmpty() && System.currentTimeMillis() < until; imported = world.ledger("dzen")) {
      Thread.sleep(50);
    }
    assertEquals(1, imported.size(), imported.encodePrettily());
    assertEquals(clip.getString("sha256"), imported.getJsonObject(0).getString("sha256"), "Dzen imported our exact bytes");
    assertEquals("5 ошибок новичка", imported.getJsonObject(0).getString("title"));
    JsonObject after = world.json("GET", world.api + "/api/v1/connections", token, null).json().getJsonArray("items").getJsonObject(0);
    assertNotNull(after.getString("feedFetchedAt"), "the connection shows when Dzen last fetched the feed");
  }
}
