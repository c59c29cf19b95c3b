package io.clipcast.api;

import io.clipcast.queue.JobQueue;
import io.clipcast.queue.QueueSettings;
import io.clipcast.queue.QueueStats;
import io.clipcast.queue.RateLimits;
import io.clipcast.redis.RedisClients;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PublicationsApiTest {
  private static ApiFixture api;
  private static JobQueue queue;

  @BeforeAll
  static void start() {
    api = new ApiFixture();
    queue = new JobQueue(RedisClients.pooled(api.vertx, api.config.getJsonObject("redis")), QueueSettings.fromConfig(api.config, RateLimits.none()));
  }

  @AfterAll
  static void stop() {
    api.close();
  }

  static JsonObject target(String conn, String caption) {
    return new JsonObject().put("connectionId", conn).put("caption", caption);
  }

  /** A VK target with a title (VK needs none: the connector falls back to the caption's first line). */
  static JsonObject vk(ApiFixture.World w, String caption) {
    return target(w.vk(), caption).put("title", "Clip");
  }

  static JsonObject create(ApiFixture.World w, JsonObject... targets) {
    return new JsonObject().put("clipId", w.clip()).put("targets", new JsonArray(java.util.List.of((Object[]) targets)));
  }

  private static QueueStats stats() throws Exception {
    return queue.inspect().await(10, TimeUnit.SECONDS);
  }

  @Test
  void publishNowCreatesOneQueuedPublicationPerTargetAndEnqueuesThem() throws Exception {
    ApiFixture.World w = api.world("pro");
    long readyBefore = stats().ready();
    ApiFixture.Response r = api.json("POST", "/api/v1/publications", w.user().token(),
        create(w, vk(w, "Привет 👋 #clips"), target(w.telegram(), "hello")).put("timeZone", "Europe/Moscow"));
    assertEquals(201, r.status(), r.body());
    JsonArray items = r.json().getJsonArray("items");
    assertEquals(2, items.size());
    assertTrue(items.stream().map(o -> (JsonObject) o).allMatch(p -> p.getString("status").equals("queued")));
    assertEquals(readyBefore + 2, stats().ready(), "both jobs are ready in Redis");

    String id = items.getJsonObject(0).getString("id");
    JsonObject one = api.get("/api/v1/publications/" + id, w.user().token()).json();
    assertEquals(1, one.getJsonArray("timeline").size());
    assertEquals("queued", one.getJsonArray("timeline").getJsonObject(0).getString("to"));

    // cancel: conditional transition + event + out of the queue; a second cancel is a 409 that says why
    ApiFixture.Response c = api.send("POST", "/api/v1/publications/" + id + "/cancel", w.user().token(), null, null);
    assertEquals(200, c.status(), c.body());
    assertEquals("cancelled", c.json().getString("status"));
    assertEquals(readyBefore + 1, stats().ready());
    ApiFixture.Response again = api.send("POST", "/api/v1/publications/" + id + "/cancel", w.user().token(), null, null);
    assertEquals(409, again.status());
    assertTrue(again.json().getJsonObject("error").getString("message").contains("cancelled"));
    assertEquals(2, api.get("/api/v1/publications/" + id, w.user().token()).json().getJsonArray("timeline").size());
  }

  @Test
  void aTitleIsRequiredOnlyWhereThePlatformRequiresOne() throws Exception {
    ApiFixture.World w = api.world("pro");
    String rutube = api.connection(w.user(), "rutube", "connected");
    String youtube = api.connection(w.user(), "youtube", "connected");
    ApiFixture.Response untitled = api.json("POST", "/api/v1/publications", w.user().token(),
        create(w, target(w.vk(), "Первая строка станет названием"), target(rutube, "И здесь")));
    assertEquals(201, untitled.status(), "VK and Rutube take a video without a title: " + untitled.body());
    assertEquals(2, untitled.json().getJsonArray("items").size());

    ApiFixture.Response noYouTubeTitle = api.json("POST", "/api/v1/publications", w.user().token(), create(w, target(youtube, "caption")));
    assertEquals(400, noYouTubeTitle.status(), noYouTubeTitle.body());
    JsonObject error = noYouTubeTitle.json().getJsonObject("error");
    assertTrue(error.getString("field").endsWith(".title"), error.encode());
    assertTrue(error.getString("message").contains("needs a title"), error.encode());
  }

  @Test
  void scheduledInTheUsersZoneWithDstChecks() throws Exception {
    ApiFixture.World w = api.world("pro");
    ZoneId moscow = ZoneId.of("Europe/Moscow");
    String local = Instant.now().plus(2, ChronoUnit.DAYS).atZone(moscow).toLocalDateTime().truncatedTo(ChronoUnit.MINUTES)
        .format(DateTimeFormatter.ISO_LOCAL_DATE_TIME);
    long delayedBefore = stats().delayed();
    ApiFixture.Response r = api.json("POST", "/api/v1/publications", w.user().token(),
        create(w, vk(w, "later")).put("publishAt", local).put("timeZone", "Europe/Moscow"));
    assertEquals(201, r.status(), r.body());
    JsonObject p = r.json().getJsonArray("items").getJsonObject(0);
    assertEquals("scheduled", p.getString("status"));
    assertEquals(java.time.LocalDateTime.parse(local).atZone(moscow).toInstant().toString(), p.getString("scheduledFor"));
    assertEquals(delayedBefore + 1, stats().delayed());

    ApiFixture.Response soon = api.json("POST", "/api/v1/publications", w.user().token(),
        create(w, vk(w, "x")).put("publishAt", Instant.now().plusSeconds(60).toString()));
    assertEquals(400, soon.status());
    assertEquals("publishAt", soon.json().getJsonObject("error").getString("field"));

    ApiFixture.Response gap = api.json("POST", "/api/v1/publications", w.user().token(),
        create(w, vk(w, "x")).put("publishAt", "2027-03-28T02:30").put("timeZone", "Europe/Berlin"));
    assertEquals(400, gap.status(), gap.body());
    String gapMsg = gap.json().getJsonObject("error").getString("message");
    assertTrue(gapMsg.contains("does not exist") && gapMsg.contains("01:59") && gapMsg.contains("03:00"), gapMsg);

    ApiFixture.Response overlap = api.json("POST", "/api/v1/publications", w.user().token(),
        create(w, vk(w, "x")).put("publishAt", "2027-10-31T02:30").put("timeZone", "Europe/Berlin"));
    assertEquals(400, overlap.status());
    String ovMsg = overlap.json().getJsonObject("error").getString("message");
    assertTrue(ovMsg.contains("twice") && ovMsg.contains("+02:00") && ovMsg.contains("+01:00"), ovMsg);
    ApiFixture.Response explicit = api.json("POST", "/api/v1/publications", w.user().token(),
        create(w, vk(w, "x")).put("publishAt", "2027-10-31T02:30+01:00").put("timeZone", "Europe/Berlin"));
    assertEquals(201, explicit.status(), "an explicit offset settles it");

    ApiFixture.Response badZone = api.json("POST", "/api/v1/publications", w.user().token(),
        create(w, vk(w, "x")).put("publishAt", local).put("timeZone", "Mars/Olympus"));
    assertEquals(400, badZone.status());
    assertEquals("timeZone", badZone.json().getJsonObject("error").getString("field"));

    // reschedule moves the due time in Postgres and Redis
    String id = p.getString("id");
    String later = java.time.LocalDateTime.parse(local).plusDays(1).toString();
    ApiFixture.Response moved = api.json("POST", "/api/v1/publications/" + id + "/reschedule", w.user().token(),
        new JsonObject().put("publishAt", later).put("timeZone", "Europe/Moscow"));
    assertEquals(200, moved.status(), moved.body());
    assertEquals(java.time.LocalDateTime.parse(later).atZone(moscow).toInstant().toString(), moved.json().getString("scheduledFor"));
  }

  @Test
  void rulesPlansAndConnectionStateAreEnforcedWithClearErrors() {
    ApiFixture.World w = api.world("pro");
    ApiFixture.Response longCaption = api.json("POST", "/api/v1/publications", w.user().token(),
        create(w, vk(w, "ok"), target(w.telegram(), "я".repeat(1025))));
    assertEquals(400, longCaption.status());
    JsonObject e = longCaption.json().getJsonObject("error");
    assertEquals("targets[1].caption", e.getString("field"));
    assertTrue(e.getString("message").contains("1024") && e.getString("message").contains("1025"), e.getString("message"));

    ApiFixture.Response expired = api.json("POST", "/api/v1/publications", w.user().token(), create(w, target(w.expired(), "x")));
    assertEquals(409, expired.status());
    assertEquals("connection_not_connected", expired.errorCode());

    ApiFixture.World start = api.world("start");
    ApiFixture.Response plan = api.json("POST", "/api/v1/publications", start.user().token(), create(start, target(start.telegram(), "x")));
    assertEquals(403, plan.status());
    assertEquals("plan_forbids_platform", plan.errorCode());
    assertTrue(plan.json().getJsonObject("error").getString("message").contains("Upgrade"));

    api.sql("UPDATE clips SET status = 'uploading' WHERE id = '" + w.clip() + "'");
    ApiFixture.Response notReady = api.json("POST", "/api/v1/publications", w.user().token(), create(w, vk(w, "x")));
    assertEquals(409, notReady.status());
    assertEquals("clip_not_ready", notReady.errorCode());
    assertEquals(0, api.count("SELECT count(*) FROM publications WHERE clip_id = '" + w.clip() + "'"), "nothing half-created");
  }

  @Test
  void anotherUsersClipOrConnectionIsNotFoundAndAGoneAccountIsUnauthorized() {
    ApiFixture.World w = api.world("pro");
    ApiFixture.World other = api.world("pro");
    ApiFixture.Response theirClip = api.json("POST", "/api/v1/publications", w.user().token(),
        new JsonObject().put("clipId", other.clip()).put("targets", new JsonArray().add(target(w.telegram(), "x"))));
    assertEquals(404, theirClip.status(), theirClip.body());
    assertEquals("clipId", theirClip.json().getJsonObject("error").getString("field"));

    ApiFixture.Response theirConnection = api.json("POST", "/api/v1/publications", w.user().token(),
        create(w, target(w.telegram(), "x"), target(other.telegram(), "x")));
    assertEquals(404, theirConnection.status(), theirConnection.body());
    assertEquals("targets[1].connectionId", theirConnection.json().getJsonObject("error").getString("field"));
    assertEquals(0, api.count("SELECT count(*) FROM publications WHERE user_id = '" + w.user().id() + "'"), "nothing half-created");

    api.sql("DELETE FROM users WHERE id = '" + other.user().id() + "'");
    ApiFixture.Response gone = api.json("POST", "/api/v1/publications", other.user().token(), create(other, target(other.telegram(), "x")));
    assertEquals(401, gone.status(), gone.body());
    assertEquals("unauthorized", gone.errorCode());
  }

  @Test
  void idempotencyKeyReplaysAndRefusesADifferentBody() {
    ApiFixture.World w = api.world("pro");
    String body = create(w, vk(w, "once")).encode();
    ApiFixture.Response first = api.send("POST", "/api/v1/publications", w.user().token(), "application/json", body);
    // helper without the header: use raw requests with the header
    assertEquals(201, first.status());
    String key = "key-" + UUID.randomUUID();
    ApiFixture.Response a = withKey(w, key, body);
    ApiFixture.Response b = withKey(w, key, body);
    assertEquals(201, a.status(), a.body());
    assertEquals(201, b.status());
    assertEquals(a.json(), b.json(), "the stored response is replayed");
    assertEquals("true", b.raw().headers().firstValue("Idempotent-Replayed").orElse(""));
    assertEquals(2, api.count("SELECT count(*) FROM publications WHERE clip_id = '" + w.clip() + "'"), "one create, not two");
    ApiFixture.Response other = withKey(w, key, create(w, vk(w, "different")).encode());
    assertEquals(422, other.status());
    assertEquals("idempotency_key_reused", other.errorCode());
  }

  private static ApiFixture.Response withKey(ApiFixture.World w, String key, String body) {
    try {
      var req = java.net.http.HttpRequest.newBuilder(java.net.URI.create(api.base + "/api/v1/publications"))
          .header("Authorization", "Bearer " + w.user().token()).header("Content-Type", "application/json")
          .header("Idempotency-Key", key).timeout(java.time.Duration.ofSeconds(15))
          .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body)).build();
      var r = java.net.http.HttpClient.newBuilder().version(java.net.http.HttpClient.Version.HTTP_1_1).build().send(req, java.net.http.HttpResponse.BodyHandlers.ofString());
      return new ApiFixture.Response(r.statusCode(), r.body(), r);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void anIdempotentRequestThatFailsValidationIsAnsweredAndFreesItsKey() {
    ApiFixture.World w = api.world("pro");
    String key = "key-" + UUID.randomUUID();
    ApiFixture.Response bad = withKey(w, key, new JsonObject().put("clipId", w.clip()).put("targets", new JsonArray()).encode());
    assertEquals(400, bad.status(), bad.body());
    assertEquals("targets", bad.json().getJsonObject("error").getString("field"));
    ApiFixture.Response badId = withKey(w, key, new JsonObject().put("clipId", "not-an-id").put("targets", new JsonArray().add(vk(w, "x"))).encode());
    assertEquals(400, badId.status(), badId.body());
    ApiFixture.Response missing = withKey(w, key, create(w, target(UUID.randomUUID().toString(), "x")).encode());
    assertEquals(404, missing.status(), "a refusal found in the database frees the key too: " + missing.body());
    ApiFixture.Response good = withKey(w, key, create(w, vk(w, "fixed")).encode());
    assertEquals(201, good.status(), "the same key with a good body: " + good.body());
    assertEquals(1, api.count("SELECT count(*) FROM publications WHERE clip_id = '" + w.clip() + "'"));
    ApiFixture.Response tooLong = withKey(w, "k".repeat(201), create(w, vk(w, "x")).encode());
    assertEquals(400, tooLong.status());
    assertEquals("Idempotency-Key", tooLong.json().getJsonObject("error").getString("field"));
  }

  @Test
  void idempotencyKeysExpireAndAbandonedClaimsAreTakenOver() {
    ApiFixture.World w = api.world("pro");
    String key = "key-" + UUID.randomUUID();
    String body = create(w, vk(w, "daily")).encode();
    assertEquals(201, withKey(w, key, body).status());
    ApiFixture.Response replay = withKey(w, key, body);
    assertEquals("true", replay.raw().headers().firstValue("Idempotent-Replayed").orElse(""));
    // publications.idempotencyKeyTtlHours is 24: a key used 25 hours ago is a new key, for the same body or another
    api.sql("UPDATE idempotency_keys SET created_at = now() - interval '25 hours' WHERE key = '" + key + "'");
    ApiFixture.Response again = withKey(w, key, body);
    assertEquals(201, again.status(), again.body());
    assertTrue(again.raw().headers().firstValue("Idempotent-Replayed").isEmpty(), "not a replay: the key had expired");
    assertEquals(2, api.count("SELECT count(*) FROM publications WHERE clip_id = '" + w.clip() + "'"));

    // a claim whose request never finished (its node died): refused while it may still be running, taken over after
    String stuck = "key-" + UUID.randomUUID();
    api.sql("INSERT INTO idempotency_keys (user_id, key, request_hash) VALUES ('" + w.user().id() + "', '" + stuck + "', '"
        + io.clipcast.api.publications.IdempotencyKeys.hash(body) + "')");
    ApiFixture.Response running = withKey(w, stuck, body);
    assertEquals(409, running.status(), running.body());
    assertEquals("request_in_progress", running.errorCode());
    api.sql("UPDATE idempotency_keys SET created_at = now() - interval '3 minutes' WHERE key = '" + stuck + "'");
    ApiFixture.Response takenOver = withKey(w, stuck, body);
    assertEquals(201, takenOver.status(), takenOver.body());
    assertEquals(3, api.count("SELECT count(*) FROM publications WHERE clip_id = '" + w.clip() + "'"));

    // expired rows do not stay: each claim deletes a batch of them (anyone's)
    ApiFixture.World other = api.world("pro");
    api.sql("INSERT INTO idempotency_keys (user_id, key, request_hash, response, created_at) SELECT '" + other.user().id()
        + "', 'old-' || g, 'x', '{}'::jsonb, now() - interval '30 hours' FROM generate_series(1, 20) g");
    assertEquals(201, withKey(w, "key-" + UUID.randomUUID(), create(w, vk(w, "sweep")).encode()).status());
    assertEquals(0, api.count("SELECT count(*) FROM idempotency_keys WHERE created_at < now() - interval '24 hours'"));
  }

  @Test
  void listRefusesControlCharactersAndBadEncodingInEveryParameter() {
    ApiFixture.User u = api.user("pro");
    String[] queries = {"status=%00", "status=queued%00", "status=queued,%00failed", "status=queued%01", "status=%FF", "status=queued%C3%28",
        "platform=vk%00", "platform=%00", "clipId=%00", "clipId=" + UUID.randomUUID() + "%00", "from=%00", "from=2026-01-01T00:00:00Z%00",
        "to=2026-01-01T00:00:00Z%0A", "limit=1%00", "limit=%00", "cursor=%00", "cursor=MjAyNi0wMS0wMVQwMDowMFp8AA",
        "status=%E2%80%AE", "platform=%F0%9F%98%80", "status=%zz", "status=queued%", "clipId=%C0%80", "limit=%EF%BF%BD"};
    for (String q : queries) {
      // sent as raw bytes: java.net.URI would refuse the malformed escapes before they reach the server
      LoopbackClient.Reply r = LoopbackClient.send(api.base, "127.0.0.1", "GET", "/api/v1/publications?" + q, u.token(), null);
      assertEquals(400, r.status(), q + ": " + r.body());
      if (q.contains("%zz") || q.endsWith("%")) {
        assertEquals("bad_request", r.errorCode(), "a malformed escape is refused by the router, before any route: " + q);
        continue;
      }
      assertEquals("validation_failed", r.errorCode(), q);
      assertNotNull(r.json().getJsonObject("error").getString("field"), q);
    }
    assertEquals(200, api.get("/api/v1/publications?status=queued,%20failed%20", u.token()).status(), "spaces around a status are fine");
    for (String path : new String[] {"/api/v1/publications/%00", "/api/v1/publications/" + UUID.randomUUID() + "%00", "/api/v1/publications/%FF"}) {
      ApiFixture.Response r = api.get(path, u.token());
      assertEquals(404, r.status(), "not an id, so nothing found: " + path + ": " + r.body());
      assertEquals(404, api.send("POST", path + "/cancel", u.token(), null, null).status(), path);
    }
  }

  @Test
  void listFiltersPagesAndRetriesOnlyFailed() throws Exception {
    ApiFixture.World w = api.world("pro");
    for (int i = 0; i < 5; i++) {
      assertEquals(201, api.json("POST", "/api/v1/publications", w.user().token(), create(w, vk(w, "n" + i))).status());
    }
    JsonObject page1 = api.get("/api/v1/publications?limit=2&platform=vk", w.user().token()).json();
    assertEquals(2, page1.getJsonArray("items").size());
    assertNotNull(page1.getString("nextCursor"));
    JsonObject page2 = api.get("/api/v1/publications?limit=2&platform=vk&cursor=" + page1.getString("nextCursor"), w.user().token()).json();
    JsonObject page3 = api.get("/api/v1/publications?limit=2&platform=vk&cursor=" + page2.getString("nextCursor"), w.user().token()).json();
    assertEquals(1, page3.getJsonArray("items").size());
    assertNull(page3.getString("nextCursor"));
    java.util.Set<String> seen = new java.util.HashSet<>();
    for (JsonObject p : new JsonObject[] {page1, page2, page3}) p.getJsonArray("items").forEach(o -> seen.add(((JsonObject) o).getString("id")));
    assertEquals(5, seen.size(), "pages neither repeat nor skip");

    String failed = page1.getJsonArray("items").getJsonObject(0).getString("id");
    api.workerEnds(failed, new io.clipcast.publication.AttemptOutcome.Failed("bad", "refused", false));
    assertEquals(1, api.get("/api/v1/publications?status=failed", w.user().token()).json().getJsonArray("items").size());
    String queuedOne = page1.getJsonArray("items").getJsonObject(1).getString("id");
    assertEquals(409, api.send("POST", "/api/v1/publications/" + queuedOne + "/retry", w.user().token(), null, null).status(),
        "a queued publication is not retried");
    ApiFixture.Response retried = api.send("POST", "/api/v1/publications/" + failed + "/retry", w.user().token(), null, null);
    assertEquals(200, retried.status(), retried.body());
    assertEquals("queued", retried.json().getString("status"));
    assertEquals(400, api.get("/api/v1/publications?status=done", w.user().token()).status());
    assertEquals(400, api.get("/api/v1/publications?limit=0", w.user().token()).status());
    assertEquals(400, api.get("/api/v1/publications?cursor=bm90LWEtY3Vyc29y", w.user().token()).status());
  }

  @Test
  void anotherUserSeesNothingAndChangesNothing() {
    ApiFixture.World a = api.world("pro");
    String id = api.json("POST", "/api/v1/publications", a.user().token(), create(a, vk(a, "mine"))).json()
        .getJsonArray("items").getJsonObject(0).getString("id");
    ApiFixture.User b = api.user("pro");
    String before = api.get("/api/v1/publications/" + id, a.user().token()).body();
    assertEquals(404, api.get("/api/v1/publications/" + id, b.token()).status());
    assertEquals(404, api.send("POST", "/api/v1/publications/" + id + "/cancel", b.token(), null, null).status());
    assertEquals(404, api.send("POST", "/api/v1/publications/" + id + "/retry", b.token(), null, null).status());
    assertEquals(404, api.json("POST", "/api/v1/publications/" + id + "/reschedule", b.token(),
        new JsonObject().put("publishAt", "2027-01-10T10:00")).status());
    assertEquals(0, api.get("/api/v1/publications", b.token()).json().getJsonArray("items").size());
    ApiFixture.Response useA = api.json("POST", "/api/v1/publications", b.token(),
        new JsonObject().put("clipId", a.clip()).put("targets", new JsonArray().add(vk(a, "steal"))));
    assertEquals(404, useA.status(), "A's clip is invisible to B");
    assertEquals(before, api.get("/api/v1/publications/" + id, a.user().token()).body(), "nothing changed");
  }
}
