package io.clipcast.e2e;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * VK end to end: VK ID sign-in, publish now (video.save → streamed upload → wall.post), an answer lost after wall.post
 * resolved without a second post, an expired access token refreshed by the worker, and view/like stats collected by
 * the stats verticle and served per clip (JSON and CSV).
 */
class VkPublishTest {
  private static final AtomicLong USERS = new AtomicLong(8_100_000);
  private static PublishWorld world;

  @BeforeAll
  static void start() throws Exception {
    world = new PublishWorld(new JsonObject() // the wall.post route: its lost-answer case is a wall.post (docs/platforms/vk.md)
        .put("oauth", new JsonObject().put("clients", new JsonObject().put("vk", new JsonObject().put("route", "wallPost"))))
        .put("verticles", new JsonObject().put("api", 1).put("scheduler", 1).put("publish", 2).put("stats", 1))
        .put("stats", new JsonObject().put("afterPublishSeconds", new JsonArray().add(1)).put("thenEverySeconds", 2).put("pollSeconds", 1)));
    world.sandboxPost("/vk/_sandbox/api", new JsonObject().put("processingMs", 200));
  }

  @AfterAll
  static void stop() {
    world.close();
  }

  /** A new pro user who signed in with a new VK account: {token, connectionId, vkUserId}. */
  private static String[] signedIn() throws Exception {
    long vkId = USERS.incrementAndGet();
    world.sandboxPost("/vk/_sandbox/oauth", new JsonObject().put("autoApprove", true).put("user", new JsonObject().put("id", vkId)
        .put("firstName", "Мария").put("lastName", "Блогер" + vkId).put("avatar", "https://sun.userapi.com/" + vkId + ".jpg")));
    String token = world.user("pro");
    PublishWorld.Reply done = world.connectOAuth(token, "vk");
    assertEquals(201, done.status(), done.body());
    return new String[] {token, done.json().getString("id"), Long.toString(vkId)};
  }

  private static JsonArray postsOf(String vkUserId) {
    JsonArray mine = new JsonArray();
    world.ledger("vk").stream().map(o -> (JsonObject) o).filter(p -> vkUserId.equals(p.getString("account"))).forEach(mine::add);
    return mine;
  }

  private static String publishNow(String[] u, String clipId, String caption) {
    return world.publish(u[0], new JsonObject().put("clipId", clipId).put("targets", new JsonArray().add(new JsonObject()
        .put("connectionId", u[1]).put("caption", caption).put("title", "Клип")))).getJsonObject(0).getString("id");
  }

  @Test
  void aClipGoesToTheWallOnceAndItsStatsAreCollected() throws Exception {
    String[] u = signedIn();
    JsonObject clip = world.upload(u[0], PublishWorld.CLIP);
    String id = publishNow(u, clip.getString("id"), "Смотрите до конца 👀");
    JsonObject p = world.awaitPublication(u[0], id, PublishWorld.status("published", "failed", "unknown"), Duration.ofSeconds(60));
    assertEquals("published", p.getString("status"), p.encodePrettily());
    assertTrue(p.getString("externalUrl").matches("https://vk\\.com/wall" + u[2] + "_\\d+"), p.getString("externalUrl"));
    JsonArray posts = postsOf(u[2]);
    assertEquals(1, posts.size(), world.ledger("vk").encodePrettily());
    assertEquals(clip.getString("sha256"), posts.getJsonObject(0).getString("sha256"));
    assertEquals("Смотрите до конца 👀", posts.getJsonObject(0).getString("caption"));

    // the stats verticle reads video.get on its schedule (here: 1 s after publishing, then every 2 s)
    JsonObject stats = null;
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (System.nanoTime() < deadline) {
      stats = world.json("GET", world.api + "/api/v1/clips/" + clip.getString("id") + "/stats", u[0], null).json();
      JsonObject latest = stats.getJsonArray("items").getJsonObject(0).getJsonObject("latest");
      if (latest != null && world.count("SELECT count(*) FROM publication_stats WHERE publication_id = '" + id + "'") >= 2) break;
      Thread.sleep(200);
    }
    JsonObject latest = stats.getJsonArray("items").getJsonObject(0).getJsonObject("latest");
    assertTrue(latest != null, stats.encodePrettily());
    assertEquals(latest.getLong("views"), stats.getJsonObject("totals").getLong("views"));
    JsonArray series = world.json("GET", world.api + "/api/v1/publications/" + id + "/stats", u[0], null).json().getJsonArray("items");
    assertTrue(series.size() >= 2, "read on schedule more than once: " + series.encodePrettily());
    assertTrue(series.getJsonObject(series.size() - 1).getLong("views") >= series.getJsonObject(0).getLong("views"), "views only grow");
    PublishWorld.Reply csv = world.send("GET", world.api + "/api/v1/clips/" + clip.getString("id") + "/stats?format=csv", u[0], null,
        HttpRequest.BodyPublishers.noBody());
    assertEquals(200, csv.status());
    assertTrue(csv.raw().headers().firstValue("Content-Type").orElse("").startsWith("text/csv"));
    assertTrue(csv.body().startsWith("publication_id,platform,url,published_at,collected_at,views,likes,comments,shares\r\n" + id + ",vk,"),
        csv.body());
    assertEquals(404, world.json("GET", world.api + "/api/v1/clips/" + clip.getString("id") + "/stats", world.user("pro"), null).status(),
        "another user's clip is not found");
  }

  @Test
  void aLostWallPostAnswerIsResolvedWithoutASecondPost() throws Exception {
    String[] u = signedIn();
    JsonObject clip = world.upload(u[0], PublishWorld.CLIP);
    world.fault(new JsonObject().put("platform", "vk").put("kind", "lost_response").put("match", "wall.post"));
    String id = publishNow(u, clip.getString("id"), "once only");
    JsonObject p = world.awaitPublication(u[0], id, PublishWorld.status("published", "failed", "unknown"), Duration.ofSeconds(60));
    assertEquals("published", p.getString("status"), p.encodePrettily());
    // the file had landed, so the lost answer was a failed check, not a spent attempt: the recheck found VK's post
    assertEquals(1, p.getInteger("attempts"), "the recheck found the post VK had made: " + p.encodePrettily());
    assertEquals(1, postsOf(u[2]).size(), "VK has it once");
  }

  @Test
  void anAccessTokenVkNoLongerAcceptsIsRefreshedAndThePostGoesOut() throws Exception {
    String[] u = signedIn();
    JsonObject clip = world.upload(u[0], PublishWorld.CLIP);
    world.fault(new JsonObject().put("platform", "vk").put("kind", "token_expired").put("match", "video.save"));
    String id = publishNow(u, clip.getString("id"), "after refresh");
    JsonObject p = world.awaitPublication(u[0], id, PublishWorld.status("published", "failed", "unknown", "waiting_reconnect"),
        Duration.ofSeconds(60));
    assertEquals("published", p.getString("status"), p.encodePrettily());
    assertEquals(1, p.getInteger("attempts"), "refreshed within the attempt");
    assertEquals(1, postsOf(u[2]).size());
    assertEquals("connected", world.json("GET", world.api + "/api/v1/connections", u[0], null).json().getJsonArray("items")
        .getJsonObject(0).getString("status"));
  }
}
