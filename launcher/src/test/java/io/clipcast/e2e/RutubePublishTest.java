package io.clipcast.e2e;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Rutube end to end: token connect, publish now, Rutube pulls the clip from our signed media URL, processing, published. */
class RutubePublishTest {
  private static PublishWorld world;

  @BeforeAll
  static void start() throws Exception {
    world = new PublishWorld(new JsonObject());
    world.sandboxPost("/rutube/_sandbox/settings", new JsonObject().put("processingMs", 300));
  }

  @AfterAll
  static void stop() {
    world.close();
  }

  private static String connect(String token, String login) {
    world.sandboxPost("/rutube/_sandbox/accounts", new JsonObject().put("login", login).put("password", "pw-" + login)
        .put("userId", Math.abs(login.hashCode())).put("name", "Канал " + login));
    PublishWorld.Reply r = world.json("POST", world.api + "/api/v1/connections", token, new JsonObject().put("platform", "rutube")
        .put("credentials", new JsonObject().put("login", login).put("password", "pw-" + login)));
    assertEquals(201, r.status(), r.body());
    return r.json().getString("id");
  }

  @Test
  void aClipIsPulledByRutubeAndPublishedOnceByteExact() throws Exception {
    String token = world.user("pro");
    String conn = connect(token, "rt-happy@example.com");
    JsonObject clip = world.upload(token, PublishWorld.CLIP);
    JsonArray items = world.publish(token, new JsonObject().put("clipId", clip.getString("id"))
        .put("targets", new JsonArray().add(new JsonObject().put("connectionId", conn).put("caption", "Монтаж за 60 секунд #shorts")
            .put("title", "Монтаж за 60 секунд"))));
    String id = items.getJsonObject(0).getString("id");
    JsonObject p = world.awaitPublication(token, id, PublishWorld.status("published", "failed", "unknown"), Duration.ofSeconds(60));
    assertEquals("published", p.getString("status"), p.encodePrettily());
    assertTrue(p.getString("externalUrl").matches("https://rutube\\.ru/video/[0-9a-f]+/"), p.getString("externalUrl"));
    assertEquals(1, p.getInteger("attempts"), "processing rechecks spend no attempt");

    JsonArray posts = world.ledger("rutube");
    long mine = posts.stream().map(o -> (JsonObject) o).filter(o -> "Монтаж за 60 секунд".equals(o.getString("title"))).count();
    assertEquals(1, mine, "published exactly once: " + posts.encodePrettily());
    JsonObject post = posts.stream().map(o -> (JsonObject) o).filter(o -> "Монтаж за 60 секунд".equals(o.getString("title"))).findFirst().get();
    assertEquals(PublishWorld.sha256(PublishWorld.CLIP), post.getString("sha256"), "Rutube pulled our exact bytes");
    assertEquals(clip.getString("sha256"), post.getString("sha256"));

    assertEquals("queued→publishing→published", PublishWorld.path(p), p.getJsonArray("timeline").encodePrettily());
  }
}
