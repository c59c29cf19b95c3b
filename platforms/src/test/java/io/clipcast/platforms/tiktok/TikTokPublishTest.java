package io.clipcast.platforms.tiktok;

import io.clipcast.platforms.ConnectedAccount;
import io.clipcast.platforms.ErrorKind;
import io.clipcast.platforms.OAuthCallback;
import io.clipcast.platforms.OAuthStart;
import io.clipcast.platforms.PlatformFailure;
import io.clipcast.platforms.PostStats;
import io.clipcast.platforms.PublishResult;
import io.clipcast.platforms.testing.TestPublishContext;
import io.vertx.core.Future;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The TikTok connector (direct route) against the simulator over HTTP: publish, resume, pull, refusals, OAuth, stats. */
class TikTokPublishTest {
  private static final Path CLIP = Path.of("../common/src/test/resources/media/portrait_h264_aac_faststart.mp4");
  private static final AtomicInteger CREATORS = new AtomicInteger();
  private static TikTokSandboxFixture fx;
  private static TikTokConnector audited;
  private static TikTokConnector unaudited;

  @TempDir
  Path store;

  @BeforeAll
  static void start() {
    fx = new TikTokSandboxFixture();
    audited = fx.connector(new JsonObject().put("audited", true));
    unaudited = fx.connector(new JsonObject().put("audited", false));
  }

  @AfterAll
  static void stop() throws Exception {
    fx.close();
  }

  @BeforeEach
  void reset() {
    fx.clear();
    fx.control("/tiktok/_sandbox/settings", new JsonObject().put("audited", true).put("processingMs", 150).put("moderationMs", 0)
        .put("initPerMinute", 6).put("statusPerMinute", 30).put("maxVideoPostDurationSec", 600).put("unauditedUserCap", 1000)
        .put("verifiedUrlPrefixes", new JsonArray().add("http://127.0.0.1:")).put("accessTokenTtlSeconds", 86_400));
  }

  /** A fresh creator (own token, own daily cap) with {@code extra} fields. */
  private static ConnectedAccount creator(JsonObject extra) {
    int n = CREATORS.incrementAndGet();
    return fx.account(new JsonObject().put("open_id", "-000creator" + n).put("username", "creator" + n).mergeIn(extra));
  }

  private TestPublishContext context(ConnectedAccount account, Path file, String mediaUrl) throws Exception {
    return new TestPublishContext(fx.vertx, account, store, file, "Sunset over the Volga #fyp @friend", null, mediaUrl);
  }

  private static PlatformFailure failure(Future<?> f) {
    Throwable e = assertThrows(Throwable.class, () -> f.await(30, TimeUnit.SECONDS));
    return assertInstanceOf(PlatformFailure.class, e, String.valueOf(e));
  }

  @Test
  void aClipIsPostedOnceWithItsUrlAndThePublishIdIsSavedBeforeTheUpload() throws Exception {
    ConnectedAccount a = creator(new JsonObject());
    TestPublishContext ctx = context(a, CLIP, null);
    PublishResult r = audited.publish(ctx).await(30, TimeUnit.SECONDS);
    assertTrue(r.url().matches("https://www\\.tiktok\\.com/@" + a.metadata().getString("username") + "/video/\\d{19}"), r.url());
    List<JsonObject> posts = fx.ledger(a.externalAccountId());
    assertEquals(1, posts.size());
    assertEquals(ctx.sha256(), posts.get(0).getString("sha256"));
    assertEquals(Files.size(CLIP), posts.get(0).getLong("bytes"));
    assertEquals(r.externalId(), posts.get(0).getString("externalId"));
    assertEquals("PUBLIC_TO_EVERYONE", posts.get(0).getJsonObject("extra").getString("privacyLevel"));
    assertEquals("Sunset over the Volga #fyp @friend", posts.get(0).getString("caption"));
    // order of checkpoints: intent before init, publish_id before any byte, uploaded, then the video id
    assertTrue(ctx.checkpoints.get(0).containsKey("initRequestedAt"));
    assertTrue(ctx.checkpoints.get(1).getString("publishId").startsWith("v_pub_file~v2-1."));
    assertEquals(true, ctx.checkpoints.get(2).getBoolean("uploaded"));
    assertEquals(r.externalId(), ctx.checkpoints.get(3).getString("videoId"));
    assertEquals(Files.size(CLIP), ctx.lastProgress);

    PostStats stats = audited.statsReader().orElseThrow().stats(a, r.externalId(), ctx.uploadState()).await(10, TimeUnit.SECONDS);
    assertTrue(stats.views() >= 100 && stats.likes() != null && stats.comments() != null && stats.shares() != null, stats.toString());
  }

  @Test
  void anUploadThatDiesMidwayResumesOnTheSamePublishIdFromWhatTikTokHas() throws Exception {
    Path big = store.resolve("big.mp4");
    byte[] block = new byte[1 << 20];
    new Random(7).nextBytes(block);
    try (OutputStream out = Files.newOutputStream(big)) {
      for (int i = 0; i < 66; i++) out.write(block);   // 66 MiB: two chunks of 33 MiB
      out.write(block, 0, 12_345);
    }
    ConnectedAccount a = creator(new JsonObject());
    TestPublishContext ctx = context(a, big, null);
    fx.fault(new JsonObject().put("kind", "reset").put("match", "upload.chunk2").put("afterBytes", 4_000_000));
    PlatformFailure first = failure(audited.publish(ctx));
    assertEquals(ErrorKind.RETRYABLE, first.kind(), first.getMessage());
    String publishId = ctx.uploadState().getString("publishId");
    assertTrue(publishId != null && !ctx.uploadState().getBoolean("uploaded"), ctx.uploadState().encode());
    assertEquals(0, fx.ledger(a.externalAccountId()).size());

    PublishResult r = audited.publish(ctx.nextAttempt()).await(60, TimeUnit.SECONDS);
    assertEquals(publishId, r.detail().getString("publishId"), "the second attempt continued the same post");
    assertEquals(1, ctx.checkpoints.stream().filter(c -> c.containsKey("initRequestedAt") && c.getValue("initRequestedAt") != null).count(),
        "one init for the publication");
    List<JsonObject> posts = fx.ledger(a.externalAccountId());
    assertEquals(1, posts.size());
    assertEquals(ctx.sha256(), posts.get(0).getString("sha256"));
    assertEquals(Files.size(big), posts.get(0).getLong("bytes"));
  }

  @Test
  void aPostStillProcessingIsPendingAndTheRecheckFinishesIt() throws Exception {
    fx.control("/tiktok/_sandbox/settings", new JsonObject().put("processingMs", 3500));
    ConnectedAccount a = creator(new JsonObject());
    TestPublishContext ctx = context(a, CLIP, null);
    PublishResult first = audited.publish(ctx).await(30, TimeUnit.SECONDS);
    assertTrue(first.isPending(), "still processing after the quick polls");
    assertEquals("PROCESSING_UPLOAD", first.detail().getString("status"));
    assertEquals(Files.size(CLIP), first.detail().getLong("uploadedBytes"));
    Thread.sleep(1500);
    PublishResult done = audited.publish(ctx).await(30, TimeUnit.SECONDS);
    assertTrue(!done.isPending() && done.url().contains("/video/"), String.valueOf(done));
    assertEquals(1, fx.ledger(a.externalAccountId()).size());
  }

  @Test
  void aPublicPostWaitsForModerationBeforeItHasAUrl() throws Exception {
    fx.control("/tiktok/_sandbox/settings", new JsonObject().put("moderationMs", 1500));
    ConnectedAccount a = creator(new JsonObject());
    TestPublishContext ctx = context(a, CLIP, null);
    PublishResult first = audited.publish(ctx).await(30, TimeUnit.SECONDS);
    assertTrue(first.isPending(), String.valueOf(first));
    assertEquals("moderation", first.detail().getString("waitingFor"));
    assertEquals(1, fx.ledger(a.externalAccountId()).size(), "TikTok has the post; only its public id is missing");
    Thread.sleep(1800);
    PublishResult done = audited.publish(ctx).await(30, TimeUnit.SECONDS);
    assertEquals(fx.ledger(a.externalAccountId()).get(0).getString("externalId"), done.externalId());
  }

  @Test
  void aLostAnswerToTheLastChunkIsResolvedByAskingTikTok() throws Exception {
    ConnectedAccount a = creator(new JsonObject());
    TestPublishContext ctx = context(a, CLIP, null);
    fx.fault(new JsonObject().put("kind", "lost_response").put("match", "upload.chunk1"));
    PlatformFailure lost = failure(audited.publish(ctx));
    assertEquals(ErrorKind.RETRYABLE, lost.kind(), "TikTok can be asked, so never unknown");
    PublishResult r = audited.publish(ctx.nextAttempt()).await(30, TimeUnit.SECONDS);
    assertTrue(r.url().contains("/video/"));
    List<JsonObject> posts = fx.ledger(a.externalAccountId());
    assertEquals(1, posts.size(), "the chunk TikTok already had was not sent again");
    assertEquals(ctx.sha256(), posts.get(0).getString("sha256"));
  }

  @Test
  void pullFromUrlHandsTikTokTheSignedLink() throws Exception {
    HttpServer media = fx.vertx.createHttpServer().requestHandler(req -> req.response().putHeader("Content-Type", "video/mp4")
        .sendFile(CLIP.toString())).listen(0, "127.0.0.1").await();
    try {
      ConnectedAccount a = creator(new JsonObject());
      TestPublishContext ctx = context(a, CLIP, "http://127.0.0.1:" + media.actualPort() + "/media/clip.mp4?sig=abc")
          .options(new JsonObject().put("source", "PULL_FROM_URL"));
      PublishResult r = audited.publish(ctx).await(30, TimeUnit.SECONDS);
      assertTrue(ctx.uploadState().getString("publishId").startsWith("v_pub_url~"));
      List<JsonObject> posts = fx.ledger(a.externalAccountId());
      assertEquals(1, posts.size());
      assertEquals(ctx.sha256(), posts.get(0).getString("sha256"));
      assertEquals("PULL_FROM_URL", posts.get(0).getJsonObject("extra").getString("source"));
      assertEquals(r.externalId(), posts.get(0).getString("externalId"));

      fx.control("/tiktok/_sandbox/settings", new JsonObject().put("verifiedUrlPrefixes", new JsonArray().add("https://media.example.com/")));
      PlatformFailure unverified = failure(audited.publish(context(a, CLIP, "http://127.0.0.1:" + media.actualPort() + "/x.mp4")
          .options(new JsonObject().put("source", "PULL_FROM_URL"))));
      assertEquals("url_ownership_unverified", unverified.platformCode());
      assertEquals(ErrorKind.PERMANENT, unverified.kind());
    } finally {
      media.close().await();
    }
  }

  @Test
  void aFailedPostSurfacesItsFailReasonAndIsForgotten() throws Exception {
    ConnectedAccount a = creator(new JsonObject());
    TestPublishContext ctx = context(a, CLIP, null);
    fx.fault(new JsonObject().put("kind", "processing_failure").put("match", "video.init"));
    PlatformFailure f = failure(audited.publish(ctx));
    assertEquals("file_format_check_failed", f.platformCode());
    assertEquals(ErrorKind.PERMANENT, f.kind());
    assertTrue(f.getMessage().contains("file_format_check_failed"), f.getMessage());
    assertNull(ctx.uploadState().getString("publishId"), "a retry starts a new post");
    assertEquals(0, fx.ledger(a.externalAccountId()).size());
  }

  @Test
  void anUnauditedAppPostsFromAPrivateAccountAndThePostEndsPublishedFromItsStatusAlone() throws Exception {
    fx.control("/tiktok/_sandbox/settings", new JsonObject().put("audited", false));
    ConnectedAccount a = creator(new JsonObject().put("private_account", true));
    // video/list lists public videos only: the connector must not depend on it (an armed fault shows it was never called)
    fx.fault(new JsonObject().put("kind", "http_error").put("match", "video.list").put("status", 500));
    TestPublishContext ctx = context(a, CLIP, null);
    PublishResult r = unaudited.publish(ctx).await(30, TimeUnit.SECONDS);
    JsonArray armed = fx.get(fx.base + "/_sandbox/faults").bodyAsJsonObject().getJsonArray("items");
    assertEquals(1, armed.size(), "video/list was never asked: " + armed.encode());
    List<JsonObject> posts = fx.ledger(a.externalAccountId());
    assertEquals(1, posts.size());
    assertEquals("SELF_ONLY", posts.get(0).getJsonObject("extra").getString("privacyLevel"));
    assertFalse(r.isPending());
    assertEquals(ctx.uploadState().getString("publishId"), r.externalId(), "known by its publish id: TikTok names no private video");
    assertEquals("https://www.tiktok.com/@" + posts.get(0).getJsonObject("extra").getString("username"), r.url());
    assertEquals("PUBLISH_COMPLETE", r.detail().getString("status"));
    assertEquals("SELF_ONLY", r.detail().getString("privacyLevel"));
    assertTrue(r.detail().getString("stats").startsWith("none"), r.detail().encode());
    assertFalse(unaudited.statsReader().orElseThrow().readable(r.externalId(), ctx.uploadState()), "no counters, and no error either");

    TestPublishContext pub = context(a, CLIP, null).options(new JsonObject().put("privacy", "public"));
    PlatformFailure f = failure(unaudited.publish(pub));
    assertEquals("unaudited_client_can_only_post_to_private_accounts", f.platformCode());
    assertEquals(ErrorKind.PERMANENT, f.kind());
    assertTrue(f.getMessage().contains("private TikTok account"), f.getMessage());
    assertTrue(pub.checkpoints.isEmpty(), "refused before init");
  }

  @Test
  void aPublicAccountIsToldThatTheTikTokAccountItselfMustBePrivate() throws Exception {
    fx.control("/tiktok/_sandbox/settings", new JsonObject().put("audited", false));
    ConnectedAccount a = creator(new JsonObject());
    PlatformFailure f = failure(unaudited.publish(context(a, CLIP, null)));
    assertEquals("unaudited_client_can_only_post_to_private_accounts", f.platformCode());
    assertEquals(ErrorKind.PERMANENT, f.kind());
    assertTrue(f.getMessage().contains("Set the TikTok account itself to private"), f.getMessage());
    assertTrue(f.getMessage().contains("docs/platforms/tiktok.md"), f.getMessage());
    assertEquals(0, fx.ledger(a.externalAccountId()).size());
  }

  @Test
  void optionsTheCreatorCannotUseAreRefused() throws Exception {
    ConnectedAccount friendsOnly = creator(new JsonObject().put("privacy_level_options", new JsonArray().add("MUTUAL_FOLLOW_FRIENDS").add("SELF_ONLY")));
    PlatformFailure privacy = failure(audited.publish(context(friendsOnly, CLIP, null).options(new JsonObject().put("privacy", "public"))));
    assertEquals("privacy_level_option_mismatch", privacy.platformCode());
    assertTrue(privacy.getMessage().contains("MUTUAL_FOLLOW_FRIENDS"), privacy.getMessage());
    PlatformFailure stitch = failure(audited.publish(context(friendsOnly, CLIP, null)
        .options(new JsonObject().put("privacy", "friends").put("disableStitch", false))));
    assertTrue(stitch.getMessage().contains("stitches"), stitch.getMessage());
    fx.control("/tiktok/_sandbox/settings", new JsonObject().put("maxVideoPostDurationSec", 5));
    PlatformFailure tooLong = failure(audited.publish(context(creator(new JsonObject()), CLIP, null)));
    assertEquals("duration_check_failed", tooLong.platformCode());
    assertEquals(0, fx.ledger(null).size());
  }

  @Test
  void theDailyCapDefersWithTheTimeInTheUsersZone() throws Exception {
    ConnectedAccount a = creator(new JsonObject().put("dailyPostCap", 0));
    PlatformFailure f = failure(audited.publish(context(a, CLIP, null)));
    assertEquals(ErrorKind.DEFERRED, f.kind());
    assertEquals("spam_risk_too_many_posts", f.platformCode());
    assertTrue(f.getMessage().matches(".*publishing at 00:01 UTC = 03:01 MSK\\."), f.getMessage());
    assertTrue(f.retryAfterMs() > 0 && f.retryAfterMs() <= 24 * 3600_000L + 60_000, Long.toString(f.retryAfterMs()));
  }

  @Test
  void initsOverSixAMinuteAreRateLimitedAndAnInvalidTokenIsAnAuthFailure() throws Exception {
    fx.control("/tiktok/_sandbox/settings", new JsonObject().put("initPerMinute", 1));
    ConnectedAccount a = creator(new JsonObject());
    audited.publish(context(a, CLIP, null)).await(30, TimeUnit.SECONDS);
    PlatformFailure limited = failure(audited.publish(context(a, CLIP, null)));
    assertEquals(ErrorKind.RATE_LIMITED, limited.kind());
    assertEquals("rate_limit_exceeded", limited.platformCode());
    assertTrue(limited.retryAfterMs() >= 1000, Long.toString(limited.retryAfterMs()));

    fx.fault(new JsonObject().put("kind", "token_expired").put("match", "creator_info"));
    PlatformFailure auth = failure(audited.publish(context(creator(new JsonObject()), CLIP, null)));
    assertEquals(ErrorKind.AUTH, auth.kind());
    assertEquals("access_token_invalid", auth.platformCode());
  }

  @Test
  void signInAndRotatingRefreshUseTheLifetimesTikTokGives() throws Exception {
    fx.control("/tiktok/_sandbox/settings", new JsonObject().put("accessTokenTtlSeconds", 7200).put("refreshTokenTtlSeconds", 15_552_000));
    fx.control("/tiktok/_sandbox/oauth", new JsonObject().put("autoApprove", true).put("creator", new JsonObject()
        .put("open_id", "-000oauthCreator").put("username", "oauth.creator").put("display_name", "OAuth Creator")));
    String url = audited.oauth().orElseThrow().authorizationUrl(new OAuthStart("state-123", "ignored-challenge"));
    assertTrue(url.startsWith(fx.base + "/tiktok/oauth/v2/auth/authorize/?client_key=" + TikTokSandboxFixture.CLIENT_KEY), url);
    var redirect = fx.get(url);
    assertEquals(302, redirect.statusCode(), redirect.bodyAsString());
    String location = redirect.getHeader("Location");
    assertTrue(location.startsWith(TikTokSandboxFixture.REDIRECT_URI + "?code="), location);
    String code = java.net.URLDecoder.decode(location.replaceAll(".*[?&]code=([^&]+).*", "$1"), java.nio.charset.StandardCharsets.UTF_8);
    ConnectedAccount a = audited.oauth().orElseThrow().exchangeCode(new OAuthCallback(code, "v".repeat(50), "state-123", new JsonObject())).await(10, TimeUnit.SECONDS);
    assertEquals("-000oauthCreator", a.externalAccountId());
    assertEquals("OAuth Creator", a.displayName());
    assertEquals("oauth.creator", a.metadata().getString("username"));
    long ttl = a.expiresAt().getEpochSecond() - java.time.Instant.now().getEpochSecond();
    assertTrue(ttl > 7000 && ttl <= 7200, "expires_in read, not assumed: " + ttl);
    assertTrue(a.scopes().contains("video.publish"), a.scopes().toString());

    ConnectedAccount renewed = audited.oauth().orElseThrow().refresh(a).await(10, TimeUnit.SECONDS);
    assertNotEquals(a.accessToken(), renewed.accessToken());
    assertNotEquals(a.refreshToken(), renewed.refreshToken(), "TikTok rotates refresh tokens");
    assertTrue(renewed.metadata().getString("refreshExpiresAt") != null);
    PlatformFailure reused = failure(audited.oauth().orElseThrow().refresh(a));
    assertEquals(ErrorKind.AUTH, reused.kind(), "the old refresh token stopped working");
    assertEquals("invalid_grant", reused.platformCode());
    ConnectedAccount again = audited.oauth().orElseThrow().refresh(renewed).await(10, TimeUnit.SECONDS);
    assertNotEquals(renewed.refreshToken(), again.refreshToken());
  }
}
