package io.clipcast.e2e;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Instagram Reels end to end through the API: Facebook Login connect (a personal account refused with the fix),
 * publish now and scheduled, the 24 h cap deferring with its reason, Graph throttling retried without spending an
 * attempt, and an expired token sending the publication to waiting_reconnect.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class InstagramPublishTest {
  private static final AtomicLong IDS = new AtomicLong(50_000);
  private static PublishWorld world;

  @BeforeAll
  static void start() throws Exception {
    world = new PublishWorld(new JsonObject().put("oauth", new JsonObject().put("clients", new JsonObject()
        .put("instagram", new JsonObject().put("clientId", "710000000000001").put("clientSecret", "sandbox-instagram-secret"))))
        .put("verticles", new JsonObject().put("api", 1).put("scheduler", 1).put("publish", 2).put("stats", 1))
        .put("stats", new JsonObject().put("afterPublishSeconds", new JsonArray().add(1)).put("thenEverySeconds", 2).put("pollSeconds", 1)));
  }

  @AfterAll
  static void stop() {
    world.close();
  }

  @BeforeEach
  void reset() {
    world.sandboxPost("/instagram/_sandbox/api", new JsonObject().put("processingMs", 200).put("publishLimit", 50));
  }

  /** A new pro user who connected a new Instagram account of {@code type}: {token, connectionId, igUserId} or the refusal. */
  private static Object[] connect(String type) {
    long n = IDS.incrementAndGet();
    String ig = "1784" + n;
    world.sandboxPost("/instagram/_sandbox/users", new JsonObject().put("id", "1" + n).put("name", "Creator " + n).put("pages",
        new JsonArray().add(new JsonObject().put("id", "2" + n).put("name", "Page " + n).put("instagram", new JsonObject().put("id", ig)
            .put("username", "creator" + n).put("accountType", type)))));
    world.sandboxPost("/instagram/_sandbox/oauth", new JsonObject().put("autoApprove", true).put("userId", "1" + n).putNull("grantPages"));
    String token = world.user("pro");
    PublishWorld.Reply r = world.connectOAuth(token, "instagram");
    return new Object[] {token, r, ig};
  }

  private static String[] connected() {
    Object[] c = connect("BUSINESS");
    PublishWorld.Reply r = (PublishWorld.Reply) c[1];
    assertEquals(201, r.status(), r.body());
    return new String[] {(String) c[0], r.json().getString("id"), (String) c[2]};
  }

  private static List<JsonObject> postsOf(String ig) {
    List<JsonObject> mine = new ArrayList<>();
    world.ledger("instagram").forEach(o -> { if (ig.equals(((JsonObject) o).getString("account"))) mine.add((JsonObject) o); });
    return mine;
  }

  private static String publishNow(String[] u, String clipId, String caption) {
    return world.publish(u[0], new JsonObject().put("clipId", clipId).put("targets", new JsonArray().add(new JsonObject()
        .put("connectionId", u[1]).put("caption", caption)))).getJsonObject(0).getString("id");
  }

  @Test
  void aReelIsPublishedOnceWithItsPermalink() throws Exception {
    String[] u = connected();
    JsonObject conn = world.json("GET", world.api + "/api/v1/connections", u[0], null).json().getJsonArray("items").getJsonObject(0);
    assertEquals(u[2], conn.getString("externalAccountId"), conn.encodePrettily());
    JsonObject clip = world.upload(u[0], PublishWorld.CLIP);
    String id = publishNow(u, clip.getString("id"), "Закат над Волгой #reels");
    JsonObject p = world.awaitPublication(u[0], id, PublishWorld.status("published", "failed", "unknown"), Duration.ofSeconds(60));
    assertEquals("published", p.getString("status"), p.encodePrettily());
    assertTrue(p.getString("externalUrl").matches("https://www\\.instagram\\.com/reel/[A-Za-z0-9]+/"), p.getString("externalUrl"));
    List<JsonObject> posts = postsOf(u[2]);
    assertEquals(1, posts.size(), world.ledger("instagram").encodePrettily());
    assertEquals(clip.getString("sha256"), posts.get(0).getString("sha256"));
    assertEquals(p.getString("externalId"), posts.get(0).getString("externalId"));
    // the stats verticle reads the reel's insights on its schedule (here: 1 s after publishing, then every 2 s)
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (world.count("SELECT count(*) FROM publication_stats WHERE publication_id = '" + id + "'") < 2 && System.nanoTime() < deadline) {
      Thread.sleep(200);
    }
    JsonArray series = world.json("GET", world.api + "/api/v1/publications/" + id + "/stats", u[0], null).json().getJsonArray("items");
    assertTrue(series.size() >= 2, "read on schedule more than once: " + series.encodePrettily() + "; reads "
        + world.count("SELECT stats_reads FROM publications WHERE id = '" + id + "'") + ", next in "
        + world.count("SELECT extract(epoch FROM stats_next_at - now())::bigint FROM publications WHERE id = '" + id + "'") + " s");
    JsonObject last = series.getJsonObject(series.size() - 1);
    assertTrue(last.getLong("views") >= series.getJsonObject(0).getLong("views") && last.getLong("views") > 0, series.encodePrettily());
    assertTrue(last.getLong("likes") != null && last.getLong("comments") != null && last.getLong("shares") != null, last.encodePrettily());
  }

  @Test
  void withTheUrlOptionMetaPullsTheSignedMediaLink() throws Exception {
    String[] u = connected();
    JsonObject clip = world.upload(u[0], PublishWorld.CLIP);
    String id = world.publish(u[0], new JsonObject().put("clipId", clip.getString("id")).put("targets", new JsonArray().add(new JsonObject()
        .put("connectionId", u[1]).put("caption", "pulled").put("options", new JsonObject().put("upload", "url"))))).getJsonObject(0).getString("id");
    JsonObject p = world.awaitPublication(u[0], id, PublishWorld.status("published", "failed", "unknown"), Duration.ofSeconds(60));
    assertEquals("published", p.getString("status"), p.encodePrettily());
    List<JsonObject> posts = postsOf(u[2]);
    assertEquals(1, posts.size());
    assertEquals(clip.getString("sha256"), posts.get(0).getString("sha256"), "Meta fetched the exact file from the signed link");
    assertEquals(false, posts.get(0).getJsonObject("extra").getBoolean("resumable"));
  }

  @Test
  void aPersonalAccountIsRefusedAtConnectWithTheFix() {
    Object[] c = connect("PERSONAL");
    PublishWorld.Reply r = (PublishWorld.Reply) c[1];
    assertEquals(400, r.status(), r.body());
    String message = r.json().getJsonObject("error").getString("message");
    assertTrue(message.contains("Personal Instagram accounts cannot publish") && message.contains("Switch to professional account")
        && message.contains("Facebook Page"), message);
  }

  @Test
  void aScheduledReelStartsWithinASecondOfItsTime() throws Exception {
    String[] u = connected();
    JsonObject clip = world.upload(u[0], PublishWorld.CLIP);
    BlockingQueue<JsonObject> stream = world.events(u[0]);
    Thread.sleep(300);
    ZoneId zone = ZoneId.of("Europe/Moscow");
    LocalDateTime local = LocalDateTime.now(zone).plusSeconds(3).truncatedTo(ChronoUnit.SECONDS);
    Instant due = local.atZone(zone).toInstant();
    String id = world.publish(u[0], new JsonObject().put("clipId", clip.getString("id")).put("publishAt", local.toString())
        .put("timeZone", zone.getId()).put("targets", new JsonArray().add(new JsonObject().put("connectionId", u[1]).put("caption", "on time"))))
        .getJsonObject(0).getString("id");
    Instant started = null;
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (started == null && System.nanoTime() < deadline) {
      JsonObject e = stream.poll(1, TimeUnit.SECONDS);
      if (e != null && id.equals(e.getString("publicationId")) && "publishing".equals(e.getString("to"))) started = Instant.parse(e.getString("at"));
    }
    assertTrue(started != null, "the publication never started");
    long lateMs = Duration.between(due, started).toMillis();
    System.out.printf("scheduled start on instagram: %d ms after its time%n", lateMs);
    assertTrue(lateMs >= 0 && lateMs < 1000, "started " + lateMs + " ms after its time");
    JsonObject p = world.awaitPublication(u[0], id, PublishWorld.status("published", "failed", "unknown"), Duration.ofSeconds(30));
    assertEquals("published", p.getString("status"));
    assertEquals(1, postsOf(u[2]).size());
  }

  /**
   * The chaos soak's "posted but failed": once Meta has the container's bytes, status checks that meet 503s are failed
   * checks with a budget of their own (retry.maxRetries), not spent attempts, so the reel ends published on attempt 1.
   */
  @Test
  void failedStatusChecksAfterTheUploadSpendNoAttempt() throws Exception {
    String[] u = connected();
    world.sandboxPost("/instagram/_sandbox/api", new JsonObject().put("processingMs", 4000));
    JsonObject clip = world.upload(u[0], PublishWorld.CLIP);
    String id = publishNow(u, clip.getString("id"), "checks fail");
    String uploaded = "SELECT count(*) FROM publications WHERE id = '" + id + "' AND upload_state @> '{\"uploaded\": true}'";
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (world.count(uploaded) == 0 && System.nanoTime() < deadline) Thread.sleep(20);
    assertEquals(1, world.count(uploaded), "the container has its bytes; Meta is processing them for 4 s");
    world.fault(new JsonObject().put("platform", "instagram").put("kind", "http_error").put("status", 503).put("match", "container").put("count", 3));
    JsonObject p = world.awaitPublication(u[0], id, PublishWorld.status("published", "failed", "unknown"), Duration.ofSeconds(60));
    assertEquals("published", p.getString("status"), p.encodePrettily());
    assertEquals(1, p.getInteger("attempts"), "failed checks spend no attempt: " + p.encodePrettily());
    assertEquals(3, world.count("SELECT (upload_state->'pending'->>'failedChecks')::int FROM publications WHERE id = '" + id + "'"),
        "three failed checks were counted, none since a check answered");
    assertEquals(0, world.count("SELECT count(*) FROM publication_events WHERE publication_id = '" + id + "' AND to_status = 'retrying'"));
    assertEquals(0, world.json("GET", world.sandbox + "/_sandbox/faults", null, null).json().getJsonArray("items").size(),
        "all three checks met the 503");
    assertEquals(1, postsOf(u[2]).size());
  }

  @Test
  void theDailyCapDefersWithTheReason() throws Exception {
    String[] u = connected();
    world.sandboxPost("/instagram/_sandbox/api", new JsonObject().put("publishLimit", 1));
    JsonObject clip = world.upload(u[0], PublishWorld.CLIP);
    String first = publishNow(u, clip.getString("id"), "first");
    world.awaitPublication(u[0], first, PublishWorld.status("published", "failed", "unknown"), Duration.ofSeconds(60));
    String second = publishNow(u, clip.getString("id"), "second");
    JsonObject p = world.awaitPublication(u[0], second, PublishWorld.status("retrying", "published", "failed", "unknown"), Duration.ofSeconds(60));
    assertEquals("retrying", p.getString("status"), p.encodePrettily());
    assertEquals("content_publishing_limit", p.getJsonObject("lastError").getString("code"));
    assertTrue(p.getJsonObject("lastError").getString("message").startsWith("Instagram's limit of 1 posts per 24 hours is used up for @creator"),
        p.encodePrettily());
    assertTrue(Instant.parse(p.getString("nextAttemptAt")).isAfter(Instant.now().plus(Duration.ofHours(23))), p.getString("nextAttemptAt"));
    assertEquals(0, p.getInteger("attempts"), "a deferral spends no attempt");
    assertEquals(1, postsOf(u[2]).size());
  }

  /** Last: a throttled Page pauses its connection's bucket for the wait (a minute), which would hold up the other tests. */
  @Test
  @Order(Integer.MAX_VALUE)
  void graphThrottlingIsRetriedLaterWithoutSpendingAnAttempt() throws Exception {
    String[] u = connected();
    JsonObject clip = world.upload(u[0], PublishWorld.CLIP);
    world.fault(new JsonObject().put("platform", "instagram").put("kind", "rate_limit").put("status", 17).put("match", "media"));
    String id = publishNow(u, clip.getString("id"), "throttled");
    JsonObject p = world.awaitPublication(u[0], id, PublishWorld.status("retrying", "published", "failed"), Duration.ofSeconds(60));
    assertEquals("retrying", p.getString("status"), p.encodePrettily());
    assertEquals("17", p.getJsonObject("lastError").getString("code"));
    assertEquals(0, p.getInteger("attempts"));
    assertTrue(postsOf(u[2]).isEmpty());
  }

  @Test
  void anExpiredTokenWaitsForTheUserToReconnect() throws Exception {
    String[] u = connected();
    JsonObject clip = world.upload(u[0], PublishWorld.CLIP);
    world.fault(new JsonObject().put("platform", "instagram").put("kind", "token_expired").put("match", "content_publishing_limit"));
    String id = publishNow(u, clip.getString("id"), "expired");
    JsonObject p = world.awaitPublication(u[0], id, PublishWorld.status("waiting_reconnect", "published", "failed"), Duration.ofSeconds(60));
    assertEquals("waiting_reconnect", p.getString("status"), p.encodePrettily());
    assertEquals("190/463", p.getJsonObject("lastError").getString("code"));
  }
}
