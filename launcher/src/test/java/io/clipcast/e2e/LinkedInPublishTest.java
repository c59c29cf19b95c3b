package io.clipcast.e2e;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
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
 * LinkedIn end to end through the API: OAuth sign-in, publish now (initializeUpload → parts → finalizeUpload →
 * processing polled → post), a scheduled post starting within a second of its time, a 429 retried without spending
 * an attempt, a 401 answered by a refresh (and waiting_reconnect when the refresh is refused too), and a video LinkedIn
 * cannot process failing with LinkedIn's reason. Stats come from socialActions through the stats verticle.
 */
class LinkedInPublishTest {
  /** 80 KB: LinkedIn takes 75 KB and up (the usual 67 KB test clip is too small for it). */
  private static final Path CLIP = Path.of("../common/src/test/resources/media/landscape_rotate90.mp4");
  private static final AtomicLong MEMBERS = new AtomicLong(100);
  private static PublishWorld world;

  @BeforeAll
  static void start() throws Exception {
    world = new PublishWorld(new JsonObject()
        .put("oauth", new JsonObject().put("clients", new JsonObject().put("linkedin", new JsonObject()
            .put("clientId", "sandbox-linkedin-app").put("clientSecret", "sandbox-linkedin-secret"))))
        .put("verticles", new JsonObject().put("api", 1).put("scheduler", 1).put("publish", 2).put("stats", 1))
        .put("stats", new JsonObject().put("afterPublishSeconds", new JsonArray().add(1)).put("thenEverySeconds", 2).put("pollSeconds", 1)));
  }

  @AfterAll
  static void stop() {
    world.close();
  }

  @BeforeEach
  void settings() {
    // 32 KiB parts: the 80 KB clip goes up in three parts; processing short but long enough to be polled
    world.sandboxPost("/linkedin/_sandbox/settings", new JsonObject().put("partSizeBytes", 32 * 1024).put("processingMs", 300));
  }

  /** A new pro user who connected a new LinkedIn member: {token, connectionId, authorUrn}. */
  private static String[] signedIn() {
    String member = "e2eMember" + MEMBERS.incrementAndGet();
    world.sandboxPost("/linkedin/_sandbox/oauth", new JsonObject().put("autoApprove", true).put("member", new JsonObject().put("id", member)
        .put("givenName", "Ирина").put("familyName", "Автор" + member)));
    String token = world.user("pro");
    PublishWorld.Reply done = world.connectOAuth(token, "linkedin");
    assertEquals(201, done.status(), done.body());
    return new String[] {token, done.json().getString("id"), "urn:li:person:" + member};
  }

  private static JsonArray postsOf(String author) {
    JsonArray mine = new JsonArray();
    world.ledger("linkedin").stream().map(o -> (JsonObject) o).filter(p -> author.equals(p.getString("account"))).forEach(mine::add);
    return mine;
  }

  private static String publishNow(String[] u, String clipId, String caption) {
    return world.publish(u[0], new JsonObject().put("clipId", clipId).put("targets", new JsonArray().add(new JsonObject()
        .put("connectionId", u[1]).put("caption", caption).put("title", "Клип")))).getJsonObject(0).getString("id");
  }

  private static JsonObject awaitEnd(String[] u, String id) throws InterruptedException {
    return world.awaitPublication(u[0], id, PublishWorld.status("published", "failed", "unknown", "waiting_reconnect"), Duration.ofSeconds(60));
  }

  @Test
  void aClipIsPostedOnceAndItsReactionsAreCollected() throws Exception {
    String[] u = signedIn();
    JsonObject clip = world.upload(u[0], CLIP);
    String id = publishNow(u, clip.getString("id"), "Новый клип (часть 1) #clips @team");
    JsonObject p = awaitEnd(u, id);
    assertEquals("published", p.getString("status"), p.encodePrettily());
    assertTrue(p.getString("externalUrl").matches("https://www\\.linkedin\\.com/feed/update/urn:li:share:\\d+/"), p.getString("externalUrl"));
    JsonArray posts = postsOf(u[2]);
    assertEquals(1, posts.size(), world.ledger("linkedin").encodePrettily());
    JsonObject post = posts.getJsonObject(0);
    assertEquals(clip.getString("sha256"), post.getString("sha256"));
    assertEquals("Новый клип (часть 1) #clips @team", post.getString("caption"));
    assertEquals(p.getString("externalId"), post.getString("externalId"));
    // finalizeUpload is followed at once by a status read, which finds PROCESSING (300 ms): the job came back pending
    assertEquals(1, p.getInteger("attempts"), "processing was polled without spending attempts");

    // the stats verticle reads socialActions on its schedule (here: 1 s after publishing, then every 2 s)
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (System.nanoTime() < deadline && world.count("SELECT count(*) FROM publication_stats WHERE publication_id = '" + id + "'") < 2) {
      Thread.sleep(200);
    }
    JsonArray series = world.json("GET", world.api + "/api/v1/publications/" + id + "/stats", u[0], null).json().getJsonArray("items");
    assertTrue(series.size() >= 2, "read on schedule more than once: " + series.encodePrettily());
    JsonObject last = series.getJsonObject(series.size() - 1);
    assertTrue(last.getLong("likes") >= series.getJsonObject(0).getLong("likes"), series.encodePrettily());
    assertTrue(last.containsKey("comments"), last.encode());
  }

  @Test
  void aScheduledPostStartsWithinASecondOfItsTime() throws Exception {
    String[] u = signedIn();
    JsonObject clip = world.upload(u[0], CLIP);
    BlockingQueue<JsonObject> stream = world.events(u[0]);
    Thread.sleep(300);
    ZoneId zone = ZoneId.of("Europe/Moscow");
    LocalDateTime local = LocalDateTime.now(zone).plusSeconds(4).truncatedTo(ChronoUnit.SECONDS);
    Instant due = local.atZone(zone).toInstant();
    String id = world.publish(u[0], new JsonObject().put("clipId", clip.getString("id")).put("publishAt", local.toString())
        .put("timeZone", zone.getId()).put("targets", new JsonArray().add(new JsonObject().put("connectionId", u[1])
            .put("caption", "По расписанию")))).getJsonObject(0).getString("id");

    List<String> steps = new ArrayList<>();
    Instant started = null;
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (!steps.contains("published") && System.nanoTime() < deadline) {
      JsonObject e = stream.poll(1, TimeUnit.SECONDS);
      if (e == null || !id.equals(e.getString("publicationId", e.getString("id")))) continue;
      if (steps.isEmpty() || !steps.get(steps.size() - 1).equals(e.getString("to"))) steps.add(e.getString("to"));
      if ("publishing".equals(e.getString("to")) && started == null) started = Instant.parse(e.getString("at"));
    }
    assertEquals(List.of("scheduled", "queued", "publishing", "published"), steps);
    long lateMs = Duration.between(due, started).toMillis();
    System.out.printf("scheduled start on linkedin: %d ms after its time%n", lateMs);
    assertTrue(lateMs >= 0 && lateMs < 1000, "started " + lateMs + " ms after its time");
    assertEquals(1, postsOf(u[2]).size());
    assertEquals(clip.getString("sha256"), postsOf(u[2]).getJsonObject(0).getString("sha256"));
  }

  @Test
  void a429IsRetriedAfterLinkedInsWaitWithoutSpendingAnAttempt() throws Exception {
    String[] u = signedIn();
    JsonObject clip = world.upload(u[0], CLIP);
    world.fault(new JsonObject().put("platform", "linkedin").put("kind", "rate_limit").put("match", "videos.initializeUpload")
        .put("retryAfterSeconds", 1));
    String id = publishNow(u, clip.getString("id"), "после паузы");
    JsonObject p = awaitEnd(u, id);
    assertEquals("published", p.getString("status"), p.encodePrettily());
    assertEquals(1, p.getInteger("attempts"), "the wait for the rate limit spent no attempt");
    assertEquals(1, world.count("SELECT count(*) FROM publication_events WHERE publication_id = '" + id + "' AND to_status = 'retrying'"));
    assertEquals(1, postsOf(u[2]).size());
  }

  @Test
  void a401IsAnsweredByARefreshAndARefusedRefreshWaitsForReconnect() throws Exception {
    String[] u = signedIn();
    JsonObject clip = world.upload(u[0], CLIP);
    world.fault(new JsonObject().put("platform", "linkedin").put("kind", "token_expired").put("match", "videos.initializeUpload"));
    String id = publishNow(u, clip.getString("id"), "после обновления токена");
    JsonObject p = awaitEnd(u, id);
    assertEquals("published", p.getString("status"), p.encodePrettily());
    assertEquals(1, p.getInteger("attempts"), "refreshed within the attempt");
    assertEquals(1, postsOf(u[2]).size());

    world.fault(new JsonObject().put("platform", "linkedin").put("kind", "token_expired").put("match", "videos.initializeUpload"));
    world.fault(new JsonObject().put("platform", "linkedin").put("kind", "token_expired").put("match", "oauth.accessToken"));
    String second = publishNow(u, clip.getString("id"), "без доступа");
    JsonObject waiting = awaitEnd(u, second);
    assertEquals("waiting_reconnect", waiting.getString("status"), waiting.encodePrettily());
    assertEquals("expired", world.json("GET", world.api + "/api/v1/connections", u[0], null).json().getJsonArray("items")
        .getJsonObject(0).getString("status"));
    assertEquals(1, postsOf(u[2]).size());
  }

  @Test
  void aVideoLinkedInCannotProcessFailsWithItsReason() throws Exception {
    String[] u = signedIn();
    JsonObject clip = world.upload(u[0], CLIP);
    world.fault(new JsonObject().put("platform", "linkedin").put("kind", "processing_failure").put("match", "finalizeUpload"));
    String id = publishNow(u, clip.getString("id"), "не обработается");
    JsonObject p = awaitEnd(u, id);
    assertEquals("failed", p.getString("status"), p.encodePrettily());
    assertEquals("PROCESSING_FAILED", p.getJsonObject("lastError").getString("code"));
    assertTrue(p.getJsonObject("lastError").getString("message").contains("could not be transcoded"), p.encodePrettily());
    assertEquals(0, postsOf(u[2]).size());
  }
}
