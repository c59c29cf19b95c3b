package io.clipcast.e2e;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * TikTok end to end through the API (direct route, an audited sandbox app): Login Kit sign-in, publish now (creator_info →
 * init → chunk upload → status polling) to a URL and one ledger entry, a 20 MB clip's publish time measured, a scheduled
 * post on time, a rate limit waited out
 * without spending an attempt, the daily cap deferred with its reason, a refused access token refreshed (the rotated
 * refresh token stored), and a refused refresh parked until the account is reconnected.
 */
class TikTokPublishTest {
  private static final AtomicLong CREATORS = new AtomicLong(9_100_000);
  private static PublishWorld world;

  @BeforeAll
  static void start() throws Exception {
    world = new PublishWorld(new JsonObject().put("oauth", new JsonObject().put("clients", new JsonObject()
        .put("tiktok", new JsonObject().put("clientId", "awe2etiktokapp").put("clientSecret", "s3cret").put("audited", true)))));
    world.sandboxPost("/tiktok/_sandbox/clients", new JsonObject().put("clientKey", "awe2etiktokapp").put("clientSecret", "s3cret")
        .put("redirectUris", new JsonArray().add("https://app.example.com/oauth/callback")));
    world.sandboxPost("/tiktok/_sandbox/settings", new JsonObject().put("audited", true).put("processingMs", 200));
  }

  @AfterAll
  static void stop() {
    world.close();
  }

  /** A new pro user signed in with a new TikTok creator: {token, connectionId, openId, username}. */
  private static String[] signedIn(JsonObject creatorExtra) {
    long n = CREATORS.incrementAndGet();
    JsonObject creator = new JsonObject().put("open_id", "-000e2e" + n).put("username", "e2e.creator" + n).put("display_name", "Креатор " + n)
        .mergeIn(creatorExtra);
    world.sandboxPost("/tiktok/_sandbox/oauth", new JsonObject().put("autoApprove", true).put("creator", creator));
    String token = world.user("pro");
    PublishWorld.Reply done = world.connectOAuth(token, "tiktok");
    assertEquals(201, done.status(), done.body());
    assertEquals("Креатор " + n, done.json().getString("displayName"));
    return new String[] {token, done.json().getString("id"), creator.getString("open_id"), creator.getString("username")};
  }

  private static String publishNow(String[] u, String clipId, String caption) {
    return world.publish(u[0], new JsonObject().put("clipId", clipId).put("targets", new JsonArray().add(new JsonObject()
        .put("connectionId", u[1]).put("caption", caption)))).getJsonObject(0).getString("id");
  }

  private static JsonArray postsOf(String openId) {
    JsonArray mine = new JsonArray();
    world.ledger("tiktok").stream().map(o -> (JsonObject) o).filter(p -> openId.equals(p.getString("account"))).forEach(mine::add);
    return mine;
  }

  @Test
  void aClipIsPublishedOnceWithItsTikTokUrl() throws Exception {
    String[] u = signedIn(new JsonObject());
    JsonObject clip = world.upload(u[0], PublishWorld.CLIP);
    String id = publishNow(u, clip.getString("id"), "Закат над Волгой #fyp");
    JsonObject p = world.awaitPublication(u[0], id, PublishWorld.status("published", "failed", "unknown", "waiting_reconnect"), Duration.ofSeconds(60));
    assertEquals("published", p.getString("status"), p.encodePrettily());
    assertTrue(p.getString("externalUrl").matches("https://www\\.tiktok\\.com/@" + u[3].replace(".", "\\.") + "/video/\\d{19}"),
        p.getString("externalUrl"));
    assertEquals(1, p.getInteger("attempts"));
    JsonArray posts = postsOf(u[2]);
    assertEquals(1, posts.size(), posts.encodePrettily());
    assertEquals(clip.getString("sha256"), posts.getJsonObject(0).getString("sha256"));
    assertEquals(p.getString("externalId"), posts.getJsonObject(0).getString("externalId"));
    assertEquals("Закат над Волгой #fyp", posts.getJsonObject(0).getString("caption"));
  }

  @Test
  void a20MbClipIsPublishedAndItsTimeMeasured() throws Exception {
    String[] u = signedIn(new JsonObject());
    java.nio.file.Path file = BigClip.write(java.nio.file.Files.createTempDirectory("tiktok-20mb").resolve("clip20.mp4"), 20L * 1024 * 1024);
    try {
      JsonObject clip = world.upload(u[0], file);
      long t0 = System.nanoTime();
      String id = publishNow(u, clip.getString("id"), "двадцать мегабайт");
      JsonObject p = world.awaitPublication(u[0], id, PublishWorld.status("published", "failed", "unknown"), Duration.ofSeconds(60));
      long ms = (System.nanoTime() - t0) / 1_000_000;
      System.out.printf("publish now of a 20 MB clip on tiktok: %d ms (sandbox processing 200 ms)%n", ms);
      assertEquals("published", p.getString("status"), p.encodePrettily());
      JsonArray posts = postsOf(u[2]);
      assertEquals(1, posts.size());
      assertEquals(clip.getString("sha256"), posts.getJsonObject(0).getString("sha256"));
      assertEquals(clip.getLong("sizeBytes"), posts.getJsonObject(0).getLong("bytes"));
    } finally {
      java.nio.file.Files.deleteIfExists(file);
    }
  }

  @Test
  void aScheduledPostStartsWithinASecondOfItsTime() throws Exception {
    String[] u = signedIn(new JsonObject());
    JsonObject clip = world.upload(u[0], PublishWorld.CLIP);
    BlockingQueue<JsonObject> stream = world.events(u[0]);
    Thread.sleep(300);
    ZoneId zone = ZoneId.of("Europe/Moscow");
    LocalDateTime local = LocalDateTime.now(zone).plusSeconds(3).truncatedTo(ChronoUnit.SECONDS);
    Instant due = local.atZone(zone).toInstant();
    String id = world.publish(u[0], new JsonObject().put("clipId", clip.getString("id")).put("publishAt", local.toString())
        .put("timeZone", zone.getId()).put("targets", new JsonArray().add(new JsonObject().put("connectionId", u[1])
            .put("caption", "по расписанию")))).getJsonObject(0).getString("id");
    Instant started = null;
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (started == null && System.nanoTime() < deadline) {
      JsonObject e = stream.poll(1, TimeUnit.SECONDS);
      if (e != null && id.equals(e.getString("publicationId")) && "publishing".equals(e.getString("to"))) started = Instant.parse(e.getString("at"));
    }
    assertTrue(started != null, "the post started");
    long lateMs = Duration.between(due, started).toMillis();
    System.out.printf("scheduled start on tiktok: %d ms after its time%n", lateMs);
    assertTrue(lateMs >= 0 && lateMs < 1000, "started " + lateMs + " ms after its time");
    JsonObject p = world.awaitPublication(u[0], id, PublishWorld.status("published", "failed", "unknown"), Duration.ofSeconds(60));
    assertEquals("published", p.getString("status"), p.encodePrettily());
    assertEquals(1, postsOf(u[2]).size());
  }

  @Test
  void aRateLimitIsWaitedOutWithoutSpendingAnAttempt() throws Exception {
    String[] u = signedIn(new JsonObject());
    JsonObject clip = world.upload(u[0], PublishWorld.CLIP);
    world.fault(new JsonObject().put("platform", "tiktok").put("kind", "rate_limit").put("match", "video.init").put("retryAfterSeconds", 1));
    String id = publishNow(u, clip.getString("id"), "after the limit");
    JsonObject p = world.awaitPublication(u[0], id, PublishWorld.status("published", "failed", "unknown"), Duration.ofSeconds(60));
    assertEquals("published", p.getString("status"), p.encodePrettily());
    assertTrue(PublishWorld.path(p).contains("publishing→retrying→queued→publishing→published"), PublishWorld.path(p));
    assertEquals(1, p.getInteger("attempts"), "the rate-limited try was not counted");
    assertEquals(1, postsOf(u[2]).size());
  }

  @Test
  void theDailyCapDefersThePostAndSaysUntilWhen() throws Exception {
    String[] u = signedIn(new JsonObject().put("dailyPostCap", 0));
    JsonObject clip = world.upload(u[0], PublishWorld.CLIP);
    String id = world.publish(u[0], new JsonObject().put("clipId", clip.getString("id")).put("timeZone", "Europe/Moscow")
        .put("targets", new JsonArray().add(new JsonObject().put("connectionId", u[1]).put("caption", "too many today"))))
        .getJsonObject(0).getString("id");
    JsonObject p = world.awaitPublication(u[0], id, x -> x.getJsonObject("lastError") != null, Duration.ofSeconds(60));
    assertEquals("retrying", p.getString("status"), p.encodePrettily());
    assertEquals("spam_risk_too_many_posts", p.getJsonObject("lastError").getString("code"));
    assertTrue(p.getJsonObject("lastError").getString("message").contains("publishing at 00:01 UTC = 03:01 MSK"), p.encodePrettily());
    assertEquals(0, p.getInteger("attempts"), "a deferral spends no attempt");
    assertTrue(Instant.parse(p.getString("nextAttemptAt")).isAfter(Instant.now().plus(Duration.ofMinutes(1))), p.getString("nextAttemptAt"));
    assertEquals(0, postsOf(u[2]).size());
  }

  @Test
  void aRefusedAccessTokenIsRefreshedAndTheRotatedRefreshTokenIsStored() throws Exception {
    String[] u = signedIn(new JsonObject());
    JsonObject clip = world.upload(u[0], PublishWorld.CLIP);
    String before = refreshTokenCipher(u[1]);
    world.fault(new JsonObject().put("platform", "tiktok").put("kind", "token_expired").put("match", "creator_info"));
    String id = publishNow(u, clip.getString("id"), "after refresh");
    JsonObject p = world.awaitPublication(u[0], id, PublishWorld.status("published", "failed", "unknown", "waiting_reconnect"), Duration.ofSeconds(60));
    assertEquals("published", p.getString("status"), p.encodePrettily());
    assertEquals(1, p.getInteger("attempts"), "refreshed within the attempt");
    assertNotEquals(before, refreshTokenCipher(u[1]), "the new refresh token was stored");
    assertEquals(1, postsOf(u[2]).size());
  }

  @Test
  void aRefusedRefreshWaitsForReconnectAndThenPublishes() throws Exception {
    String[] u = signedIn(new JsonObject());
    JsonObject clip = world.upload(u[0], PublishWorld.CLIP);
    world.fault(new JsonObject().put("platform", "tiktok").put("kind", "token_expired").put("match", "creator_info"));
    world.fault(new JsonObject().put("platform", "tiktok").put("kind", "token_expired").put("match", "oauth.token"));
    String id = publishNow(u, clip.getString("id"), "after reconnect");
    JsonObject p = world.awaitPublication(u[0], id, PublishWorld.status("published", "failed", "unknown", "waiting_reconnect"), Duration.ofSeconds(60));
    assertEquals("waiting_reconnect", p.getString("status"), p.encodePrettily());
    assertEquals("expired", world.json("GET", world.api + "/api/v1/connections", u[0], null).json().getJsonArray("items")
        .getJsonObject(0).getString("status"));
    assertEquals(0, postsOf(u[2]).size());

    world.sandboxPost("/tiktok/_sandbox/oauth", new JsonObject().put("autoApprove", true).put("creator", new JsonObject()
        .put("open_id", u[2]).put("username", u[3])));
    assertEquals(201, world.connectOAuth(u[0], "tiktok").status());
    p = world.awaitPublication(u[0], id, PublishWorld.status("published", "failed", "unknown"), Duration.ofSeconds(60));
    assertEquals("published", p.getString("status"), p.encodePrettily());
    assertEquals(1, postsOf(u[2]).size());
  }

  private static String refreshTokenCipher(String connectionId) {
    return Long.toString(world.count("SELECT ('x' || substr(md5(refresh_token_enc::text), 1, 15))::bit(60)::bigint FROM platform_connections"
        + " WHERE id = '" + connectionId + "'"));
  }
}
