package io.clipcast.sandbox.vk;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The VK method API and upload host in the simulator: the publish flow, its strictness, dedup by guid, and the faults. */
class VkApiSimulatorTest {
  private static final byte[] CLIP = new byte[300_000];
  private static VkSandbox sb;
  private String token;

  static {
    new Random(7).nextBytes(CLIP);
  }

  @BeforeAll
  static void start() throws Exception {
    sb = new VkSandbox();
    sb.control("/vk/_sandbox/groups", new JsonObject().put("id", 555).put("name", "Clips Club").put("admins", new JsonArray().add(2001)));
  }

  @AfterAll
  static void stop() throws Exception {
    sb.close();
  }

  @BeforeEach
  void reset() throws Exception {
    sb.deleteFaults();
    sb.send(HttpMethod.DELETE, "/_sandbox/posts", null, null);
    sb.control("/vk/_sandbox/api", new JsonObject().put("requestsPerSecond", 0).put("processingMs", 1500).put("maxUploadBytes", 1L << 30));
    token = sb.control("/vk/_sandbox/tokens", new JsonObject().put("userId", 2001)).getString("access_token");
  }

  private static Map<String, String> p(String... kv) {
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) m.put(kv[i], kv[i + 1]);
    return m;
  }

  /** A method call with form fields, token and v added. */
  private JsonObject call(String method, Map<String, String> params) throws Exception {
    Map<String, String> form = new LinkedHashMap<>(params);
    form.putIfAbsent("access_token", token);
    form.putIfAbsent("v", "5.199");
    VkSandbox.Resp r = sb.postForm("/vk/api/method/" + method, form);
    assertEquals(200, r.status(), r.body());
    return r.json();
  }

  private JsonObject ok(String method, Map<String, String> params) throws Exception {
    JsonObject r = call(method, params);
    assertNull(r.getJsonObject("error"), r.encode());
    return r.getJsonObject("response");
  }

  private int errorCode(JsonObject r) {
    assertNotNull(r.getJsonObject("error"), r.encode());
    return r.getJsonObject("error").getInteger("error_code");
  }

  private VkSandbox.Resp upload(String url) throws Exception {
    return sb.postMultipart(url, Map.of(), "video_file", "clip.mp4", "video/mp4", CLIP);
  }

  private static String sha256(byte[] b) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
  }

  @Test
  void saveUploadPostIsRecordedOnceByteExact() throws Exception {
    JsonObject saved = ok("video.save", p("name", "My clip", "description", "about it"));
    assertTrue(saved.getString("upload_url").startsWith(sb.base + "/vk/upload/"), saved.encode());
    assertEquals(2001L, saved.getLong("owner_id"));
    assertNotNull(saved.getString("access_key"));
    assertEquals("My clip", saved.getString("title"));

    VkSandbox.Resp up = upload(saved.getString("upload_url"));
    assertEquals(200, up.status(), up.body());
    assertEquals(CLIP.length, up.json().getLong("size"));
    assertEquals(saved.getLong("video_id"), up.json().getLong("video_id"));
    assertNotNull(up.json().getString("video_hash"));
    JsonArray uploads = new JsonObject(sb.get("/_sandbox/uploads").body()).getJsonArray("items");
    JsonObject received = uploads.getJsonObject(uploads.size() - 1);
    assertEquals(sha256(CLIP), received.getString("sha256"), "the upload log (benchmarks time uploads by it) saw these bytes");
    assertEquals(CLIP.length, received.getLong("bytes"));
    assertTrue(received.getDouble("receiveMs") > 0, received.encode());

    String attachment = "video2001_" + saved.getLong("video_id");
    long postId = ok("wall.post", p("owner_id", "2001", "message", "Hello VK #clips", "attachments", attachment, "guid", "pub-1"))
        .getLong("post_id");
    JsonArray posts = new JsonObject(sb.get("/_sandbox/posts?platform=vk").body()).getJsonArray("items");
    assertEquals(1, posts.size());
    JsonObject post = posts.getJsonObject(0);
    assertEquals("Hello VK #clips", post.getString("caption"));
    assertEquals("My clip", post.getString("title"));
    assertEquals(sha256(CLIP), post.getString("sha256"));
    assertEquals(CLIP.length, post.getLong("bytes"));
    assertEquals("2001_" + postId, post.getString("externalId"));

    JsonObject newest = ok("wall.get", p("owner_id", "2001", "count", "1")).getJsonArray("items").getJsonObject(0);
    assertEquals(postId, newest.getLong("id"));
    assertEquals(saved.getLong("video_id"), newest.getJsonArray("attachments").getJsonObject(0).getJsonObject("video").getLong("id"));
  }

  @Test
  void aRepeatedGuidReturnsTheSamePostWithoutASecondOne() throws Exception {
    JsonObject saved = ok("video.save", p("name", "t"));
    upload(saved.getString("upload_url"));
    Map<String, String> post = p("message", "once", "attachments", "video2001_" + saved.getLong("video_id"), "guid", "g-42");
    long first = ok("wall.post", post).getLong("post_id");
    long second = ok("wall.post", post).getLong("post_id");
    assertEquals(first, second);
    assertEquals(1, new JsonObject(sb.get("/_sandbox/posts?platform=vk").body()).getJsonArray("items").size());
    post.put("guid", "g-43");
    assertEquals(first + 1, ok("wall.post", post).getLong("post_id"));
  }

  @Test
  void everyCallNeedsV() throws Exception {
    VkSandbox.Resp r = sb.postForm("/vk/api/method/video.get", p("access_token", token));
    assertEquals(8, errorCode(r.json()));
    assertEquals(8, errorCode(call("video.get", p("v", "4.104"))));
    assertNotNull(call("video.get", p("v", "5.251")).getJsonObject("response"));
  }

  @Test
  void tokensAreCheckedInEitherPlace() throws Exception {
    assertEquals(5, errorCode(new JsonObject(sb.postForm("/vk/api/method/video.get", p("v", "5.199")).body())));
    assertEquals(5, errorCode(call("video.get", p("access_token", "vk2.a.bogus"))));
    VkSandbox.Resp bearer = sb.send(HttpMethod.GET, "/vk/api/method/video.get?v=5.199", null, null);
    assertEquals(5, errorCode(bearer.json()));
    sb.control("/vk/_sandbox/oauth", new JsonObject().put("accessTokenTtlSeconds", 0));
    String shortLived = sb.control("/vk/_sandbox/tokens", new JsonObject().put("userId", 2001)).getString("access_token");
    sb.control("/vk/_sandbox/oauth", new JsonObject().put("accessTokenTtlSeconds", 3600));
    Thread.sleep(20);
    JsonObject expired = call("video.get", p("access_token", shortLived));
    assertEquals(5, errorCode(expired));
    assertTrue(expired.getJsonObject("error").getString("error_msg").contains("expired"));
    JsonArray echoed = expired.getJsonObject("error").getJsonArray("request_params");
    assertTrue(echoed.stream().noneMatch(e -> ((JsonObject) e).getString("key").equals("access_token")), "the token is never echoed");
  }

  @Test
  void aBearerHeaderIsAccepted() throws Exception {
    VkSandbox.Resp r = sb.sendWithHeader("/vk/api/method/video.get?v=5.199", "Authorization", "Bearer " + token);
    assertNotNull(r.json().getJsonObject("response"), r.body());
  }

  @Test
  void jsonBodiesAndUnknownMethodsAreRefused() throws Exception {
    VkSandbox.Resp json = sb.postJson("/vk/api/method/video.save", new JsonObject().put("v", "5.199").put("access_token", token));
    assertEquals(8, errorCode(json.json()));
    assertEquals(3, errorCode(call("video.upload", p())));
  }

  @Test
  void parametersMayComeAsMultipart() throws Exception {
    VkSandbox.Resp r = sb.postMultipart("/vk/api/method/video.save", p("v", "5.199", "access_token", token, "name", "multi"), null, null, null, null);
    assertEquals("multi", r.json().getJsonObject("response").getString("title"), r.body());
  }

  @Test
  void videoSaveChecksItsLimits() throws Exception {
    assertEquals(100, errorCode(call("video.save", p("name", "x".repeat(129)))));
    assertEquals(100, errorCode(call("video.save", p("description", "x".repeat(5001)))));
    assertEquals(100, errorCode(call("video.save", p("is_private", "yes"))));
    assertEquals(100, errorCode(call("video.save", p("group_id", "abc"))));
    assertEquals(100, errorCode(call("video.save", p("group_id", "999"))));
    assertEquals("x".repeat(128), ok("video.save", p("name", "x".repeat(128), "description", "y".repeat(5000))).getString("title"));
  }

  @Test
  void communityVideosNeedAnEditor() throws Exception {
    JsonObject saved = ok("video.save", p("group_id", "555", "name", "club clip"));
    assertEquals(-555L, saved.getLong("owner_id"));
    String stranger = sb.control("/vk/_sandbox/tokens", new JsonObject().put("userId", 3003)).getString("access_token");
    assertEquals(203, errorCode(call("video.save", p("group_id", "555", "access_token", stranger))));
    upload(saved.getString("upload_url"));
    assertEquals(214, errorCode(call("wall.post", p("owner_id", "-555", "from_group", "1", "message", "hi", "access_token", stranger))));
    long postId = ok("wall.post", p("owner_id", "-555", "from_group", "1", "attachments", "video-555_" + saved.getLong("video_id")))
        .getLong("post_id");
    assertEquals("-555_" + postId, new JsonObject(sb.get("/_sandbox/posts?platform=vk").body()).getJsonArray("items").getJsonObject(0)
        .getString("externalId"));
  }

  @Test
  void aTokenWithoutTheRightIsRefused() throws Exception {
    String wallOnly = sb.control("/vk/_sandbox/tokens", new JsonObject().put("userId", 2001).put("scope", "vkid.personal_info wall"))
        .getString("access_token");
    JsonObject refused = call("video.save", p("access_token", wallOnly));
    assertEquals(15, errorCode(refused));
    assertEquals(VkApiException.NO_ACCESS, refused.getJsonObject("error").getString("error_msg"));
  }

  /**
   * What VK lets a server-side app do follows what VK granted the app, whatever the token claims: wall.post refuses a
   * token of an app VK did not grant wall with VK's own error 15 (docs/platforms/vk.md, Publishing paths), and
   * video.save one of an app without video; {@code POST /vk/_sandbox/apps} plays VK granting them.
   */
  @Test
  void rightsFollowWhatVkGrantedTheTokensApp() throws Exception {
    String app = "51000088";
    String claimsAll = sb.control("/vk/_sandbox/tokens", new JsonObject().put("userId", 2001).put("clientId", app)
        .put("scope", "vkid.personal_info wall video")).getString("access_token");
    JsonObject noWall = call("wall.post", p("message", "hi", "access_token", claimsAll));
    assertEquals(15, errorCode(noWall));
    assertEquals("Access denied: no access to call this method. It cannot be called with current scopes.",
        noWall.getJsonObject("error").getString("error_msg"));
    assertEquals(15, errorCode(call("video.save", p("name", "x", "access_token", claimsAll))));

    sb.control("/vk/_sandbox/apps", new JsonObject().put("clientId", app).put("approvedRights", new JsonArray().add("video")));
    JsonObject saved = ok("video.save", p("name", "x", "wallpost", "1", "access_token", claimsAll));
    assertEquals(200, upload(saved.getString("upload_url")).status());
    JsonArray posts = new JsonObject(sb.get("/_sandbox/posts?platform=vk").body()).getJsonArray("items");
    assertEquals(1, posts.size(), "wallpost=1 posts on the wall with the video right alone");
    assertEquals(15, errorCode(call("wall.post", p("message", "hi", "access_token", claimsAll))));

    sb.control("/vk/_sandbox/apps", new JsonObject().put("clientId", app).put("approvedRights", new JsonArray().add("video").add("wall")));
    assertNotNull(ok("wall.post", p("message", "hi", "access_token", claimsAll)).getLong("post_id"));
  }

  @Test
  void theUploadHostIsStrictAndSingleUse() throws Exception {
    String url = ok("video.save", p("name", "u")).getString("upload_url");
    assertEquals(400, sb.send(HttpMethod.POST, url, "application/octet-stream", io.vertx.core.buffer.Buffer.buffer(CLIP)).status());
    assertEquals(400, sb.postMultipart(url, p("note", "no file"), null, null, null, null).status());
    assertEquals(400, sb.postMultipart(url, Map.of(), "video_file", "notes.txt", "text/plain", "hello".getBytes()).status());
    assertEquals(400, sb.postMultipart(url, Map.of(), "video_file", "clip.mp4", "video/mp4", new byte[0]).status());
    sb.control("/vk/_sandbox/api", new JsonObject().put("maxUploadBytes", CLIP.length - 1));
    assertEquals(413, upload(url).status());
    sb.control("/vk/_sandbox/api", new JsonObject().put("maxUploadBytes", CLIP.length));
    assertEquals(200, upload(url).status());
    VkSandbox.Resp again = upload(url);
    assertEquals(404, again.status());
    assertTrue(again.json().getString("error").contains("video.save"));
    assertEquals(404, upload(url.replaceAll("sig=[^&]+", "sig=forged")).status());
  }

  @Test
  void wallPostNeedsAnUploadedVideoOfItsOwn() throws Exception {
    JsonObject saved = ok("video.save", p("name", "w"));
    String attachment = "video2001_" + saved.getLong("video_id");
    assertEquals(100, errorCode(call("wall.post", p("attachments", attachment))), "not uploaded yet");
    assertEquals(100, errorCode(call("wall.post", p("attachments", "video2001_1"))), "no such video");
    assertEquals(100, errorCode(call("wall.post", p("attachments", "clip2001_1"))), "malformed");
    assertEquals(100, errorCode(call("wall.post", p())), "nothing to post");
    assertEquals(214, errorCode(call("wall.post", p("owner_id", "3003", "message", "on someone else's wall"))));
    assertTrue(new JsonObject(sb.get("/_sandbox/posts?platform=vk").body()).getJsonArray("items").isEmpty());
  }

  @Test
  void videoGetShowsProcessingThenCountersThatGrow() throws Exception {
    sb.control("/vk/_sandbox/api", new JsonObject().put("processingMs", 300));
    JsonObject saved = ok("video.save", p("name", "g"));
    String ref = "2001_" + saved.getLong("video_id");
    assertEquals(0, ok("video.get", p("videos", ref)).getInteger("count"), "not listed before the upload");
    upload(saved.getString("upload_url"));
    JsonObject item = ok("video.get", p("owner_id", "2001", "videos", ref)).getJsonArray("items").getJsonObject(0);
    assertEquals(1, item.getInteger("processing"));
    Thread.sleep(2_600);
    item = ok("video.get", p("owner_id", "2001", "videos", ref)).getJsonArray("items").getJsonObject(0);
    assertFalse(item.containsKey("processing"));
    assertNotNull(item.getString("player"));
    assertTrue(item.getLong("views") > 0);
    assertEquals(item.getLong("views") / 10, item.getJsonObject("likes").getLong("count"));
    assertNotNull(item.getJsonObject("reposts").getLong("count"));
  }

  @Test
  void theRequestRateIsLimitedPerToken() throws Exception {
    sb.control("/vk/_sandbox/api", new JsonObject().put("requestsPerSecond", 3));
    for (int i = 0; i < 3; i++) ok("video.get", p());
    assertEquals(6, errorCode(call("video.get", p())));
    Thread.sleep(1100);
    ok("video.get", p());
  }

  @Test
  void faultsComeInVkShapes() throws Exception {
    sb.control("/_sandbox/faults", new JsonObject().put("platform", "vk").put("kind", "rate_limit").put("match", "video.save"));
    assertEquals(6, errorCode(call("video.save", p())));
    sb.control("/_sandbox/faults", new JsonObject().put("platform", "vk").put("kind", "token_expired").put("match", "video.save"));
    assertEquals(5, errorCode(call("video.save", p())));
    sb.control("/_sandbox/faults", new JsonObject().put("platform", "vk").put("kind", "http_error").put("status", 502).put("match", "video.save"));
    assertEquals(502, sb.postForm("/vk/api/method/video.save", p("v", "5.199", "access_token", token)).status());
    ok("video.save", p());
  }

  @Test
  void aLostWallPostResponseStillPosts() throws Exception {
    JsonObject saved = ok("video.save", p("name", "lost"));
    upload(saved.getString("upload_url"));
    sb.control("/_sandbox/faults", new JsonObject().put("platform", "vk").put("kind", "lost_response").put("match", "wall.post"));
    Map<String, String> post = p("message", "m", "attachments", "video2001_" + saved.getLong("video_id"), "guid", "lost-1");
    assertThrows(Exception.class, () -> call("wall.post", post));
    assertEquals(1, new JsonObject(sb.get("/_sandbox/posts?platform=vk").body()).getJsonArray("items").size());
    ok("wall.post", post);
    assertEquals(1, new JsonObject(sb.get("/_sandbox/posts?platform=vk").body()).getJsonArray("items").size());
  }

  @Test
  void uploadFaults() throws Exception {
    String url = ok("video.save", p("name", "f")).getString("upload_url");
    sb.control("/_sandbox/faults", new JsonObject().put("platform", "vk").put("kind", "reset").put("afterBytes", 50_000).put("match", "upload"));
    assertThrows(Exception.class, () -> upload(url));
    sb.control("/_sandbox/faults", new JsonObject().put("platform", "vk").put("kind", "http_error").put("status", 503).put("match", "upload"));
    assertEquals(503, upload(url).status());
    sb.control("/_sandbox/faults", new JsonObject().put("platform", "vk").put("kind", "processing_failure").put("match", "upload"));
    sb.control("/vk/_sandbox/api", new JsonObject().put("processingMs", 0));
    JsonObject up = upload(url).json();
    Thread.sleep(50);
    JsonObject item = ok("video.get", p("videos", "2001_" + up.getLong("video_id"))).getJsonArray("items").getJsonObject(0);
    assertEquals(1, item.getInteger("processing"), "a failed video never finishes processing");
  }

  @Test
  void wallpostOnSavePostsOnceTheFileIsIn() throws Exception {
    JsonObject saved = ok("video.save", p("name", "auto", "description", "posted by VK", "wallpost", "1"));
    assertTrue(new JsonObject(sb.get("/_sandbox/posts?platform=vk").body()).getJsonArray("items").isEmpty());
    upload(saved.getString("upload_url"));
    List<Object> items = new JsonObject(sb.get("/_sandbox/posts?platform=vk").body()).getJsonArray("items").getList();
    assertEquals(1, items.size());
  }
}
