package io.clipcast.sandbox.facebook;

import io.clipcast.sandbox.meta.MetaSandbox;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Facebook Reels simulator over HTTP: Page tokens, the three phases, rupload resume, status phases, the cap, insights. */
class FacebookSimulatorTest {
  private static final String API = "/facebook/api/v21.0";
  private static final byte[] FILE = MetaSandbox.bytes(400_000, 11);
  private static MetaSandbox sb;
  private static int pages = 300;
  private String pageId;
  private String pageToken;
  private String userToken;

  @BeforeAll
  static void boot() throws Exception {
    sb = new MetaSandbox();
  }

  @AfterAll
  static void stop() throws Exception {
    sb.close();
  }

  /** Each test gets its own Page (its own 24 h window) with a token derived from a long-lived user token. */
  @BeforeEach
  void reset() throws Exception {
    sb.clear();
    sb.control("/facebook/_sandbox/api", new JsonObject().put("processingMs", 100).put("reelsPerPagePerDay", 30));
    pageId = Integer.toString(++pages);
    String user = "9" + pageId;
    sb.control("/facebook/_sandbox/users", new JsonObject().put("id", user).put("name", "Owner").put("pages", new JsonArray()
        .add(new JsonObject().put("id", pageId).put("name", "Reels " + pageId))));
    JsonObject t = sb.control("/facebook/_sandbox/tokens", new JsonObject().put("userId", user).put("clientId", FacebookSimulator.APP_ID));
    userToken = t.getString("access_token");
    pageToken = t.getJsonObject("pages").getString(pageId);
  }

  private MetaSandbox.Resp reels(Map<String, String> form) throws Exception {
    return sb.postForm(API + "/" + pageId + "/video_reels", form);
  }

  private JsonObject start() throws Exception {
    MetaSandbox.Resp r = reels(Map.of("upload_phase", "start", "access_token", pageToken));
    assertEquals(200, r.status(), r.body());
    return r.json();
  }

  private MetaSandbox.Resp upload(String url, long offset, byte[] body) throws Exception {
    return sb.upload(url, Map.of("Authorization", "OAuth " + pageToken, "offset", Long.toString(offset), "file_size",
        Integer.toString(FILE.length)), body);
  }

  private JsonObject status(String videoId) throws Exception {
    return sb.get(API + "/" + videoId + "?fields=status", pageToken).json().getJsonObject("status");
  }

  private JsonObject awaitPhase(String videoId, String phase, String wanted) throws Exception {
    long deadline = System.currentTimeMillis() + 5000;
    JsonObject s = status(videoId);
    while (!wanted.equals(s.getJsonObject(phase).getString("status"))) {
      if (System.currentTimeMillis() > deadline) throw new AssertionError(phase + " never " + wanted + ": " + s.encodePrettily());
      Thread.sleep(30);
      s = status(videoId);
    }
    return s;
  }

  @Test
  void aReelGoesThroughThreePhasesAndIsPublishedOnce() throws Exception {
    MetaSandbox.Resp withUserToken = reels(Map.of("upload_phase", "start", "access_token", userToken));
    assertEquals(210, withUserToken.code(), "a Page token is required");
    assertEquals(100, reels(Map.of("upload_phase", "begin", "access_token", pageToken)).code());
    JsonObject started = start();
    String videoId = started.getString("video_id");
    assertTrue(started.getString("upload_url").endsWith("/facebook/upload/video-upload/v21.0/" + videoId));
    MetaSandbox.Resp early = reels(Map.of("upload_phase", "finish", "video_id", videoId, "video_state", "PUBLISHED", "access_token", pageToken));
    assertEquals(100, early.code(), "finish before the bytes are in");
    assertEquals(400, sb.upload(started.getString("upload_url"), Map.of("Authorization", "OAuth " + pageToken), FILE).status(), "headers required");
    assertEquals(new JsonObject().put("success", true), upload(started.getString("upload_url"), 0, FILE).json());
    assertEquals("upload_complete", status(videoId).getString("video_status"));
    assertEquals(100, reels(Map.of("upload_phase", "finish", "video_id", videoId, "video_state", "LIVE", "access_token", pageToken)).code());
    MetaSandbox.Resp finished = reels(Map.of("upload_phase", "finish", "video_id", videoId, "video_state", "PUBLISHED",
        "description", "Page reel #fb", "title", "Reel", "access_token", pageToken));
    assertEquals(200, finished.status(), finished.body());
    assertEquals(true, finished.json().getBoolean("success"));
    assertEquals(100, reels(Map.of("upload_phase", "finish", "video_id", videoId, "video_state", "PUBLISHED", "access_token", pageToken)).code(),
        "a reel is finished once");
    JsonObject s = awaitPhase(videoId, "publishing_phase", "complete");
    assertEquals("ready", s.getString("video_status"));
    assertEquals("published", s.getJsonObject("publishing_phase").getString("publish_status"));
    JsonArray posts = sb.ledger("facebook");
    assertEquals(1, posts.size());
    assertEquals(MetaSandbox.sha256(FILE), posts.getJsonObject(0).getString("sha256"));
    assertEquals(pageId, posts.getJsonObject(0).getString("account"));
    assertEquals("Page reel #fb", posts.getJsonObject(0).getString("caption"));
    JsonArray insights = sb.get(API + "/" + videoId + "/video_insights?metric=blue_reels_play_count,post_video_social_actions", pageToken)
        .json().getJsonArray("data");
    assertEquals(2, insights.size());
    assertEquals(100, sb.get(API + "/" + videoId + "/video_insights?metric=total_video_impressions_fantasy", pageToken).code());
  }

  @Test
  void anInterruptedUploadResumesAtBytesTransferred() throws Exception {
    JsonObject started = start();
    String url = started.getString("upload_url");
    sb.fault("facebook", new JsonObject().put("kind", "reset").put("match", "upload").put("afterBytes", 100_000));
    MetaSandbox.Resp cut = sb.sendOrNull(new RequestOptions().setMethod(HttpMethod.POST).setAbsoluteURI(sb.base + url.substring(url.indexOf("/facebook/")))
        .putHeader("Authorization", "OAuth " + pageToken).putHeader("offset", "0").putHeader("file_size", Integer.toString(FILE.length)),
        Buffer.buffer(FILE));
    assertNull(cut, "the connection was dropped");
    JsonObject uploading = status(started.getString("video_id")).getJsonObject("uploading_phase");
    long have = uploading.getLong("bytes_transferred");
    assertTrue(have >= 100_000 && have < FILE.length, uploading.encode());
    assertEquals("in_progress", uploading.getString("status"));
    MetaSandbox.Resp wrong = upload(url, 0, FILE);
    assertEquals("OffsetInvalidError", wrong.json().getJsonObject("debug_info").getString("type"));
    byte[] rest = java.util.Arrays.copyOfRange(FILE, (int) have, FILE.length);
    assertEquals(200, upload(url, have, rest).status());
    assertEquals("complete", status(started.getString("video_id")).getJsonObject("uploading_phase").getString("status"));
    reels(Map.of("upload_phase", "finish", "video_id", started.getString("video_id"), "video_state", "PUBLISHED", "access_token", pageToken));
    awaitPhase(started.getString("video_id"), "publishing_phase", "complete");
    assertEquals(MetaSandbox.sha256(FILE), sb.ledger("facebook").getJsonObject(0).getString("sha256"), "the resumed file is whole");
  }

  @Test
  void aSlowUploadIsReadAtTheGivenPace() throws Exception {
    JsonObject started = start();
    sb.fault("facebook", new JsonObject().put("kind", "slow").put("match", "upload").put("bytesPerSecond", 1_000_000));
    long t0 = System.nanoTime();
    assertEquals(200, upload(started.getString("upload_url"), 0, FILE).status());
    long ms = (System.nanoTime() - t0) / 1_000_000;
    assertTrue(ms >= 300, "400 KB at 1 MB/s took " + ms + " ms");
    assertEquals("complete", status(started.getString("video_id")).getJsonObject("uploading_phase").getString("status"));
  }

  /** One reel through start, upload and finish (PUBLISHED), awaited until live: the finish's answer. */
  private MetaSandbox.Resp publishOne() throws Exception {
    JsonObject started = start();
    assertEquals(200, upload(started.getString("upload_url"), 0, FILE).status());
    MetaSandbox.Resp r = reels(Map.of("upload_phase", "finish", "video_id", started.getString("video_id"), "video_state", "PUBLISHED",
        "access_token", pageToken));
    if (r.status() == 200) awaitPhase(started.getString("video_id"), "publishing_phase", "complete");
    return r;
  }

  @Test
  void theReelCapIsEnforcedWhenPublishingThatIsAtFinish() throws Exception {
    sb.control("/facebook/_sandbox/api", new JsonObject().put("reelsPerPagePerDay", 2));
    assertEquals(200, publishOne().status());
    assertEquals(200, publishOne().status());
    JsonObject third = start();   // Meta enforces the limit "when attempting to publish" (docs/platforms/facebook.md)
    assertEquals(200, upload(third.getString("upload_url"), 0, FILE).status());
    Map<String, String> finish = Map.of("upload_phase", "finish", "video_id", third.getString("video_id"), "video_state", "PUBLISHED",
        "access_token", pageToken);
    MetaSandbox.Resp refused = reels(finish);
    assertEquals(9, refused.code(), refused.body());
    assertEquals("not_started", status(third.getString("video_id")).getJsonObject("publishing_phase").getString("status"),
        "the refused reel stays unpublished, its bytes kept");
    JsonArray listed = sb.get(API + "/" + pageId + "/video_reels?fields=id,created_time", pageToken).json().getJsonArray("data");
    assertEquals(3, listed.size(), "the Page's reels, from which the window's end can be told");
    assertTrue(listed.getJsonObject(0).getString("created_time").matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\+0000"), listed.encode());
    sb.control("/facebook/_sandbox/api", new JsonObject().put("reelsPerPagePerDay", 3));
    assertEquals(200, reels(finish).status(), "once the window has room, the same finish publishes the same reel");
    awaitPhase(third.getString("video_id"), "publishing_phase", "complete");
    assertEquals(3, sb.ledger("facebook").size());
  }

  @Test
  void theCapAtStartIsASwitch() throws Exception {
    sb.control("/facebook/_sandbox/api", new JsonObject().put("reelsPerPagePerDay", 1).put("reelsCapAt", "start"));
    try {
      assertEquals(200, publishOne().status());
      MetaSandbox.Resp second = reels(Map.of("upload_phase", "start", "access_token", pageToken));
      assertEquals(9, second.code(), second.body());
    } finally {
      sb.control("/facebook/_sandbox/api", new JsonObject().put("reelsCapAt", "finish"));
    }
  }

  @Test
  void aProcessingFailureShowsInTheProcessingPhase() throws Exception {
    JsonObject started = start();
    upload(started.getString("upload_url"), 0, FILE);
    sb.fault("facebook", new JsonObject().put("kind", "processing_failure").put("match", "video_reels.finish"));
    reels(Map.of("upload_phase", "finish", "video_id", started.getString("video_id"), "video_state", "PUBLISHED", "access_token", pageToken));
    JsonObject s = awaitPhase(started.getString("video_id"), "processing_phase", "error");
    assertEquals("error", s.getString("video_status"));
    assertEquals(1363008, s.getJsonObject("processing_phase").getJsonArray("errors").getJsonObject(0).getInteger("code"));
    assertEquals(0, sb.ledger("facebook").size());
  }

  @Test
  void pageTokensFromALongLivedUserTokenDoNotExpire() throws Exception {
    JsonArray accounts = sb.get(API + "/me/accounts?fields=id,name,access_token", userToken).json().getJsonArray("data");
    assertEquals(pageId, accounts.getJsonObject(0).getString("id"));
    assertEquals(pageToken, accounts.getJsonObject(0).getString("access_token"));
    assertEquals(100, sb.get(API + "/me/accounts", pageToken).code(), "a Page token is not a user token");
    sb.fault("facebook", new JsonObject().put("kind", "rate_limit").put("status", 32).put("match", "video_reels.start"));
    assertEquals(32, reels(Map.of("upload_phase", "start", "access_token", pageToken)).code());
  }
}
