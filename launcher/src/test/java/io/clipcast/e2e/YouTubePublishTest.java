package io.clipcast.e2e;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * YouTube Shorts end to end through the API: Google sign-in, publish now (resumable upload, processing polled, then
 * counters collected by the stats verticle) and at a scheduled time, the project's daily quota used up (retrying until just after midnight Pacific, saying so), a token
 * YouTube refuses refreshed by the worker, and a refresh Google refuses parking the post until the user reconnects.
 */
class YouTubePublishTest {
  private static final String CLIENT_ID = "400000000004-e2e.apps.googleusercontent.com";
  private static final String CLIENT_SECRET = "GOCSPX-e2e";
  private static final ZoneId PACIFIC = ZoneId.of("America/Los_Angeles");
  private static final AtomicLong CHANNELS = new AtomicLong();
  private static PublishWorld world;

  @BeforeAll
  static void start() throws Exception {
    world = new PublishWorld(new JsonObject().put("oauth", new JsonObject().put("clients", new JsonObject().put("youtube",
            new JsonObject().put("clientId", CLIENT_ID).put("clientSecret", CLIENT_SECRET).put("audited", true))))
        .put("verticles", new JsonObject().put("api", 1).put("scheduler", 1).put("publish", 2).put("stats", 1))
        .put("stats", new JsonObject().put("afterPublishSeconds", new JsonArray().add(1)).put("thenEverySeconds", 2).put("pollSeconds", 1)));
    world.sandboxPost("/youtube/_sandbox/clients", new JsonObject().put("clientId", CLIENT_ID).put("clientSecret", CLIENT_SECRET)
        .put("redirectUris", new JsonArray().add("https://app.example.com/oauth/callback")).put("audited", true));   // an audited Google project
    world.sandboxPost("/youtube/_sandbox/settings", new JsonObject().put("processingMs", 300));
  }

  @AfterAll
  static void stop() {
    world.close();
  }

  @BeforeEach
  void clearFaults() {
    world.send("DELETE", world.sandbox + "/_sandbox/faults", null, null, java.net.http.HttpRequest.BodyPublishers.noBody());
  }

  /** A new pro user who connected a new YouTube channel: {token, connectionId, channelId}. */
  private static String[] signedIn() {
    String channel = "UCe2eChannel" + String.format("%012d", CHANNELS.incrementAndGet());
    world.sandboxPost("/youtube/_sandbox/oauth", new JsonObject().put("autoApprove", true).put("channel", new JsonObject()
        .put("id", channel).put("title", "Канал " + channel)));
    String token = world.user("pro");
    PublishWorld.Reply done = world.connectOAuth(token, "youtube");
    assertEquals(201, done.status(), done.body());
    assertEquals(channel, done.json().getString("externalAccountId"));
    assertEquals("Канал " + channel, done.json().getString("displayName"));
    return new String[] {token, done.json().getString("id"), channel};
  }

  private static JsonArray postsOf(String channel) {
    JsonArray mine = new JsonArray();
    world.ledger("youtube").stream().map(o -> (JsonObject) o).filter(p -> channel.equals(p.getString("account"))).forEach(mine::add);
    return mine;
  }

  private static String publishNow(String[] u, String clipId) {
    return publishNow(u, clipId, new JsonObject());
  }

  private static String publishNow(String[] u, String clipId, JsonObject options) {
    return world.publish(u[0], new JsonObject().put("clipId", clipId).put("timeZone", "Europe/Moscow").put("targets", new JsonArray()
        .add(new JsonObject().put("connectionId", u[1]).put("caption", "Закат над Волгой").put("title", "Волга").put("options", options))))
        .getJsonObject(0).getString("id");
  }

  @Test
  void aShortIsPublishedOnceAfterProcessingWithItsShortsLink() throws Exception {
    String[] u = signedIn();
    JsonObject clip = world.upload(u[0], PublishWorld.CLIP);
    String id = publishNow(u, clip.getString("id"), new JsonObject().put("privacy", "unlisted").put("tags", new JsonArray().add("волга")));
    JsonObject p = world.awaitPublication(u[0], id, PublishWorld.status("published", "failed", "unknown", "waiting_reconnect"),
        Duration.ofSeconds(60));
    assertEquals("published", p.getString("status"), p.encodePrettily());
    JsonArray posts = postsOf(u[2]);
    assertEquals(1, posts.size(), world.ledger("youtube").encodePrettily());
    JsonObject post = posts.getJsonObject(0);
    assertEquals(clip.getString("sha256"), post.getString("sha256"));
    assertEquals("https://www.youtube.com/shorts/" + post.getString("externalId"), p.getString("externalUrl"));
    assertEquals("Волга #Shorts", post.getString("title"));
    assertEquals("Закат над Волгой", post.getString("caption"));
    assertEquals("unlisted", post.getJsonObject("extra").getString("privacyStatus"));
    assertEquals(new JsonArray().add("волга"), post.getJsonObject("extra").getJsonArray("tags"));
    assertEquals(1, p.getInteger("attempts"), "processing was polled without spending attempts");

    // the stats verticle reads videos.list?part=statistics on its schedule (here 1 s after publishing, then every 2 s)
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (world.count("SELECT count(*) FROM publication_stats WHERE publication_id = '" + id + "'") < 2 && System.nanoTime() < deadline) {
      Thread.sleep(200);
    }
    JsonArray series = world.json("GET", world.api + "/api/v1/publications/" + id + "/stats", u[0], null).json().getJsonArray("items");
    assertTrue(series.size() >= 2, series.encodePrettily());
    assertTrue(series.getJsonObject(series.size() - 1).getLong("views") > series.getJsonObject(0).getLong("views"),
        "views grow: " + series.encodePrettily());
  }

  /** An unverified Google project: YouTube locks the upload to private; the user sees the Studio link and why (issue 13 row 4). */
  @Test
  void anUploadLockedToPrivateSaysSoThroughTheApi() throws Exception {
    String[] u = signedIn();
    world.sandboxPost("/youtube/_sandbox/projects", new JsonObject().put("clientId", CLIENT_ID).put("audited", false));
    try {
      JsonObject clip = world.upload(u[0], PublishWorld.CLIP);
      String id = publishNow(u, clip.getString("id"), new JsonObject().put("privacy", "public"));
      JsonObject p = world.awaitPublication(u[0], id, PublishWorld.status("published", "failed", "unknown", "waiting_reconnect"),
          Duration.ofSeconds(60));
      assertEquals("published", p.getString("status"), p.encodePrettily());
      assertTrue(p.getString("externalUrl").startsWith("https://studio.youtube.com/video/"), p.encodePrettily());
      assertTrue(p.getString("note").startsWith("Uploaded as private"), p.encodePrettily());
      JsonArray events = world.json("GET", world.api + "/api/v1/publications/" + id, u[0], null).json().getJsonArray("timeline");
      assertTrue(events.stream().map(o -> (JsonObject) o).anyMatch(e -> "published".equals(e.getString("to"))
          && e.getJsonObject("detail", new JsonObject()).getString("note", "").startsWith("Uploaded as private")), events.encodePrettily());
    } finally {
      world.sandboxPost("/youtube/_sandbox/projects", new JsonObject().put("clientId", CLIENT_ID).put("audited", true));
    }
  }

  @Test
  void aScheduledShortStartsWithinASecondOfItsTime() throws Exception {
    String[] u = signedIn();
    JsonObject clip = world.upload(u[0], PublishWorld.CLIP);
    BlockingQueue<JsonObject> stream = world.events(u[0]);
    Thread.sleep(300);
    ZoneId zone = ZoneId.of("Europe/Moscow");
    LocalDateTime local = LocalDateTime.now(zone).plusSeconds(3).truncatedTo(ChronoUnit.SECONDS);
    Instant due = local.atZone(zone).toInstant();
    String id = world.publish(u[0], new JsonObject().put("clipId", clip.getString("id")).put("publishAt", local.toString())
        .put("timeZone", zone.getId()).put("targets", new JsonArray().add(new JsonObject().put("connectionId", u[1])
            .put("caption", "В назначенное время").put("title", "По расписанию")))).getJsonObject(0).getString("id");

    List<String> steps = new ArrayList<>();
    Instant started = null;
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (!steps.contains("published") && System.nanoTime() < deadline) {
      JsonObject e = stream.poll(1, TimeUnit.SECONDS);
      if (e == null || !id.equals(e.getString("publicationId", id))) continue;
      steps.add(e.getString("to"));
      if ("publishing".equals(e.getString("to")) && started == null) started = Instant.parse(e.getString("at"));
    }
    assertEquals("published", steps.get(steps.size() - 1), steps.toString());
    assertEquals(List.of("scheduled", "queued", "publishing"), steps.subList(0, 3), steps.toString());
    long lateMs = Duration.between(due, started).toMillis();
    System.out.printf("scheduled start on youtube: %d ms after its time%n", lateMs);
    assertTrue(lateMs >= 0 && lateMs < 1000, "started " + lateMs + " ms after its time");
    assertEquals(1, postsOf(u[2]).size());
  }

  @Test
  void whenTheProjectsUploadsForTheDayAreUsedUpThePostWaitsForMidnightPacificAndSaysSo() throws Exception {
    String[] u = signedIn();
    JsonObject clip = world.upload(u[0], PublishWorld.CLIP);
    LocalDate day = LocalDate.now(PACIFIC);
    String scope = "project:" + CLIENT_ID + ":uploads";
    world.sql("INSERT INTO platform_quota_usage (platform, scope, day, units) VALUES ('youtube', '" + scope + "', '" + day + "', 100)"
        + " ON CONFLICT (platform, scope, day) DO UPDATE SET units = 100");
    try {
      String id = publishNow(u, clip.getString("id"));
      JsonObject p = world.awaitPublication(u[0], id, PublishWorld.status("retrying", "published", "failed"), Duration.ofSeconds(30));
      assertEquals("retrying", p.getString("status"), p.encodePrettily());
      Instant reset = day.plusDays(1).atStartOfDay(PACIFIC).plusSeconds(60).toInstant();
      String msk = DateTimeFormatter.ofPattern("HH:mm", Locale.ROOT).format(reset.atZone(ZoneId.of("Europe/Moscow")));
      assertEquals("YouTube daily upload limit reached; publishing at 00:01 PT = " + msk + " MSK",
          p.getJsonObject("lastError").getString("message"));
      assertEquals("quotaExceeded", p.getJsonObject("lastError").getString("code"));
      Instant next = OffsetDateTime.parse(p.getString("nextAttemptAt")).toInstant();
      assertTrue(Math.abs(Duration.between(reset, next).toMillis()) < 5_000, next + " vs " + reset);
      assertTrue(postsOf(u[2]).isEmpty(), "YouTube was not asked");
    } finally {
      world.sql("DELETE FROM platform_quota_usage WHERE platform = 'youtube'");
    }
  }

  @Test
  void aTokenYouTubeRefusesIsRefreshedAndThePostGoesOut() throws Exception {
    String[] u = signedIn();
    JsonObject clip = world.upload(u[0], PublishWorld.CLIP);
    world.fault(new JsonObject().put("platform", "youtube").put("kind", "token_expired").put("match", "videos.insert"));
    String id = publishNow(u, clip.getString("id"));
    JsonObject p = world.awaitPublication(u[0], id, PublishWorld.status("published", "failed", "unknown", "waiting_reconnect"),
        Duration.ofSeconds(60));
    assertEquals("published", p.getString("status"), p.encodePrettily());
    assertEquals(1, p.getInteger("attempts"), "refreshed within the attempt");
    assertEquals(1, postsOf(u[2]).size());
    assertEquals("connected", connection(u).getString("status"));
  }

  @Test
  void aRefreshGoogleRefusesParksThePostUntilTheChannelIsReconnected() throws Exception {
    String[] u = signedIn();
    JsonObject clip = world.upload(u[0], PublishWorld.CLIP);
    world.fault(new JsonObject().put("platform", "youtube").put("kind", "token_expired").put("match", "videos.insert"));
    world.fault(new JsonObject().put("platform", "youtube").put("kind", "token_expired").put("match", "oauth.token"));
    String id = publishNow(u, clip.getString("id"));
    JsonObject p = world.awaitPublication(u[0], id, PublishWorld.status("published", "failed", "unknown", "waiting_reconnect"),
        Duration.ofSeconds(60));
    assertEquals("waiting_reconnect", p.getString("status"), p.encodePrettily());
    assertEquals("invalid_grant", p.getJsonObject("lastError").getString("code"));
    assertEquals("expired", connection(u).getString("status"));
    assertTrue(postsOf(u[2]).isEmpty());
  }

  private static JsonObject connection(String[] u) {
    return world.json("GET", world.api + "/api/v1/connections", u[0], null).json().getJsonArray("items").stream()
        .map(o -> (JsonObject) o).filter(c -> u[1].equals(c.getString("id"))).findFirst().orElseThrow();
  }
}
