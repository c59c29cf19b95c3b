package io.clipcast.sandbox.tiktok;

import io.vertx.core.buffer.Buffer;
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
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The TikTok simulator is strict the way docs/platforms/tiktok.md describes: OAuth, envelope and codes, init rules, chunk PUTs, limits. */
class TikTokSimulatorTest {
  private static final long MIB = 1024 * 1024;
  private static final String INIT = "/tiktok/api/v2/post/publish/video/init/";
  private static final String STATUS = "/tiktok/api/v2/post/publish/status/fetch/";
  private static TikTokSandbox sb;
  private static int creators;

  @BeforeAll
  static void start() {
    sb = new TikTokSandbox();
  }

  @AfterAll
  static void stop() {
    sb.close();
  }

  @BeforeEach
  void reset() {
    sb.control("/tiktok/_sandbox/settings", new JsonObject().put("audited", true).put("processingMs", 50).put("initPerMinute", 6)
        .put("statusPerMinute", 30).put("dailyPostCap", 15).put("verifiedUrlPrefixes", new JsonArray().add("http://127.0.0.1:")));
    sb.control("/tiktok/_sandbox/oauth", new JsonObject().put("autoApprove", false));
  }

  private static String creator() {
    return sb.token("-000sim" + (++creators), "user.info.basic,video.publish,video.list");
  }

  private static JsonObject fileInit(long size, long chunk, long count, String privacy) {
    return new JsonObject().put("post_info", new JsonObject().put("title", "t #x").put("privacy_level", privacy))
        .put("source_info", new JsonObject().put("source", "FILE_UPLOAD").put("video_size", size).put("chunk_size", chunk)
            .put("total_chunk_count", count));
  }

  @Test
  void loginKitChecksTheAppTheRedirectAndSingleUseCodes() throws Exception {
    String q = "/tiktok/oauth/v2/auth/authorize/?client_key=sbawclipcastdev0001&response_type=code&scope=user.info.basic,video.publish"
        + "&redirect_uri=" + java.net.URLEncoder.encode("http://127.0.0.1:8080/oauth/callback", "UTF-8") + "&state=s1";
    TikTokSandbox.Resp page = sb.get(q);
    assertEquals(200, page.status());
    assertTrue(page.body().contains("action=\"/tiktok/oauth/v2/auth/authorize/approve\""), page.body());
    assertEquals(400, sb.get(q.replace("sbawclipcastdev0001", "nope")).status(), "unknown client_key");
    assertEquals(400, sb.get(q.replace("8080", "9999")).status(), "unregistered redirect_uri");
    assertEquals(400, sb.get(q.replace("video.publish", "video.everything")).status(), "unknown scope");

    Map<String, String> approve = new LinkedHashMap<>(Map.of("client_key", "sbawclipcastdev0001", "response_type", "code",
        "scope", "user.info.basic,video.publish", "redirect_uri", "http://127.0.0.1:8080/oauth/callback", "state", "s1"));
    approve.put("decision", "deny");
    TikTokSandbox.Resp denied = sb.form("/tiktok/oauth/v2/auth/authorize/approve", approve);
    assertEquals(302, denied.status());
    assertTrue(denied.headers().get("Location").contains("error=access_denied"), denied.headers().get("Location"));
    approve.put("decision", "approve");
    String location = sb.form("/tiktok/oauth/v2/auth/authorize/approve", approve).headers().get("Location");
    assertTrue(location.contains("scopes=user.info.basic%2Cvideo.publish") && location.contains("state=s1"), location);
    String code = java.net.URLDecoder.decode(location.replaceAll(".*[?&]code=([^&]+).*", "$1"), "UTF-8");

    Map<String, String> exchange = new LinkedHashMap<>(Map.of("client_key", "sbawclipcastdev0001", "client_secret", "wrong",
        "code", code, "grant_type", "authorization_code", "redirect_uri", "http://127.0.0.1:8080/oauth/callback"));
    TikTokSandbox.Resp badSecret = sb.form("/tiktok/api/v2/oauth/token/", exchange);
    assertEquals(401, badSecret.status());
    assertEquals("invalid_client", badSecret.json().getString("error"));
    assertTrue(badSecret.json().getString("log_id") != null);
    exchange.put("client_secret", "sandbox-tiktok-secret");
    TikTokSandbox.Resp tokens = sb.form("/tiktok/api/v2/oauth/token/", exchange);
    assertEquals(200, tokens.status(), tokens.body());
    assertEquals(7_200, tokens.json().getLong("expires_in"));   // 2 h: TikTok's current token page
    assertEquals(15_552_000, tokens.json().getLong("refresh_expires_in"));   // 180 d
    assertEquals("Bearer", tokens.json().getString("token_type"));
    TikTokSandbox.Resp again = sb.form("/tiktok/api/v2/oauth/token/", exchange);
    assertEquals("invalid_grant", again.json().getString("error"), "codes are single use");
    TikTokSandbox.Resp asJson = sb.json("/tiktok/api/v2/oauth/token/", null, new JsonObject().put("grant_type", "refresh_token"));
    assertEquals("invalid_request", asJson.json().getString("error"), "form fields only");

    Map<String, String> refresh = Map.of("client_key", "sbawclipcastdev0001", "client_secret", "sandbox-tiktok-secret",
        "grant_type", "refresh_token", "refresh_token", tokens.json().getString("refresh_token"));
    TikTokSandbox.Resp rotated = sb.form("/tiktok/api/v2/oauth/token/", refresh);
    assertEquals(200, rotated.status());
    assertTrue(!rotated.json().getString("refresh_token").equals(tokens.json().getString("refresh_token")));
    assertEquals("invalid_grant", sb.form("/tiktok/api/v2/oauth/token/", refresh).json().getString("error"), "the old refresh token is spent");
  }

  @Test
  void theApiWantsABearerTokenWithTheScopeAndJson() {
    TikTokSandbox.Resp none = sb.json("/tiktok/api/v2/post/publish/creator_info/query/", null, new JsonObject());
    assertEquals(401, none.status());
    assertEquals("access_token_invalid", none.code());
    assertTrue(none.json().getJsonObject("error").getString("log_id").length() > 14);
    assertEquals(new JsonObject(), none.data());
    String noPublish = sb.token("-000scopeless", "user.info.basic");
    assertEquals("scope_not_authorized", sb.json("/tiktok/api/v2/post/publish/creator_info/query/", noPublish, new JsonObject()).code());
    TikTokSandbox.Resp text = sb.send(HttpMethod.POST, "/tiktok/api/v2/post/publish/creator_info/query/",
        Map.of("Authorization", "Bearer " + creator(), "Content-Type", "text/plain"), Buffer.buffer("{}"));
    assertEquals(400, text.status());
    assertEquals("invalid_params", text.code());
    TikTokSandbox.Resp info = sb.json("/tiktok/api/v2/post/publish/creator_info/query/", creator(), new JsonObject());
    assertEquals("ok", info.code());
    assertEquals(4, info.data().getJsonArray("privacy_level_options").size());
    assertEquals(600, info.data().getInteger("max_video_post_duration_sec"));
  }

  @Test
  void initRefusesWhatTikTokRefuses() {
    String t = creator();
    JsonObject extra = fileInit(MIB, MIB, 1, "SELF_ONLY");
    extra.getJsonObject("post_info").put("music", "x");
    assertEquals("invalid_params", sb.json(INIT, t, extra).code(), "unknown post_info field");
    assertEquals("invalid_params", sb.json(INIT, t, fileInit(MIB, MIB, 1, "EVERYONE")).code(), "not a privacy level");
    JsonObject longTitle = fileInit(MIB, MIB, 1, "SELF_ONLY");
    longTitle.getJsonObject("post_info").put("title", "x".repeat(2201));
    assertEquals("invalid_params", sb.json(INIT, t, longTitle).code());
    JsonObject noSource = new JsonObject().put("post_info", new JsonObject().put("privacy_level", "SELF_ONLY"));
    assertEquals("invalid_params", sb.json(INIT, t, noSource).code());

    sb.control("/tiktok/_sandbox/settings", new JsonObject().put("audited", false));
    TikTokSandbox.Resp unaudited = sb.json(INIT, t, fileInit(MIB, MIB, 1, "PUBLIC_TO_EVERYONE"));
    assertEquals(403, unaudited.status());
    assertEquals("unaudited_client_can_only_post_to_private_accounts", unaudited.code());
    sb.control("/tiktok/_sandbox/settings", new JsonObject().put("unauditedUserCap", 0));
    String sixth = creator();
    sb.control("/tiktok/_sandbox/accounts/privacy", new JsonObject().put("open_id", "-000sim" + creators).put("private_account", true));
    TikTokSandbox.Resp sixthUser = sb.json(INIT, sixth, fileInit(MIB, MIB, 1, "SELF_ONLY"));
    assertEquals(403, sixthUser.status());
    assertEquals("reached_active_user_cap", sixthUser.code());
    sb.control("/tiktok/_sandbox/settings", new JsonObject().put("audited", true).put("unauditedUserCap", 5));

    String friendsOnly = sb.control("/tiktok/_sandbox/tokens", new JsonObject().put("creator", new JsonObject().put("open_id", "-000friends")
        .put("privacy_level_options", new JsonArray().add("MUTUAL_FOLLOW_FRIENDS")))).getString("access_token");
    assertEquals("privacy_level_option_mismatch", sb.json(INIT, friendsOnly, fileInit(MIB, MIB, 1, "PUBLIC_TO_EVERYONE")).code());

    JsonObject pull = new JsonObject().put("post_info", new JsonObject().put("privacy_level", "SELF_ONLY"))
        .put("source_info", new JsonObject().put("source", "PULL_FROM_URL").put("video_url", "https://elsewhere.example.com/v.mp4"));
    TikTokSandbox.Resp unverified = sb.json(INIT, t, pull);
    assertEquals(403, unverified.status());
    assertEquals("url_ownership_unverified", unverified.code());

    String capped = sb.control("/tiktok/_sandbox/tokens", new JsonObject().put("creator", new JsonObject().put("open_id", "-000capped")
        .put("dailyPostCap", 0))).getString("access_token");
    assertEquals("spam_risk_too_many_posts", sb.json(INIT, capped, fileInit(MIB, MIB, 1, "SELF_ONLY")).code());
    String banned = sb.control("/tiktok/_sandbox/tokens", new JsonObject().put("creator", new JsonObject().put("open_id", "-000banned")
        .put("banned", true))).getString("access_token");
    assertEquals("spam_risk_user_banned_from_posting", sb.json(INIT, banned, fileInit(MIB, MIB, 1, "SELF_ONLY")).code());
  }

  @Test
  void chunksMustArriveInOrderWithTheAnnouncedRangesAndTheVideoIsPublishedOnce() throws Exception {
    String t = creator();
    long chunk = 6 * MIB;
    long size = 2 * chunk + 4321;   // two chunks; the last takes the remainder
    byte[] data = new byte[(int) size];
    new Random(3).nextBytes(data);
    TikTokSandbox.Resp init = sb.json(INIT, t, fileInit(size, chunk, 2, "PUBLIC_TO_EVERYONE"));
    assertEquals("ok", init.code(), init.body());
    String url = init.data().getString("upload_url");
    String publishId = init.data().getString("publish_id");
    assertTrue(publishId.startsWith("v_pub_file~v2-1."), publishId);
    Buffer first = Buffer.buffer(java.util.Arrays.copyOfRange(data, 0, (int) chunk));
    Buffer second = Buffer.buffer(java.util.Arrays.copyOfRange(data, (int) chunk, (int) size));
    String firstRange = "bytes 0-" + (chunk - 1) + "/" + size;
    String secondRange = "bytes " + chunk + "-" + (size - 1) + "/" + size;

    assertEquals(400, put(url, "application/octet-stream", firstRange, first).status(), "not a video type");
    assertEquals(400, put(url, "video/mp4", null, first).status(), "no Content-Range");
    assertEquals(400, put(url, "video/mp4", "bytes 0-" + (chunk - 1) + "/" + (size + 1), first).status(), "wrong total");
    TikTokSandbox.Resp outOfOrder = put(url, "video/mp4", secondRange, second);
    assertEquals(416, outOfOrder.status());
    assertTrue(outOfOrder.json().getJsonObject("error").getString("message").contains(firstRange), outOfOrder.body());
    assertEquals(400, put(url, "video/mp4", "bytes 0-" + chunk + "/" + size, first).status(), "range longer than the body");
    assertEquals(404, put(url.replace("upload_token=", "upload_token=x"), "video/mp4", firstRange, first).status(), "unknown upload");

    assertEquals(206, put(url, "video/mp4", firstRange, first).status());
    JsonObject mid = sb.json(STATUS, t, new JsonObject().put("publish_id", publishId)).data();
    assertEquals("PROCESSING_UPLOAD", mid.getString("status"));
    assertEquals(chunk, mid.getLong("uploaded_bytes"));
    assertEquals(416, put(url, "video/mp4", firstRange, first).status(), "the same chunk twice");
    assertEquals(201, put(url, "video/mp4", secondRange, second).status());
    assertEquals(403, put(url, "video/mp4", secondRange, second).status(), "nothing left to upload");

    JsonObject done = null;
    for (int i = 0; i < 50; i++) {
      done = sb.json(STATUS, t, new JsonObject().put("publish_id", publishId)).data();
      if (done.getString("status").equals("PUBLISH_COMPLETE")) break;
      Thread.sleep(20);
    }
    assertEquals("PUBLISH_COMPLETE", done.getString("status"), done.encode());
    assertEquals(1, done.getJsonArray("publicaly_available_post_id").size());
    assertEquals(size, done.getLong("uploaded_bytes"));
    JsonArray posts = sb.get("/_sandbox/posts?platform=tiktok").json().getJsonArray("items");
    JsonObject mine = posts.stream().map(o -> (JsonObject) o).filter(p -> publishId.equals(p.getJsonObject("extra").getString("publishId")))
        .findFirst().orElseThrow();
    assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data)), mine.getString("sha256"));
    assertEquals(size, mine.getLong("bytes"));
    assertEquals("invalid_params", sb.json(STATUS, creator(), new JsonObject().put("publish_id", publishId)).code(),
        "another user's publish_id is not found");

    String videoId = String.valueOf(done.getJsonArray("publicaly_available_post_id").getValue(0));
    TikTokSandbox.Resp noFields = sb.json("/tiktok/api/v2/video/query/", t, new JsonObject().put("filters",
        new JsonObject().put("video_ids", new JsonArray().add(videoId))));
    assertEquals("invalid_params", noFields.code());
    JsonObject video = sb.json("/tiktok/api/v2/video/query/?fields=id,view_count,like_count,comment_count,share_count", t,
        new JsonObject().put("filters", new JsonObject().put("video_ids", new JsonArray().add(videoId)))).data().getJsonArray("videos").getJsonObject(0);
    assertEquals(videoId, video.getString("id"));
    assertTrue(video.getLong("view_count") >= 100 && video.containsKey("share_count"), video.encode());
  }

  @Test
  void anUnauditedAppPostsOnlyFromAPrivateAccountAndVideoListShowsPublicVideosOnly() throws Exception {
    sb.control("/tiktok/_sandbox/settings", new JsonObject().put("audited", false).put("unauditedUserCap", 1000));
    String openId = "-000sim" + (++creators);
    String t = sb.token(openId, "user.info.basic,video.publish,video.list");
    TikTokSandbox.Resp publicAccount = sb.json(INIT, t, fileInit(MIB, MIB, 1, "SELF_ONLY"));
    assertEquals(403, publicAccount.status());
    assertEquals("unaudited_client_can_only_post_to_private_accounts", publicAccount.code(), "a public account, even for SELF_ONLY");

    JsonObject account = sb.control("/tiktok/_sandbox/accounts/privacy", new JsonObject().put("open_id", openId).put("private_account", true));
    assertEquals(true, account.getBoolean("private_account"));
    assertEquals(400, sb.json("/tiktok/_sandbox/accounts/privacy", null, new JsonObject().put("open_id", "-000nobody")
        .put("private_account", true)).status(), "an unknown creator");
    assertEquals("unaudited_client_can_only_post_to_private_accounts", sb.json(INIT, t, fileInit(MIB, MIB, 1, "PUBLIC_TO_EVERYONE")).code());
    JsonObject hidden = postOneChunk(t, "SELF_ONLY");
    assertEquals("PUBLISH_COMPLETE", hidden.getString("status"), hidden.encode());
    assertTrue(hidden.getJsonArray("publicaly_available_post_id").isEmpty(), "a private post is never named");

    sb.control("/tiktok/_sandbox/settings", new JsonObject().put("audited", true));
    JsonObject shown = postOneChunk(t, "PUBLIC_TO_EVERYONE");
    String publicId = String.valueOf(shown.getJsonArray("publicaly_available_post_id").getValue(0));
    JsonArray listed = sb.json("/tiktok/api/v2/video/list/?fields=id,title", t, new JsonObject().put("max_count", 20)).data()
        .getJsonArray("videos");
    assertEquals(1, listed.size(), "video/list lists public videos only: " + listed.encode());
    assertEquals(publicId, listed.getJsonObject(0).getString("id"));
    long mine = sb.get("/_sandbox/posts?platform=tiktok").json().getJsonArray("items").stream().map(o -> (JsonObject) o)
        .filter(p -> openId.equals(p.getString("account"))).count();
    assertEquals(2, mine, "both posts went out");
  }

  /** One 1 MiB post with {@code privacy}, uploaded and processed: its final status. */
  private JsonObject postOneChunk(String token, String privacy) throws Exception {
    TikTokSandbox.Resp init = sb.json(INIT, token, fileInit(MIB, MIB, 1, privacy));
    assertEquals("ok", init.code(), init.body());
    assertEquals(201, put(init.data().getString("upload_url"), "video/mp4", "bytes 0-" + (MIB - 1) + "/" + MIB,
        Buffer.buffer(new byte[(int) MIB])).status());
    JsonObject status = null;
    for (int i = 0; i < 100; i++) {
      status = sb.json(STATUS, token, new JsonObject().put("publish_id", init.data().getString("publish_id"))).data();
      if (!status.getString("status").startsWith("PROCESSING")) break;
      Thread.sleep(20);
    }
    return status;
  }

  @Test
  void initIsLimitedToSixAMinuteAndStatusToThirtyPerToken() {
    String t = creator();
    for (int i = 0; i < 6; i++) assertEquals("ok", sb.json(INIT, t, fileInit(MIB, MIB, 1, "SELF_ONLY")).code(), "init " + (i + 1));
    TikTokSandbox.Resp seventh = sb.json(INIT, t, fileInit(MIB, MIB, 1, "SELF_ONLY"));
    assertEquals(429, seventh.status());
    assertEquals("rate_limit_exceeded", seventh.code());
    assertEquals("ok", sb.json(INIT, creator(), fileInit(MIB, MIB, 1, "SELF_ONLY")).code(), "another token has its own limit");

    String s = creator();
    String id = sb.json(INIT, s, fileInit(MIB, MIB, 1, "SELF_ONLY")).data().getString("publish_id");
    for (int i = 0; i < 30; i++) assertEquals("ok", sb.json(STATUS, s, new JsonObject().put("publish_id", id)).code(), "status " + (i + 1));
    assertEquals("rate_limit_exceeded", sb.json(STATUS, s, new JsonObject().put("publish_id", id)).code());
  }

  @Test
  void injectedFaultsUseTikTokShapes() {
    String t = creator();
    sb.control("/_sandbox/faults", new JsonObject().put("platform", "tiktok").put("kind", "rate_limit").put("match", "video.init")
        .put("retryAfterSeconds", 7));
    TikTokSandbox.Resp limited = sb.json(INIT, t, fileInit(MIB, MIB, 1, "SELF_ONLY"));
    assertEquals(429, limited.status());
    assertEquals("7", limited.headers().get("Retry-After"));
    sb.control("/_sandbox/faults", new JsonObject().put("platform", "tiktok").put("kind", "http_error").put("status", 503).put("match", "status.fetch"));
    TikTokSandbox.Resp down = sb.json(STATUS, t, new JsonObject().put("publish_id", "v_pub_file~v2-1.1"));
    assertEquals(503, down.status());
    assertEquals("internal_error", down.code());
  }

  private static TikTokSandbox.Resp put(String url, String type, String range, Buffer body) {
    Map<String, String> h = new LinkedHashMap<>();
    h.put("Content-Type", type);
    h.put("Content-Length", Integer.toString(body.length()));
    if (range != null) h.put("Content-Range", range);
    return sb.send(HttpMethod.PUT, url, h, body);
  }
}
