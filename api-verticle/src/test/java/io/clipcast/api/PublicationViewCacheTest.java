package io.clipcast.api;

import io.clipcast.db.PgPools;
import io.clipcast.publication.PublicationStatus;
import io.clipcast.publication.PublicationLifecycle;
import io.clipcast.publication.StatusChange;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@code GET /publications/{id}} answers from a per-node cache (a minute here, so only invalidation can explain a fresh
 * answer): a status change announced on the event bus — by a publish worker anywhere, or by the user's own command —
 * shows at once; the cache never serves one user's publication to another.
 */
class PublicationViewCacheTest {
  private static ApiFixture api;
  private static PublicationLifecycle worker;

  @BeforeAll
  static void start() {
    api = new ApiFixture(new JsonObject().put("publications", new JsonObject().put("viewCacheMs", 60_000)));
    worker = new PublicationLifecycle(PgPools.shared(api.vertx, api.config.getJsonObject("db")), api.vertx.eventBus());
  }

  @AfterAll
  static void stop() {
    api.close();
  }

  private static String publish(ApiFixture.World w) {
    ApiFixture.Response r = api.json("POST", "/api/v1/publications", w.user().token(), new JsonObject().put("clipId", w.clip())
        .put("targets", new JsonArray().add(new JsonObject().put("connectionId", w.telegram()).put("caption", "cached"))));
    assertEquals(201, r.status(), r.body());
    return r.json().getJsonArray("items").getJsonObject(0).getString("id");
  }

  private static String status(String id, String token) {
    ApiFixture.Response r = api.get("/api/v1/publications/" + id, token);
    assertEquals(200, r.status(), r.body());
    return r.json().getString("status");
  }

  @Test
  void aWorkersStatusChangeShowsAtOnceAndSilentEditsWaitForTheCacheToExpire() throws Exception {
    ApiFixture.World w = api.world("pro");
    String id = publish(w);
    assertEquals("queued", status(id, w.user().token()));

    // a change made without an event (as upload progress is) is not seen while the entry lives: the cache is real
    api.sql("UPDATE publications SET caption = 'edited behind the cache' WHERE id = '" + id + "'");
    assertEquals("cached", api.get("/api/v1/publications/" + id, w.user().token()).json().getString("caption"));

    // a worker's claim (queued → publishing), announced as the publish worker does
    var rows = worker.claim(UUID.fromString(id), "SELECT i.id, i.attempt, i.at, u.platform FROM ins i, upd u").await(10, TimeUnit.SECONDS);
    var e = rows.iterator().next();
    worker.announce(new StatusChange(e.getLong("id"), id, w.user().id(), e.getString("platform"), "queued", "publishing",
        e.getInteger("attempt"), e.getOffsetDateTime("at").toInstant().toString(), new JsonObject()));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
    String seen = status(id, w.user().token());
    while (!seen.equals("publishing") && System.nanoTime() < deadline) seen = status(id, w.user().token());
    assertEquals("publishing", seen, "the bus event dropped the cached answer");
    JsonObject p = api.get("/api/v1/publications/" + id, w.user().token()).json();
    assertEquals("edited behind the cache", p.getString("caption"), "re-read from Postgres after the event");
    assertEquals("queued→publishing", p.getJsonArray("timeline").stream().map(o -> ((JsonObject) o).getString("to"))
        .reduce((a, b) -> a + "→" + b).orElse(""));
  }

  @Test
  void theUsersOwnCancelIsVisibleInTheVeryNextRead() {
    ApiFixture.World w = api.world("pro");
    String id = publish(w);
    assertEquals("queued", status(id, w.user().token()));
    assertEquals(200, api.send("POST", "/api/v1/publications/" + id + "/cancel", w.user().token(), null, null).status());
    assertEquals("cancelled", status(id, w.user().token()));
  }

  @Test
  void aCachedPublicationIsStillNotFoundForAnotherUser() {
    ApiFixture.World a = api.world("pro");
    ApiFixture.World b = api.world("pro");
    String id = publish(a);
    assertEquals("queued", status(id, a.user().token()));
    ApiFixture.Response r = api.get("/api/v1/publications/" + id, b.user().token());
    assertEquals(404, r.status(), r.body());
    assertEquals("not_found", r.errorCode());
  }
}
