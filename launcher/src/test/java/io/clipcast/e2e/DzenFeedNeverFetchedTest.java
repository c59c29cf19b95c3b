package io.clipcast.e2e;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Дзен waits for its feed to be fetched, not on a timer: a publication whose feed is never fetched is not re-claimed
 * while it waits, and still ends at {@code publish.pendingTimeoutSeconds} (one deadline job) with the timeout message.
 */
class DzenFeedNeverFetchedTest {
  private static final String REDIRECT = "https://app.example.com/oauth/callback";
  private static final int TIMEOUT_SECONDS = 4;
  private static PublishWorld world;

  @BeforeAll
  static void start() throws Exception {
    world = new PublishWorld(new JsonObject().put("publish", new JsonObject().put("pendingTimeoutSeconds", TIMEOUT_SECONDS)));
    world.sandboxPost("/dzen/_sandbox/clients", new JsonObject().put("clientId", "yandex-app").put("clientSecret", "s3cret")
        .put("redirectUris", new JsonArray().add(REDIRECT)));
    world.sandboxPost("/dzen/_sandbox/oauth", new JsonObject().put("autoApprove", true).put("user", new JsonObject()
        .put("id", "1130000099999999").put("login", "never.fetched").put("display_name", "Никто не читает")));
  }

  @AfterAll
  static void stop() {
    world.close();
  }

  @Test
  void aFeedThatIsNeverFetchedEndsAtThePendingDeadlineWithoutPolling() throws Exception {
    String token = world.user("business");
    PublishWorld.Reply connected = world.connectOAuth(token, "dzen");
    assertEquals(201, connected.status(), connected.body());
    // no feed is registered with the sandbox's Dzen Studio: nothing ever fetches it
    JsonObject clip = world.upload(token, PublishWorld.CLIP);
    long started = System.nanoTime();
    String id = world.publish(token, new JsonObject().put("clipId", clip.getString("id")).put("targets", new JsonArray()
        .add(new JsonObject().put("connectionId", connected.json().getString("id")).put("caption", "Никогда")
            .put("title", "Никогда")))).getJsonObject(0).getString("id");

    // half-way to the deadline it is still waiting, claimed once
    Thread.sleep(TIMEOUT_SECONDS * 500L);
    assertEquals("publishing", world.publication(token, id).getString("status"));
    assertEquals(1, world.count("SELECT fence FROM publications WHERE id = '" + id + "'"), "claimed once, not re-claimed to poll");

    JsonObject p = world.awaitPublication(token, id, PublishWorld.status("published", "failed", "unknown"), Duration.ofSeconds(30));
    long tookMs = (System.nanoTime() - started) / 1_000_000;
    assertEquals("failed", p.getString("status"), p.encodePrettily());
    assertTrue(p.getString("lastError").contains("did not finish processing the clip in time"), p.getString("lastError"));
    assertEquals("queued→publishing→failed", PublishWorld.path(p));
    assertTrue(tookMs >= TIMEOUT_SECONDS * 1000L, "not before the deadline: " + tookMs + " ms");
    assertEquals(2, world.count("SELECT fence FROM publications WHERE id = '" + id + "'"), "one more claim: the deadline job");
    assertEquals(0, world.ledger("dzen").size());
  }
}
