package io.clipcast.platforms.youtube;

import io.clipcast.platforms.ConnectedAccount;
import io.clipcast.platforms.ErrorKind;
import io.clipcast.platforms.PlatformFailure;
import io.clipcast.platforms.PostStats;
import io.clipcast.platforms.PublishContext;
import io.clipcast.platforms.PublishResult;
import io.clipcast.platforms.testing.TestPublishContext;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The YouTube connector's publish, resume, quota and stats against the simulator, over real HTTP. */
class YouTubePublishTest {
  private static final String CHANNEL = "UCconnectorTestChannel01";
  private static final String UPLOADS_SCOPE = "project:" + YouTubeSandboxFixture.CLIENT_ID + ":uploads";
  private static final String UNITS_SCOPE = "project:" + YouTubeSandboxFixture.CLIENT_ID + ":units";
  private static final ZoneId PACIFIC = ZoneId.of("America/Los_Angeles");
  private static YouTubeSandboxFixture fx;
  private static Path file;

  @TempDir
  Path store;

  @BeforeAll
  static void start() throws Exception {
    fx = new YouTubeSandboxFixture(rules -> {});
    byte[] bytes = new byte[3 * 262_144 + 12_345];   // four chunks, the last one short
    new Random(5).nextBytes(bytes);
    file = Files.createTempFile("short", ".mp4");
    Files.write(file, bytes);
  }

  @AfterAll
  static void stop() throws Exception {
    fx.close();
    Files.deleteIfExists(file);
  }

  @BeforeEach
  void reset() {
    fx.clear();
    fx.control("/youtube/_sandbox/settings", new JsonObject().put("processingMs", 200).put("sessionTtlSeconds", 3600)
        .put("quotaModel", "uploads").put("uploadsPerDay", 100).put("unitsPerDay", 10_000).put("channelUploadsPer24h", 0)
        .put("rejectDuplicates", false));
    fx.control("/youtube/_sandbox/oauth", new JsonObject().put("accessTokenTtlSeconds", 3599));
    fx.audited(true);
  }

  private TestPublishContext context() throws Exception {
    return new TestPublishContext(fx.vertx, fx.account(CHANNEL), store, file, "Sunset over the Volga", "Volga sunset", null);
  }

  private static PublishResult publish(YouTubeConnector c, PublishContext ctx) throws Exception {
    return c.publish(ctx).await(30, TimeUnit.SECONDS);
  }

  private static PlatformFailure failure(Future<?> f) {
    Throwable e = assertThrows(Throwable.class, () -> f.await(30, TimeUnit.SECONDS));
    return assertInstanceOf(PlatformFailure.class, e, String.valueOf(e));
  }

  /** Publishes, then keeps calling publish (as the pipeline does for pending results) until it is live. */
  private static PublishResult publishUntilLive(YouTubeConnector c, PublishContext ctx) throws Exception {
    PublishResult r = publish(c, ctx);
    for (int i = 0; r.isPending() && i < 50; i++) {
      Thread.sleep(100);
      r = publish(c, ctx);
    }
    return r;
  }

  private static long sessionCheckpoints(TestPublishContext ctx) {
    return ctx.checkpoints.stream().filter(c -> c.getString("sessionUri") != null).count();
  }

  @Test
  void publishesOnceByteExactAfterProcessingWithTheSessionSavedBeforeTheFirstByte() throws Exception {
    TestPublishContext ctx = context();
    PublishResult first = publish(fx.connector, ctx);
    assertTrue(first.isPending(), "YouTube is still processing: " + first);
    assertEquals("uploaded", first.detail().getString("uploadStatus"));

    List<JsonObject> cps = ctx.checkpoints;
    assertEquals(UPLOADS_SCOPE, cps.get(0).getJsonObject("quotaHold").getString("scope"), "quota reserved first: " + cps);
    String session = cps.get(1).getString("sessionUri");
    assertTrue(session.startsWith(fx.base + "/youtube/api/upload/youtube/v3/videos?uploadType=resumable"), session);
    assertEquals(Files.size(file), cps.get(1).getLong("total"));
    assertTrue(cps.get(1).containsKey("quotaHold") && cps.get(1).getValue("quotaHold") == null, "the hold became the session");
    String videoId = cps.get(2).getString("videoId");
    assertNotNull(videoId);
    assertEquals(Files.size(file), ctx.lastProgress);

    PublishResult live = publishUntilLive(fx.connector, ctx);
    assertFalse(live.isPending());
    assertEquals(videoId, live.externalId());
    assertEquals("https://www.youtube.com/shorts/" + videoId, live.url());

    List<JsonObject> posts = fx.ledger();
    assertEquals(1, posts.size(), posts.toString());
    assertEquals(ctx.sha256(), posts.get(0).getString("sha256"));
    assertEquals(Files.size(file), posts.get(0).getLong("bytes"));
    assertEquals(CHANNEL, posts.get(0).getString("account"));
    assertEquals("Volga sunset #Shorts", posts.get(0).getString("title"), "#Shorts added to the title, where it fits");
    assertEquals("Sunset over the Volga", posts.get(0).getString("caption"));
    assertEquals("public", posts.get(0).getJsonObject("extra").getString("privacyStatus"));

    LocalDate today = LocalDate.now(PACIFIC);
    assertEquals(1L, ctx.quota.used(UPLOADS_SCOPE, today).await());
    assertTrue(ctx.quota.used(UNITS_SCOPE, today).await() >= 1, "status polls are counted as units");
    assertEquals(1, fx.insertsToday());
  }

  @Test
  void aConnectionResetMidUploadIsResumedInTheSameSessionFromWhereYouTubeStands() throws Exception {
    fx.fault(new JsonObject().put("kind", "reset").put("match", "upload").put("afterBytes", 262_144 + 100_000));
    TestPublishContext ctx = context();
    PlatformFailure f = failure(fx.connector.publish(ctx));
    assertEquals(ErrorKind.RETRYABLE, f.kind(), f.getMessage());
    String session = ctx.uploadState().getString("sessionUri");
    assertNotNull(session, "the session URI was saved before the first byte");
    assertTrue(fx.ledger().isEmpty());

    PublishResult r = publishUntilLive(fx.connector, ctx.nextAttempt());
    assertFalse(r.isPending());
    assertEquals(session, ctx.uploadState().getString("sessionUri"), "the same session went on");
    assertEquals(1, sessionCheckpoints(ctx), "never a second session for the publication");
    assertEquals(1, fx.insertsToday(), "one videos.insert in YouTube's count");
    assertEquals(1L, ctx.quota.used(UPLOADS_SCOPE, LocalDate.now(PACIFIC)).await(), "and in ours");
    List<JsonObject> posts = fx.ledger();
    assertEquals(1, posts.size());
    assertEquals(ctx.sha256(), posts.get(0).getString("sha256"), "byte-exact across the two attempts");
    assertEquals(r.externalId(), posts.get(0).getString("externalId"));
  }

  @Test
  void withinOneAttemptAnInterruptedUploadAsksWhereItStandsAndGoesOn() throws Exception {
    YouTubeConnector patient = fx.connector(r -> r.getJsonObject("upload").put("resumesPerAttempt", 2).put("resumeBackoffMs", 10));
    fx.fault(new JsonObject().put("kind", "reset").put("match", "upload").put("afterBytes", 262_144 + 50_000));
    TestPublishContext ctx = context();
    assertFalse(publishUntilLive(patient, ctx).isPending());
    assertEquals(1, ctx.attempt());
    assertEquals(1, sessionCheckpoints(ctx));
    assertEquals(ctx.sha256(), fx.ledger().get(0).getString("sha256"));

    fx.fault(new JsonObject().put("kind", "http_error").put("status", 503).put("match", "upload"));
    TestPublishContext again = context();
    assertFalse(publishUntilLive(patient, again).isPending(), "a 5xx on a chunk is resumed the same way");
    assertEquals(2, fx.ledger().size());
    assertEquals(1, sessionCheckpoints(again));
  }

  @Test
  void aLostAnswerToTheLastChunkIsRecoveredByTheProbeWithoutUploadingAgain() throws Exception {
    YouTubeConnector oneChunk = fx.connector(r -> r.getJsonObject("upload").put("chunkBytes", 4 * 1024 * 1024));
    fx.fault(new JsonObject().put("kind", "lost_response").put("match", "upload"));
    TestPublishContext ctx = context();
    PlatformFailure f = failure(oneChunk.publish(ctx));
    assertEquals(ErrorKind.RETRYABLE, f.kind(), f.getMessage());
    assertEquals(1, fx.ledger().size(), "YouTube made the video; only its answer was lost");

    PublishResult r = publishUntilLive(oneChunk, ctx.nextAttempt());
    assertEquals(fx.ledger().get(0).getString("externalId"), r.externalId(), "the probe named the video");
    assertEquals(1, fx.ledger().size());
    assertEquals(1, sessionCheckpoints(ctx));
  }

  @Test
  void aServerErrorOnAChunkIsRetryableAndResumes() throws Exception {
    fx.fault(new JsonObject().put("kind", "http_error").put("status", 503).put("match", "upload"));
    TestPublishContext ctx = context();
    PlatformFailure f = failure(fx.connector.publish(ctx));
    assertEquals(ErrorKind.RETRYABLE, f.kind());
    assertEquals("serviceUnavailable", f.platformCode());
    assertFalse(publishUntilLive(fx.connector, ctx.nextAttempt()).isPending());
    assertEquals(ctx.sha256(), fx.ledger().get(0).getString("sha256"));
  }

  @Test
  void whenTheDaysUploadsAreUsedUpTheJobIsDeferredToJustAfterMidnightPacific() throws Exception {
    YouTubeConnector oneADay = fx.connector(r -> r.getJsonObject("dailyQuota").getJsonObject("models").getJsonObject("uploads")
        .put("uploadsPerDay", 1));
    TestPublishContext first = context();
    publishUntilLive(oneADay, first);
    TestPublishContext second = context();
    second.quota.spend(UPLOADS_SCOPE, LocalDate.now(PACIFIC), 1).await();   // the ledger is shared by all publications

    PlatformFailure f = failure(oneADay.publish(second));
    assertEquals(ErrorKind.DEFERRED, f.kind());
    Instant reset = LocalDate.now(PACIFIC).plusDays(1).atStartOfDay(PACIFIC).plusSeconds(60).toInstant();
    String msk = DateTimeFormatter.ofPattern("HH:mm", Locale.ROOT).format(reset.atZone(ZoneId.of("Europe/Moscow")));
    assertEquals("YouTube daily upload limit reached; publishing at 00:01 PT = " + msk + " MSK", f.getMessage());
    long expectedWait = reset.toEpochMilli() - System.currentTimeMillis();
    assertTrue(Math.abs(f.retryAfterMs() - expectedWait) < 5_000, f.retryAfterMs() + " vs " + expectedWait);
    assertTrue(second.checkpoints.isEmpty(), "nothing started: " + second.checkpoints);
    assertEquals(1, fx.insertsToday(), "YouTube was not asked");
  }

  @Test
  void inTheLegacyUnitsModelAnInsertReserves1600OfTheProjectsUnits() throws Exception {
    YouTubeConnector legacy = fx.connector(r -> r.getJsonObject("dailyQuota").put("model", "units").getJsonObject("models")
        .getJsonObject("units").put("unitsPerDay", 3_000));
    TestPublishContext first = context();
    assertTrue(publish(legacy, first).isPending());
    assertEquals(1600L, first.quota.used(UNITS_SCOPE, LocalDate.now(PACIFIC)).await());
    assertEquals(0L, first.quota.used(UPLOADS_SCOPE, LocalDate.now(PACIFIC)).await());

    TestPublishContext second = context().timeZone(PACIFIC);
    second.quota.spend(UNITS_SCOPE, LocalDate.now(PACIFIC), 1600).await();   // the first publication, in the shared ledger
    PlatformFailure f = failure(legacy.publish(second));
    assertEquals(ErrorKind.DEFERRED, f.kind());
    assertEquals("YouTube daily upload limit reached; publishing at 00:01 PT", f.getMessage(), "a user in Pacific time needs no conversion");
  }

  @Test
  void googlesOwnQuotaExceededDefersAndMarksTheDayFull() throws Exception {
    fx.control("/youtube/_sandbox/settings", new JsonObject().put("uploadsPerDay", 0));
    TestPublishContext ctx = context();
    PlatformFailure f = failure(fx.connector.publish(ctx));
    assertEquals(ErrorKind.DEFERRED, f.kind());
    assertEquals("quotaExceeded", f.platformCode());
    assertTrue(f.getMessage().startsWith("YouTube daily upload limit reached; publishing at 00:01 PT = "), f.getMessage());
    assertEquals(100L, ctx.quota.used(UPLOADS_SCOPE, LocalDate.now(PACIFIC)).await(), "our count now says the day is full");
    assertTrue(ctx.uploadState().getValue("quotaHold") == null, "the hold is spent");
  }

  @Test
  void theChannelsOwnUploadCapDefersForADayAndRateLimitsWaitTheirTime() throws Exception {
    fx.control("/youtube/_sandbox/settings", new JsonObject().put("channelUploadsPer24h", 1));
    publishUntilLive(fx.connector, context());
    PlatformFailure capped = failure(fx.connector.publish(context()));
    assertEquals(ErrorKind.DEFERRED, capped.kind());
    assertEquals("uploadLimitExceeded", capped.platformCode());
    assertTrue(Math.abs(capped.retryAfterMs() - 24 * 3_600_000L) < 5_000, String.valueOf(capped.retryAfterMs()));

    fx.fault(new JsonObject().put("kind", "rate_limit").put("match", "videos.insert").put("retryAfterSeconds", 7));
    PlatformFailure slow = failure(fx.connector.publish(context()));
    assertEquals(ErrorKind.RATE_LIMITED, slow.kind());
    assertEquals(7_000, slow.retryAfterMs());
  }

  @Test
  void a401IsAuthAndTheRetryWithARenewedTokenReusesTheQuotaHold() throws Exception {
    fx.fault(new JsonObject().put("kind", "token_expired").put("match", "videos.insert"));
    TestPublishContext ctx = context();
    PlatformFailure f = failure(fx.connector.publish(ctx));
    assertEquals(ErrorKind.AUTH, f.kind());
    assertEquals("authError", f.platformCode());
    ConnectedAccount renewed = fx.connector.oauth().orElseThrow().refresh(ctx.account()).await(10, TimeUnit.SECONDS);
    assertEquals(ctx.account().refreshToken(), renewed.refreshToken(), "Google keeps the refresh token");
    PublishResult r = publishUntilLive(fx.connector, new RenewedAccount(ctx, renewed));
    assertFalse(r.isPending());
    assertEquals(1L, ctx.quota.used(UPLOADS_SCOPE, LocalDate.now(PACIFIC)).await(), "reserved once");
    assertEquals(1, fx.ledger().size());
  }

  @Test
  void a401MidUploadIsAuthAndTheRenewedTokenGoesOnInTheSameSession() throws Exception {
    TestPublishContext ctx = context();
    fx.fault(new JsonObject().put("kind", "token_expired").put("match", "upload"));
    PlatformFailure f = failure(fx.connector.publish(ctx));
    assertEquals(ErrorKind.AUTH, f.kind());
    String session = ctx.uploadState().getString("sessionUri");
    assertNotNull(session);
    ConnectedAccount renewed = fx.connector.oauth().orElseThrow().refresh(ctx.account()).await(10, TimeUnit.SECONDS);
    assertFalse(publishUntilLive(fx.connector, new RenewedAccount(ctx, renewed)).isPending());
    assertEquals(session, ctx.uploadState().getString("sessionUri"));
    assertEquals(1, sessionCheckpoints(ctx));
    assertEquals(ctx.sha256(), fx.ledger().get(0).getString("sha256"));
  }

  @Test
  void aRevokedRefreshTokenIsInvalidGrantAndNeedsTheUser() throws Exception {
    ConnectedAccount account = fx.account(CHANNEL);
    assertEquals(200, fx.web.postAbs(fx.base + "/youtube/token/revoke?token=" + account.refreshToken()).send().await().statusCode());
    PlatformFailure f = failure(fx.connector.oauth().orElseThrow().refresh(account));
    assertEquals(ErrorKind.AUTH, f.kind());
    assertEquals("invalid_grant", f.platformCode());
    assertTrue(f.getMessage().contains("Connect your YouTube channel again"), f.getMessage());
  }

  @Test
  void aLandscapeOrTooLongClipIsNotAShortAndSpendsNothing() throws Exception {
    TestPublishContext ctx = context();
    PlatformFailure wide = failure(fx.connector.publish(new ReshapedClip(ctx, 1920, 1080, 30)));
    assertEquals(ErrorKind.PERMANENT, wide.kind());
    assertEquals("not_a_short", wide.platformCode());
    assertTrue(wide.getMessage().contains("1920×1080"), wide.getMessage());
    PlatformFailure longOne = failure(fx.connector.publish(new ReshapedClip(ctx, 1080, 1080, 181)));
    assertTrue(longOne.getMessage().contains("up to 180 s"), longOne.getMessage());
    assertEquals(0L, ctx.quota.used(UPLOADS_SCOPE, LocalDate.now(PACIFIC)).await());
    assertEquals(0, fx.insertsToday());
  }

  @Test
  void anUnverifiedProjectsPublicShortEndsPublishedAsPrivateWithTheOwnersLinkAndANoteNotAPublicLink() throws Exception {
    fx.audited(false);   // the sandbox's default for a Google project that has not passed YouTube's audit
    YouTubeConnector unaudited = fx.connector(rules -> {}, false);
    PublishResult live = publishUntilLive(unaudited, context());
    assertFalse(live.isPending());
    String id = live.externalId();
    assertEquals("https://studio.youtube.com/video/" + id + "/edit", live.url(), "the owner's link, not a public Shorts link");
    assertEquals("private", live.detail().getString("privacyStatus"));
    assertEquals("public", live.detail().getString("requestedPrivacy"));
    assertEquals(Boolean.TRUE, live.detail().getBoolean("lockedPrivate"));
    assertTrue(live.detail().getString("note").startsWith("Uploaded as private: this Google project is not verified."),
        live.detail().getString("note"));
    assertTrue(live.detail().getString("note").contains("oauth.clients.youtube.audited"));

    // a deployment that says its project is audited, yet YouTube locked the upload: the note says to check the audit
    PublishResult marked = publishUntilLive(fx.connector, context());
    assertTrue(marked.detail().getString("note").contains("although this Google project is marked as verified"), marked.detail().encode());

    // once the project passes the audit, the same Short is public with its Shorts link
    fx.audited(true);
    PublishResult open = publishUntilLive(fx.connector, context());
    assertEquals("https://www.youtube.com/shorts/" + open.externalId(), open.url());
    assertEquals("public", open.detail().getString("privacyStatus"));
    assertNull(open.detail().getString("note"));
  }

  @Test
  void aShortAskedToBePrivateIsPublishedPrivateWithoutALockNote() throws Exception {
    fx.audited(false);
    TestPublishContext ctx = context().options(new JsonObject().put("privacy", "private"));
    PublishResult live = publishUntilLive(fx.connector(rules -> {}, false), ctx);
    assertEquals("private", live.detail().getString("privacyStatus"));
    assertNull(live.detail().getString("note"), "nothing was locked: the user asked for private");
  }

  @Test
  void optionsSetPrivacyAndTagsAndAnExistingShortsHashtagIsKept() throws Exception {
    TestPublishContext ctx = new TestPublishContext(fx.vertx, fx.account(CHANNEL), store, file, "Evening light #shorts", "Volga", null)
        .options(new JsonObject().put("privacy", "unlisted").put("tags", new JsonArray().add("volga").add("sunset")));
    publishUntilLive(fx.connector, ctx);
    JsonObject post = fx.ledger().get(0);
    assertEquals("Volga", post.getString("title"));
    assertEquals("unlisted", post.getJsonObject("extra").getString("privacyStatus"));
    assertEquals(new JsonArray().add("volga").add("sunset"), post.getJsonObject("extra").getJsonArray("tags"));

    TestPublishContext bad = context().options(new JsonObject().put("privacy", "friends"));
    assertEquals(ErrorKind.PERMANENT, failure(fx.connector.publish(bad)).kind());
  }

  @Test
  void aProcessingFailureIsPermanentWithYouTubesReason() throws Exception {
    fx.fault(new JsonObject().put("kind", "processing_failure").put("match", "upload"));
    TestPublishContext ctx = context();
    Future<PublishResult> f = fx.connector.publish(ctx);
    assertTrue(f.await(30, TimeUnit.SECONDS).isPending());
    Thread.sleep(250);
    PlatformFailure failed = failure(fx.connector.publish(ctx));
    assertEquals(ErrorKind.PERMANENT, failed.kind());
    assertEquals("failed:conversion", failed.platformCode());
    assertTrue(fx.ledger().isEmpty());
  }

  @Test
  void aVideoYouTubeRejectsIsPermanentWithItsReason() throws Exception {
    fx.control("/youtube/_sandbox/settings", new JsonObject().put("rejectDuplicates", true));
    ConnectedAccount fresh = fx.account("UCrejectionTestChannel01");
    publishUntilLive(fx.connector, new TestPublishContext(fx.vertx, fresh, store, file, "first", "First", null));
    TestPublishContext copy = new TestPublishContext(fx.vertx, fresh, store, file, "again", "Again", null);
    assertTrue(publish(fx.connector, copy).isPending());
    Thread.sleep(250);
    PlatformFailure f = failure(fx.connector.publish(copy));
    assertEquals(ErrorKind.PERMANENT, f.kind());
    assertEquals("rejected:duplicate", f.platformCode());
    assertTrue(f.getMessage().contains("duplicate"), f.getMessage());
    assertEquals(1, fx.ledger().size());
  }

  @Test
  void anExpiredSessionIsTheOneReasonToStartANewOne() throws Exception {
    fx.control("/youtube/_sandbox/settings", new JsonObject().put("sessionTtlSeconds", 1));
    fx.fault(new JsonObject().put("kind", "reset").put("match", "upload").put("afterBytes", 1000));
    TestPublishContext ctx = context();
    assertEquals(ErrorKind.RETRYABLE, failure(fx.connector.publish(ctx)).kind());
    String expired = ctx.uploadState().getString("sessionUri");
    Thread.sleep(1_100);
    PublishResult r = publishUntilLive(fx.connector, ctx.nextAttempt());
    assertFalse(r.isPending());
    assertEquals(expired, ctx.uploadState().getString("expiredSession"));
    assertEquals(2, sessionCheckpoints(ctx));
    assertEquals(2L, ctx.quota.used(UPLOADS_SCOPE, LocalDate.now(PACIFIC)).await(), "a new session is a new insert");
    assertEquals(1, fx.ledger().size());
    assertEquals(ctx.sha256(), fx.ledger().get(0).getString("sha256"));
  }

  @Test
  void statsComeFromVideosListAsNumbers() throws Exception {
    TestPublishContext ctx = context();
    PublishResult r = publishUntilLive(fx.connector, ctx);
    Thread.sleep(300);
    PostStats s = fx.connector.stats(ctx.account(), r.externalId(), ctx.uploadState()).await(10, TimeUnit.SECONDS);
    assertTrue(s.views() != null && s.views() > 0, String.valueOf(s));
    assertEquals(s.views() / 20, s.likes());
    assertEquals(String.valueOf(s.views()), s.raw().getString("viewCount"));
    PlatformFailure gone = failure(fx.connector.stats(ctx.account(), "nosuchvideo", new JsonObject()));
    assertEquals(ErrorKind.PERMANENT, gone.kind());
  }
}
