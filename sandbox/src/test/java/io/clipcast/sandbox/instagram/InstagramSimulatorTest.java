package io.clipcast.sandbox.instagram;

import io.clipcast.sandbox.meta.MetaSandbox;
import io.vertx.core.http.HttpServer;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Instagram simulator over HTTP: Facebook Login, containers, rupload, media_publish rules, the 24 h cap, insights, faults. */
class InstagramSimulatorTest {
  private static final String API = "/instagram/api/v21.0";
  private static final String IG = "17841400000000001";
  private static final String IG_CAPPED = "17841400000000777";
  private static final String REDIRECT = "https://app.example.com/oauth/callback";
  private static MetaSandbox sb;
  private static HttpServer files;
  private static final byte[] FILE = MetaSandbox.bytes(300_000, 7);
  private String token;

  @BeforeAll
  static void start() throws Exception {
    sb = new MetaSandbox();
    files = sb.vertx.createHttpServer().requestHandler(req -> {
      if (req.path().equals("/clip.mp4")) req.response().putHeader("Content-Type", "video/mp4").end(Buffer.buffer(FILE));
      else req.response().setStatusCode(404).end();
    }).listen(0, "127.0.0.1").await(10, TimeUnit.SECONDS);
  }

  @AfterAll
  static void stop() throws Exception {
    sb.close();
  }

  @BeforeEach
  void reset() throws Exception {
    sb.clear();
    sb.control("/instagram/_sandbox/api", new JsonObject().put("processingMs", 150).put("containerTtlSeconds", 86400).put("publishLimit", 50));
    sb.control("/instagram/_sandbox/oauth", new JsonObject().put("autoApprove", true).put("userId", "10000000000001").putNull("grantPages"));
    token = sb.control("/instagram/_sandbox/tokens", new JsonObject().put("userId", "10000000000001").put("clientId", InstagramSimulator.APP_ID))
        .getString("access_token");
  }

  private MetaSandbox.Resp post(String path, Map<String, String> form) throws Exception {
    return sb.postForm(API + path, form);
  }

  private String resumableContainer(String caption) throws Exception {
    return resumableContainer(IG, caption);
  }

  private String resumableContainer(String ig, String caption) throws Exception {
    MetaSandbox.Resp r = post("/" + ig + "/media", Map.of("media_type", "REELS", "upload_type", "resumable", "caption", caption,
        "access_token", token));
    assertEquals(200, r.status(), r.body());
    assertTrue(r.json().getString("uri").endsWith("/instagram/upload/ig-api-upload/v21.0/" + r.json().getString("id")), r.body());
    return r.json().getString("id");
  }

  private MetaSandbox.Resp upload(String container, long offset, byte[] body) throws Exception {
    return sb.upload("/instagram/upload/ig-api-upload/v21.0/" + container, Map.of("Authorization", "OAuth " + token,
        "offset", Long.toString(offset), "file_size", Integer.toString(FILE.length), "Content-Type", "application/octet-stream"), body);
  }

  private String status(String container) throws Exception {
    return sb.get(API + "/" + container + "?fields=status_code,status&access_token=" + token).json().getString("status_code");
  }

  private void awaitStatus(String container, String wanted) throws Exception {
    long deadline = System.currentTimeMillis() + 5000;
    while (!status(container).equals(wanted)) {
      if (System.currentTimeMillis() > deadline) throw new AssertionError(container + " never reached " + wanted + ": " + status(container));
      Thread.sleep(30);
    }
  }

  @Test
  void facebookLoginIssuesALongLivedTokenAndShowsOnlyProfessionalAccounts() throws Exception {
    sb.control("/instagram/_sandbox/users", new JsonObject().put("id", "555").put("name", "Mixed").put("pages", new JsonArray()
        .add(new JsonObject().put("id", "601").put("name", "Biz").put("instagram", new JsonObject().put("id", "901").put("username", "biz")))
        .add(new JsonObject().put("id", "602").put("name", "Private").put("instagram", new JsonObject().put("id", "902").put("username", "me")
            .put("accountType", "PERSONAL")))));
    sb.control("/instagram/_sandbox/oauth", new JsonObject().put("userId", "555"));
    assertEquals(400, sb.get("/instagram/oauth/v21.0/dialog/oauth?client_id=42&redirect_uri=" + REDIRECT).status(), "unknown app");
    assertEquals(400, sb.get("/instagram/oauth/v21.0/dialog/oauth?client_id=" + InstagramSimulator.APP_ID + "&redirect_uri=" + REDIRECT
        + "&scope=instagram_everything").status(), "unknown scope");
    MetaSandbox.Resp dialog = sb.get("/instagram/oauth/v21.0/dialog/oauth?client_id=" + InstagramSimulator.APP_ID + "&redirect_uri="
        + REDIRECT + "&state=s1&response_type=code&scope=instagram_basic,instagram_content_publish,pages_show_list");
    assertEquals(302, dialog.status(), dialog.body());
    assertTrue(dialog.headers().get("Location").startsWith(REDIRECT + "?code=") && dialog.headers().get("Location").endsWith("#_=_"));
    Map<String, String> back = dialog.locationParams();
    assertEquals("s1", back.get("state"));
    String exchange = "/instagram/api/v21.0/oauth/access_token?client_id=" + InstagramSimulator.APP_ID + "&redirect_uri=" + REDIRECT
        + "&code=" + back.get("code") + "&client_secret=";
    MetaSandbox.Resp wrongSecret = sb.get(exchange + "nope");
    assertEquals(400, wrongSecret.status());
    assertEquals(1, wrongSecret.code());
    MetaSandbox.Resp shortToken = sb.get(exchange + InstagramSimulator.APP_SECRET);
    assertEquals(200, shortToken.status(), shortToken.body());
    assertEquals("bearer", shortToken.json().getString("token_type"));
    MetaSandbox.Resp reused = sb.get(exchange + InstagramSimulator.APP_SECRET);
    assertEquals(36009, reused.subcode(), "a code is good once: " + reused.body());
    MetaSandbox.Resp longToken = sb.get("/instagram/api/v21.0/oauth/access_token?grant_type=fb_exchange_token&client_id="
        + InstagramSimulator.APP_ID + "&client_secret=" + InstagramSimulator.APP_SECRET + "&fb_exchange_token=" + shortToken.json().getString("access_token"));
    assertEquals(5_183_944L, longToken.json().getLong("expires_in"));
    JsonArray pages = sb.get(API + "/me/accounts?fields=id,name,access_token,instagram_business_account{id,username}",
        longToken.json().getString("access_token")).json().getJsonArray("data");
    assertEquals(2, pages.size());
    assertEquals("biz", pages.getJsonObject(0).getJsonObject("instagram_business_account").getString("username"));
    assertNull(pages.getJsonObject(1).getJsonObject("instagram_business_account"), "a personal account is never a business account");
    assertNotNull(pages.getJsonObject(1).getString("access_token"));
  }

  @Test
  void theDialogLetsTheUserPickPagesOrCancel() throws Exception {
    sb.control("/instagram/_sandbox/users", new JsonObject().put("id", "556").put("name", "Two Pages").put("pages", new JsonArray()
        .add(new JsonObject().put("id", "611").put("name", "One").put("instagram", new JsonObject().put("id", "911")))
        .add(new JsonObject().put("id", "612").put("name", "Two").put("instagram", new JsonObject().put("id", "912")))));
    sb.control("/instagram/_sandbox/oauth", new JsonObject().put("autoApprove", false));
    String query = "client_id=" + InstagramSimulator.APP_ID + "&redirect_uri=" + REDIRECT + "&state=s9&scope=pages_show_list,instagram_basic";
    MetaSandbox.Resp page = sb.get("/instagram/oauth/v21.0/dialog/oauth?" + query);
    assertEquals(200, page.status());
    assertTrue(page.body().contains("action=\"oauth/approve\"") && page.body().contains("value=\"612\""), page.body());
    Map<String, String> form = new java.util.LinkedHashMap<>(Map.of("client_id", InstagramSimulator.APP_ID, "redirect_uri", REDIRECT,
        "state", "s9", "scope", "pages_show_list,instagram_basic", "user_id", "556", "page_id", "612", "decision", "approve"));
    MetaSandbox.Resp approved = sb.postForm("/instagram/oauth/v21.0/dialog/oauth/approve", form);
    assertEquals(302, approved.status(), approved.body());
    String code = approved.locationParams().get("code");
    String shortToken = sb.get(API + "/oauth/access_token?client_id=" + InstagramSimulator.APP_ID + "&client_secret="
        + InstagramSimulator.APP_SECRET + "&redirect_uri=" + REDIRECT + "&code=" + code).json().getString("access_token");
    JsonArray granted = sb.get(API + "/me/accounts?fields=id", shortToken).json().getJsonArray("data");
    assertEquals(1, granted.size(), "only the Page picked in the dialog");
    assertEquals("612", granted.getJsonObject(0).getString("id"));
    MetaSandbox.Resp wrongRedirect = sb.get(API + "/oauth/access_token?client_id=" + InstagramSimulator.APP_ID + "&client_secret="
        + InstagramSimulator.APP_SECRET + "&redirect_uri=https://evil.example.com/cb&code=" + code);
    assertEquals(36009, wrongRedirect.subcode(), "spent already");

    form.put("decision", "deny");
    MetaSandbox.Resp denied = sb.postForm("/instagram/oauth/v21.0/dialog/oauth/approve", form);
    assertEquals("access_denied", denied.locationParams().get("error"));
    assertEquals("s9", denied.locationParams().get("state"));
    form.put("decision", "approve");
    form.put("page_id", "20000000000001");
    assertEquals(400, sb.postForm("/instagram/oauth/v21.0/dialog/oauth/approve", form).status(), "not their Page");
  }

  @Test
  void containersAreCheckedLikeMetaChecksThem() throws Exception {
    assertEquals(104, post("/" + IG + "/media", Map.of("media_type", "REELS", "upload_type", "resumable")).code());
    assertEquals(190, post("/" + IG + "/media", Map.of("media_type", "REELS", "upload_type", "resumable", "access_token", "EAAbogus")).code());
    assertEquals(100, post("/" + IG + "/media", Map.of("upload_type", "resumable", "access_token", token)).code(), "media_type required");
    assertEquals(100, post("/" + IG + "/media", Map.of("media_type", "VIDEO", "video_url", "https://x/y.mp4", "access_token", token)).code());
    assertEquals(100, post("/" + IG + "/media", Map.of("media_type", "REELS", "access_token", token)).code(), "video_url required");
    MetaSandbox.Resp longCaption = post("/" + IG + "/media", Map.of("media_type", "REELS", "upload_type", "resumable", "access_token", token,
        "caption", "a".repeat(2201)));
    assertEquals(2207010, longCaption.subcode(), longCaption.body());
    assertEquals(2207010, post("/" + IG + "/media", Map.of("media_type", "REELS", "upload_type", "resumable", "access_token", token,
        "caption", "#t ".repeat(31))).subcode());
    MetaSandbox.Resp other = post("/17841499999999999/media", Map.of("media_type", "REELS", "upload_type", "resumable", "access_token", token));
    assertEquals(100, other.code());
    assertEquals(33, other.subcode(), "someone else's account is not visible");
    assertEquals(2500, sb.postForm("/instagram/api/vX/" + IG + "/media", Map.of("access_token", token)).code());
  }

  @Test
  void aResumableReelIsPublishedOnceAndOnlyWhenFinished() throws Exception {
    String c = resumableContainer("Hello #reels");
    assertEquals("IN_PROGRESS", status(c));
    MetaSandbox.Resp early = post("/" + IG + "/media_publish", Map.of("creation_id", c, "access_token", token));
    assertEquals(9007, early.code());
    assertEquals(2207027, early.subcode());
    assertEquals(401, sb.upload("/instagram/upload/ig-api-upload/v21.0/" + c, Map.of("offset", "0", "file_size", "10"), new byte[10]).status());
    MetaSandbox.Resp badOffset = upload(c, 5, FILE);
    assertEquals(400, badOffset.status());
    assertEquals("OffsetInvalidError", badOffset.json().getJsonObject("debug_info").getString("type"));
    MetaSandbox.Resp up = upload(c, 0, FILE);
    assertEquals(200, up.status(), up.body());
    assertEquals(new JsonObject().put("success", true).put("message", "Upload successful."), up.json());
    assertEquals("AlreadyUploadedError", upload(c, 0, FILE).json().getJsonObject("debug_info").getString("type"));
    awaitStatus(c, "FINISHED");
    MetaSandbox.Resp published = post("/" + IG + "/media_publish", Map.of("creation_id", c, "access_token", token));
    assertEquals(200, published.status(), published.body());
    String media = published.json().getString("id");
    assertEquals("PUBLISHED", status(c));
    MetaSandbox.Resp twice = post("/" + IG + "/media_publish", Map.of("creation_id", c, "access_token", token));
    assertEquals(2207008, twice.subcode(), twice.body());
    JsonArray posts = sb.ledger("instagram");
    assertEquals(1, posts.size());
    assertEquals(MetaSandbox.sha256(FILE), posts.getJsonObject(0).getString("sha256"));
    assertEquals("Hello #reels", posts.getJsonObject(0).getString("caption"));
    JsonObject m = sb.get(API + "/" + media + "?fields=id,permalink,media_product_type,media_type", token).json();
    assertTrue(m.getString("permalink").startsWith("https://www.instagram.com/reel/"), m.encode());
    assertEquals("REELS", m.getString("media_product_type"));
    JsonObject insights = sb.get(API + "/" + media + "/insights?metric=views,likes,comments,shares,saved", token).json();
    assertEquals(5, insights.getJsonArray("data").size());
    assertEquals("views", insights.getJsonArray("data").getJsonObject(0).getString("name"));
    assertEquals(100, sb.get(API + "/" + media + "/insights?metric=plays", token).code(), "retired in v22.0");
  }

  /** A fresh user whose one Page links IG account {@code igId} (its own publishing history); becomes the test's token. */
  private void freshAccount(String userId, String igId) throws Exception {
    sb.control("/instagram/_sandbox/users", new JsonObject().put("id", userId).put("pages", new JsonArray().add(new JsonObject()
        .put("id", "6" + igId).put("name", "Page " + igId).put("instagram", new JsonObject().put("id", igId)))));
    token = sb.control("/instagram/_sandbox/tokens", new JsonObject().put("userId", userId).put("clientId", InstagramSimulator.APP_ID))
        .getString("access_token");
  }

  @Test
  void theRollingCapIsReportedAndEnforced() throws Exception {
    sb.control("/instagram/_sandbox/api", new JsonObject().put("publishLimit", 1));
    freshAccount("777", IG_CAPPED);
    String c1 = resumableContainer(IG_CAPPED, "one");
    upload(c1, 0, FILE);
    awaitStatus(c1, "FINISHED");
    assertEquals(200, post("/" + IG_CAPPED + "/media_publish", Map.of("creation_id", c1, "access_token", token)).status());
    JsonObject limit = sb.get(API + "/" + IG_CAPPED + "/content_publishing_limit?fields=quota_usage,config", token).json()
        .getJsonArray("data").getJsonObject(0);
    assertEquals(1, limit.getInteger("quota_usage"));
    assertEquals(new JsonObject().put("quota_total", 1).put("quota_duration", 86400), limit.getJsonObject("config"));
    String c2 = resumableContainer(IG_CAPPED, "two");
    upload(c2, 0, FILE);
    awaitStatus(c2, "FINISHED");
    MetaSandbox.Resp capped = post("/" + IG_CAPPED + "/media_publish", Map.of("creation_id", c2, "access_token", token));
    assertEquals(9, capped.code());
    assertEquals(2207042, capped.subcode());
    assertEquals(1, sb.ledger("instagram").size());
  }

  @Test
  void anExpiredContainerCannotBePublished() throws Exception {
    sb.control("/instagram/_sandbox/api", new JsonObject().put("containerTtlSeconds", 0));
    String c = resumableContainer("late");
    Thread.sleep(1100);
    assertEquals("EXPIRED", status(c));
    assertEquals(2207020, post("/" + IG + "/media_publish", Map.of("creation_id", c, "access_token", token)).subcode());
  }

  @Test
  void aVideoUrlIsPulledAndHashed() throws Exception {
    MetaSandbox.Resp r = post("/" + IG + "/media", Map.of("media_type", "REELS", "video_url", "http://127.0.0.1:" + files.actualPort()
        + "/clip.mp4", "caption", "pulled", "access_token", token));
    assertFalse(r.json().containsKey("uri"));
    String c = r.json().getString("id");
    awaitStatus(c, "FINISHED");
    assertEquals(200, post("/" + IG + "/media_publish", Map.of("creation_id", c, "access_token", token)).status());
    assertEquals(MetaSandbox.sha256(FILE), sb.ledger("instagram").getJsonObject(0).getString("sha256"));

    String broken = post("/" + IG + "/media", Map.of("media_type", "REELS", "video_url", "http://127.0.0.1:" + files.actualPort()
        + "/missing.mp4", "access_token", token)).json().getString("id");
    awaitStatus(broken, "ERROR");
    assertTrue(sb.get(API + "/" + broken + "?fields=status", token).json().getString("status").contains("2207052"));
  }

  @Test
  void faultsSpeakGraph() throws Exception {
    sb.fault("instagram", new JsonObject().put("kind", "rate_limit").put("status", 613).put("match", "media"));
    MetaSandbox.Resp limited = post("/" + IG + "/media", Map.of("media_type", "REELS", "upload_type", "resumable", "access_token", token));
    assertEquals(613, limited.code());
    assertTrue(limited.json().getJsonObject("error").containsKey("fbtrace_id"));
    sb.fault("instagram", new JsonObject().put("kind", "token_expired").put("match", "content_publishing_limit"));
    MetaSandbox.Resp expired = sb.get(API + "/" + IG + "/content_publishing_limit?fields=quota_usage", token);
    assertEquals(190, expired.code());
    assertEquals(463, expired.subcode());
    sb.fault("instagram", new JsonObject().put("kind", "processing_failure").put("match", "media"));
    String c = resumableContainer("bad codec");
    upload(c, 0, FILE);
    awaitStatus(c, "ERROR");
    assertTrue(sb.get(API + "/" + c + "?fields=status", token).json().getString("status").contains("2207026"));
  }
}
