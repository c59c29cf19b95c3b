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

import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Facebook Reels end to end through the API: Facebook Login with the Page chosen at connect, publish now and scheduled,
 * the Page's 30 reels per 24 h deferring with its reason, Graph throttling retried without spending an attempt, and an
 * invalidated Page token sending the publication to waiting_reconnect.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FacebookPublishTest {
  private static final AtomicLong IDS = new AtomicLong(70_000);
  private static PublishWorld world;

  @BeforeAll
  static void start() throws Exception {
    world = new PublishWorld(new JsonObject().put("oauth", new JsonObject().put("clients", new JsonObject()
        .put("facebook", new JsonObject().put("clientId", "710000000000002").put("clientSecret", "sandbox-facebook-secret"))))
        .put("verticles", new JsonObject().put("api", 1).put("scheduler", 1).put("publish", 2).put("stats", 1))
        .put("stats", new JsonObject().put("afterPublishSeconds", new JsonArray().add(1)).put("thenEverySeconds", 2).put("pollSeconds", 1)));
  }

  @AfterAll
  static void stop() {
    world.close();
  }

  @BeforeEach
  void reset() {
    world.sandboxPost("/facebook/_sandbox/api", new JsonObject().put("processingMs", 200).put("reelsPerPagePerDay", 30));
  }

  /** Seeds a Facebook user managing {@code pages} (ids "5n", "6n", …) and makes the dialog approve as them; returns n. */
  private static long facebookUser(int pages) {
    long n = IDS.incrementAndGet();
    JsonArray list = new JsonArray();
    for (int i = 0; i < pages; i++) list.add(new JsonObject().put("id", (5 + i) + "" + n).put("name", "Page " + (5 + i) + "-" + n));
    world.sandboxPost("/facebook/_sandbox/users", new JsonObject().put("id", "1" + n).put("name", "Owner " + n).put("pages", list));
    world.sandboxPost("/facebook/_sandbox/oauth", new JsonObject().put("autoApprove", true).put("userId", "1" + n).putNull("grantPages"));
    return n;
  }

  /** A new pro user connected to a one-Page Facebook account: {token, connectionId, pageId}. */
  private static String[] connected() {
    long n = facebookUser(1);
    String token = world.user("pro");
    PublishWorld.Reply r = world.connectOAuth(token, "facebook");
    assertEquals(201, r.status(), r.body());
    return new String[] {token, r.json().getString("id"), "5" + n};
  }

  private static List<JsonObject> postsOf(String pageId) {
    List<JsonObject> mine = new ArrayList<>();
    world.ledger("facebook").forEach(o -> { if (pageId.equals(((JsonObject) o).getString("account"))) mine.add((JsonObject) o); });
    return mine;
  }

  private static String publishNow(String[] u, String clipId, String caption) {
    return world.publish(u[0], new JsonObject().put("clipId", clipId).put("targets", new JsonArray().add(new JsonObject()
        .put("connectionId", u[1]).put("caption", caption).put("title", "Reel")))).getJsonObject(0).getString("id");
  }

  @Test
  void aReelIsPublishedToThePageOnce() throws Exception {
    String[] u = connected();
    JsonObject clip = world.upload(u[0], PublishWorld.CLIP);
    String id = publishNow(u, clip.getString("id"), "Свежий хлеб #reels");
    JsonObject p = world.awaitPublication(u[0], id, PublishWorld.status("published", "failed", "unknown"), Duration.ofSeconds(60));
    assertEquals("published", p.getString("status"), p.encodePrettily());
    assertEquals("https://www.facebook.com/reel/" + p.getString("externalId"), p.getString("externalUrl"));
    List<JsonObject> posts = postsOf(u[2]);
    assertEquals(1, posts.size(), world.ledger("facebook").encodePrettily());
    assertEquals(clip.getString("sha256"), posts.get(0).getString("sha256"));
    assertEquals("Свежий хлеб #reels", posts.get(0).getString("caption"));
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
  void withSeveralPagesTheUserChoosesOne() {
    long n = facebookUser(2);
    String token = world.user("pro");
    PublishWorld.Reply refused = world.connectOAuth(token, "facebook");
    assertEquals(400, refused.status(), refused.body());
    JsonObject error = refused.json().getJsonObject("error");
    assertEquals("account_choice_required", error.getString("code"), refused.body());
    assertEquals("params.pageId", error.getString("field"));
    String message = error.getString("message");
    assertTrue(message.contains("pageId 5" + n) && message.contains("pageId 6" + n), message);
    assertEquals(List.of("5" + n, "6" + n), error.getJsonObject("details").getJsonArray("choices").stream()
        .map(o -> ((JsonObject) o).getString("id")).sorted().toList(), "the frontend can offer the Pages as buttons");

    PublishWorld.Reply started = world.json("POST", world.api + "/api/v1/connections/oauth/start", token, new JsonObject().put("platform", "facebook"));
    PublishWorld.Reply approved = world.send("GET", started.json().getString("authorizeUrl"), null, null, HttpRequest.BodyPublishers.noBody());
    Map<String, String> back = PublishWorld.query(approved.raw().headers().firstValue("Location").orElseThrow());
    PublishWorld.Reply chosen = world.json("POST", world.api + "/api/v1/connections/oauth/callback", token, new JsonObject()
        .put("state", back.get("state")).put("code", back.get("code")).put("params", new JsonObject().put("pageId", "6" + n)));
    assertEquals(201, chosen.status(), chosen.body());
    assertEquals("6" + n, chosen.json().getString("externalAccountId"));
    assertEquals("Page 6-" + n, chosen.json().getString("displayName"));
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
    System.out.printf("scheduled start on facebook: %d ms after its time%n", lateMs);
    assertTrue(lateMs >= 0 && lateMs < 1000, "started " + lateMs + " ms after its time");
    JsonObject p = world.awaitPublication(u[0], id, PublishWorld.status("published", "failed", "unknown"), Duration.ofSeconds(30));
    assertEquals("published", p.getString("status"));
    assertEquals(1, postsOf(u[2]).size());
  }

  @Test
  void thePagesReelLimitDefersWithTheReason() throws Exception {
    String[] u = connected();
    world.sandboxPost("/facebook/_sandbox/api", new JsonObject().put("reelsPerPagePerDay", 1));
    JsonObject clip = world.upload(u[0], PublishWorld.CLIP);
    String first = publishNow(u, clip.getString("id"), "first");
    world.awaitPublication(u[0], first, PublishWorld.status("published", "failed", "unknown"), Duration.ofSeconds(60));
    String second = publishNow(u, clip.getString("id"), "second");
    JsonObject p = world.awaitPublication(u[0], second, PublishWorld.status("retrying", "published", "failed", "unknown"), Duration.ofSeconds(60));
    assertEquals("retrying", p.getString("status"), p.encodePrettily());
    assertTrue(p.getJsonObject("lastError").getString("message").startsWith("Facebook allows 30 reels per Page in 24 hours and Page 5-"),
        p.encodePrettily());
    assertTrue(Instant.parse(p.getString("nextAttemptAt")).isAfter(Instant.now().plus(Duration.ofHours(23))), p.getString("nextAttemptAt"));
    assertEquals(0, p.getInteger("attempts"), "a deferral spends no attempt");
    assertEquals(1, postsOf(u[2]).size());
  }

  @Test
  void anInvalidatedPageTokenWaitsForTheUserToReconnect() throws Exception {
    String[] u = connected();
    JsonObject clip = world.upload(u[0], PublishWorld.CLIP);
    world.fault(new JsonObject().put("platform", "facebook").put("kind", "token_expired").put("match", "video_reels.start"));
    String id = publishNow(u, clip.getString("id"), "expired");
    JsonObject p = world.awaitPublication(u[0], id, PublishWorld.status("waiting_reconnect", "published", "failed"), Duration.ofSeconds(60));
    assertEquals("waiting_reconnect", p.getString("status"), p.encodePrettily());
    assertEquals("190/463", p.getJsonObject("lastError").getString("code"));
  }

  /** Last: a throttled Page pauses its connection's bucket for the wait (a minute), which would hold up the other tests. */
  @Test
  @Order(Integer.MAX_VALUE)
  void graphThrottlingIsRetriedLaterWithoutSpendingAnAttempt() throws Exception {
    String[] u = connected();
    JsonObject clip = world.upload(u[0], PublishWorld.CLIP);
    world.fault(new JsonObject().put("platform", "facebook").put("kind", "rate_limit").put("status", 32).put("match", "video_reels.start"));
    String id = publishNow(u, clip.getString("id"), "throttled");
    JsonObject p = world.awaitPublication(u[0], id, PublishWorld.status("retrying", "published", "failed"), Duration.ofSeconds(60));
    assertEquals("retrying", p.getString("status"), p.encodePrettily());
    assertEquals("32", p.getJsonObject("lastError").getString("code"));
    assertEquals(0, p.getInteger("attempts"));
    assertTrue(postsOf(u[2]).isEmpty());
  }
}
