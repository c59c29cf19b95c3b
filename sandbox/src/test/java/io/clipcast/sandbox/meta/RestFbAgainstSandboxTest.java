package io.clipcast.sandbox.meta;

import com.restfb.DefaultFacebookClient;
import com.restfb.FacebookClient;
import com.restfb.FacebookEndpoints;
import com.restfb.Parameter;
import com.restfb.Version;
import com.restfb.json.JsonObject;
import com.restfb.scope.FacebookPermissions;
import com.restfb.scope.ScopeBuilder;
import com.restfb.types.FacebookReelAttachment;
import com.restfb.types.GraphResponse;
import com.restfb.types.ReelsUploadStartResponse;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Meta's Graph client for Java, restfb (com.restfb:restfb, test scope), runs its normal flows against the Meta
 * simulators unmodified, as against graph.facebook.com (docs/platforms/facebook.md, "The sandbox and Meta's own
 * client"): its unversioned login dialog, the code and long-lived token exchanges, {@code /me/accounts}, a Facebook
 * reel in three phases with its bytes through {@link FacebookReelAttachment}, and an Instagram REELS container pulled by
 * URL and published. Only the endpoints are pointed at the sandbox.
 */
class RestFbAgainstSandboxTest {
  private static final Path CLIP = Path.of("../common/src/test/resources/media/portrait_h264_aac_faststart.mp4");
  private static final String REDIRECT = "http://127.0.0.1:8080/oauth/callback";
  private static final String FB_APP = "710000000000002";
  private static final String FB_SECRET = "sandbox-facebook-secret";
  private static final String IG_APP = "710000000000001";
  private static final String IG_SECRET = "sandbox-instagram-secret";
  private static MetaSandbox sb;
  private static HttpServer media;

  @BeforeAll
  static void start() throws Exception {
    sb = new MetaSandbox();
    byte[] clip = Files.readAllBytes(CLIP);
    media = sb.vertx.createHttpServer().requestHandler(req -> req.response().putHeader("Content-Type", "video/mp4").end(Buffer.buffer(clip)))
        .listen(0, "127.0.0.1").await(10, TimeUnit.SECONDS);
    sb.control("/facebook/_sandbox/api", new io.vertx.core.json.JsonObject().put("processingMs", 100));
    sb.control("/instagram/_sandbox/api", new io.vertx.core.json.JsonObject().put("processingMs", 100));
  }

  @AfterAll
  static void stop() throws Exception {
    sb.close();
  }

  /** restfb's endpoints pointed at one simulator: www (the dialog), graph and rupload. */
  private static FacebookEndpoints endpoints(String platform) {
    String p = sb.base + "/" + platform;
    return new FacebookEndpoints() {
      @Override public String getFacebookEndpoint() { return p + "/oauth"; }
      @Override public String getGraphEndpoint() { return p + "/api"; }
      @Override public String getGraphVideoEndpoint() { return p + "/api"; }
      @Override public String getReelUploadEndpoint() { return p + "/upload/video-upload"; }
    };
  }

  private static DefaultFacebookClient client(String platform, String token) {
    DefaultFacebookClient c = token == null ? new DefaultFacebookClient(Version.VERSION_21_0) : new DefaultFacebookClient(token, Version.VERSION_21_0);
    c.setFacebookEndpointUrls(endpoints(platform));
    return c;
  }

  /** restfb's login: its dialog URL (unversioned), the code for a short-lived token, that for a long-lived one. */
  private static String signIn(String platform, String appId, String secret, String user, io.vertx.core.json.JsonObject page,
                               FacebookPermissions... scopes) throws Exception {
    sb.control("/" + platform + "/_sandbox/users", new io.vertx.core.json.JsonObject().put("id", user).put("name", "Restfb " + user)
        .put("pages", new JsonArray().add(page)));
    sb.control("/" + platform + "/_sandbox/oauth", new io.vertx.core.json.JsonObject().put("autoApprove", true).put("userId", user)
        .putNull("grantPages"));
    ScopeBuilder scope = new ScopeBuilder();
    for (FacebookPermissions s : scopes) scope.addPermission(s);
    String dialog = client(platform, null).getLoginDialogUrl(appId, REDIRECT, scope, "st-" + user);
    assertTrue(dialog.startsWith(sb.base + "/" + platform + "/oauth/dialog/oauth?"), dialog);
    MetaSandbox.Resp approved = sb.get(dialog);
    assertEquals(302, approved.status(), "restfb's unversioned dialog is Facebook's dialog too: " + approved.body());
    assertEquals("st-" + user, approved.locationParams().get("state"));
    String code = approved.locationParams().get("code");
    DefaultFacebookClient anonymous = client(platform, null);
    String shortToken = anonymous.obtainUserAccessToken(appId, secret, REDIRECT, code).getAccessToken();
    com.restfb.AccessToken longToken = anonymous.obtainExtendedAccessToken(appId, secret, shortToken);
    assertTrue(longToken.getExpires() != null && longToken.getExpires().getTime() > System.currentTimeMillis() + 59L * 86_400_000,
        "long-lived: " + longToken.getExpires());
    return longToken.getAccessToken();
  }

  @Test
  void restfbPublishesAFacebookReelInThreePhases() throws Exception {
    String user = "1" + System.nanoTime() % 1_000_000_000L;
    String pageId = "5" + System.nanoTime() % 1_000_000_000L;
    String userToken = signIn("facebook", FB_APP, FB_SECRET, user, new io.vertx.core.json.JsonObject().put("id", pageId).put("name", "Restfb Page"),
        FacebookPermissions.PAGES_SHOW_LIST, FacebookPermissions.PAGES_READ_ENGAGEMENT, FacebookPermissions.PAGES_MANAGE_POSTS);
    JsonObject accounts = client("facebook", userToken).fetchObject("me/accounts", JsonObject.class, Parameter.withFields("id,name,access_token"));
    JsonObject page = accounts.get("data").asArray().get(0).asObject();
    assertEquals(pageId, page.getString("id", null));
    DefaultFacebookClient pageClient = client("facebook", page.getString("access_token", null));

    ReelsUploadStartResponse started = pageClient.publish(pageId + "/video_reels", ReelsUploadStartResponse.class,
        Parameter.with("upload_phase", "start"));
    String videoId = started.getVideoId();
    assertNotNull(videoId);
    byte[] bytes = Files.readAllBytes(CLIP);
    GraphResponse uploaded = pageClient.publish(videoId, GraphResponse.class, FacebookReelAttachment.withByteContent(bytes));
    assertTrue(uploaded.isSuccess(), "rupload took restfb's bytes");
    GraphResponse finished = pageClient.publish(pageId + "/video_reels", GraphResponse.class, Parameter.with("video_id", videoId),
        Parameter.with("upload_phase", "finish"), Parameter.with("video_state", "PUBLISHED"), Parameter.with("description", "via restfb"));
    assertTrue(finished.isSuccess());
    String publishing = "";
    for (int i = 0; i < 50 && !publishing.equals("complete"); i++) {
      Thread.sleep(100);
      JsonObject status = pageClient.fetchObject(videoId, JsonObject.class, Parameter.withFields("status")).get("status").asObject();
      publishing = status.get("publishing_phase").asObject().getString("status", "");
    }
    assertEquals("complete", publishing);
    JsonArray posts = sb.ledger("facebook");
    assertTrue(posts.stream().map(o -> (io.vertx.core.json.JsonObject) o).anyMatch(p -> videoId.equals(p.getString("externalId"))
        && "via restfb".equals(p.getString("caption")) && p.getLong("bytes") == bytes.length), posts.encode());

    // restfb's other way, as in its own UploadFacebookReelITCase: Meta fetches the file from file_url
    String byUrl = pageClient.publish(pageId + "/video_reels", ReelsUploadStartResponse.class, Parameter.with("upload_phase", "start")).getVideoId();
    assertTrue(pageClient.publish(byUrl, GraphResponse.class,
        FacebookReelAttachment.withUrl("http://127.0.0.1:" + media.actualPort() + "/reel.mp4")).isSuccess());
    assertTrue(pageClient.publish(pageId + "/video_reels", GraphResponse.class, Parameter.with("video_id", byUrl),
        Parameter.with("upload_phase", "finish"), Parameter.with("video_state", "PUBLISHED"), Parameter.with("description", "by url")).isSuccess());
  }

  @Test
  void restfbCreatesAndPublishesAnInstagramReelsContainer() throws Exception {
    long n = System.nanoTime() % 1_000_000_000L;
    String user = "1" + n;
    String igId = "178416" + n;
    String userToken = signIn("instagram", IG_APP, IG_SECRET, user, new io.vertx.core.json.JsonObject().put("id", "2" + n).put("name", "IG Page")
            .put("instagram", new io.vertx.core.json.JsonObject().put("id", igId).put("username", "restfb" + n).put("accountType", "BUSINESS")),
        FacebookPermissions.INSTAGRAM_BASIC, FacebookPermissions.INSTAGRAM_CONTENT_PUBLISH, FacebookPermissions.PAGES_SHOW_LIST,
        FacebookPermissions.PAGES_READ_ENGAGEMENT);
    DefaultFacebookClient c = client("instagram", userToken);
    JsonObject accounts = c.fetchObject("me/accounts", JsonObject.class, Parameter.withFields("id,instagram_business_account{id,username}"));
    assertEquals(igId, accounts.get("data").asArray().get(0).asObject().get("instagram_business_account").asObject().getString("id", null));

    String url = "http://127.0.0.1:" + media.actualPort() + "/clip.mp4";
    GraphResponse container = c.publish(igId + "/media", GraphResponse.class, Parameter.with("media_type", "REELS"),
        Parameter.with("video_url", url), Parameter.with("caption", "reel via restfb #clipcast"));
    String containerId = container.getId();
    assertNotNull(containerId);
    String status = "IN_PROGRESS";
    for (int i = 0; i < 50 && status.equals("IN_PROGRESS"); i++) {
      Thread.sleep(100);
      status = c.fetchObject(containerId, JsonObject.class, Parameter.withFields("status_code")).getString("status_code", "");
    }
    assertEquals("FINISHED", status);
    GraphResponse published = c.publish(igId + "/media_publish", GraphResponse.class, Parameter.with("creation_id", containerId));
    String mediaId = published.getId();
    assertNotNull(mediaId);
    String permalink = c.fetchObject(mediaId, JsonObject.class, Parameter.withFields("permalink")).getString("permalink", null);
    assertTrue(permalink != null && permalink.startsWith("https://www.instagram.com/"), permalink);
    JsonArray posts = sb.ledger("instagram");
    assertTrue(posts.stream().map(o -> (io.vertx.core.json.JsonObject) o).anyMatch(p -> mediaId.equals(p.getString("externalId"))
        && "reel via restfb #clipcast".equals(p.getString("caption"))), posts.encode());
  }
}
