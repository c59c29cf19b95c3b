package io.clipcast.api;

import io.clipcast.queue.JobQueue;
import io.clipcast.queue.QueueSettings;
import io.clipcast.queue.RateLimits;
import io.clipcast.redis.RedisClients;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

class ConnectionsApiTest {
  private static ApiFixture api;

  @BeforeAll
  static void start() {
    api = new ApiFixture();
  }

  @AfterAll
  static void stop() {
    api.close();
  }

  @Test
  void disconnectWipesTokensAndCancelsWhatHasNotStarted() throws Exception {
    ApiFixture.World w = api.world("pro");
    api.sql("UPDATE platform_connections SET access_token_enc = '\\x0102'::bytea, refresh_token_enc = '\\x0304'::bytea WHERE id = '" + w.telegram() + "'");
    JsonArray targets = new JsonArray().add(new JsonObject().put("connectionId", w.telegram()).put("caption", "a"));
    String now = api.json("POST", "/api/v1/publications", w.user().token(), new JsonObject().put("clipId", w.clip()).put("targets", targets))
        .json().getJsonArray("items").getJsonObject(0).getString("id");
    api.json("POST", "/api/v1/publications", w.user().token(), new JsonObject().put("clipId", w.clip()).put("targets", targets)
        .put("publishAt", java.time.Instant.now().plusSeconds(86_400).toString()));
    String done = api.json("POST", "/api/v1/publications", w.user().token(), new JsonObject().put("clipId", w.clip()).put("targets", targets))
        .json().getJsonArray("items").getJsonObject(0).getString("id");
    api.workerEnds(done, new io.clipcast.publication.AttemptOutcome.Published("m1", "https://t.me/c/1", new JsonObject()));

    JsonObject listed = api.get("/api/v1/connections", w.user().token()).json();
    assertEquals(3, listed.getJsonArray("items").size());
    assertFalse(listed.encode().contains("token"), "tokens never leave the server");

    ApiFixture.User b = api.user("pro");
    assertEquals(404, api.send("DELETE", "/api/v1/connections/" + w.telegram(), b.token(), null, null).status(), "not B's to disconnect");

    ApiFixture.Response r = api.send("DELETE", "/api/v1/connections/" + w.telegram(), w.user().token(), null, null);
    assertEquals(200, r.status(), r.body());
    assertEquals(2, r.json().getInteger("cancelledPublications"), "the queued and the scheduled one; the published one stays");
    assertEquals(0, api.count("SELECT count(*) FROM platform_connections WHERE id = '" + w.telegram() + "' AND (access_token_enc IS NOT NULL OR refresh_token_enc IS NOT NULL)"));
    assertEquals("cancelled", api.get("/api/v1/publications/" + now, w.user().token()).json().getString("status"));
    assertEquals("published", api.get("/api/v1/publications/" + done, w.user().token()).json().getString("status"));
    assertEquals("disconnect", api.get("/api/v1/publications/" + now, w.user().token()).json().getJsonArray("timeline").getJsonObject(1)
        .getJsonObject("detail").getString("by"));
    JobQueue queue = new JobQueue(RedisClients.pooled(api.vertx, api.config.getJsonObject("redis")), QueueSettings.fromConfig(api.config, RateLimits.none()));
    assertEquals(io.clipcast.queue.QueueOutcome.ABSENT, queue.cancel(now).await(10, TimeUnit.SECONDS), "out of the queue too");
    assertEquals(2, api.get("/api/v1/connections", w.user().token()).json().getJsonArray("items").size());
    assertEquals(404, api.send("DELETE", "/api/v1/connections/" + w.telegram(), w.user().token(), null, null).status(), "already gone");
  }
}
