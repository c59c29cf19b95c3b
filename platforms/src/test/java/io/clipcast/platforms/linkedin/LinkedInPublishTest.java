package io.clipcast.platforms.linkedin;

import io.clipcast.platforms.ConnectedAccount;
import io.clipcast.platforms.ErrorKind;
import io.clipcast.platforms.PlatformFailure;
import io.clipcast.platforms.PostStats;
import io.clipcast.platforms.PublishContext;
import io.clipcast.platforms.PublishResult;
import io.clipcast.platforms.catalog.PlatformCatalog;
import io.clipcast.platforms.catalog.PlatformRules;
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
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The LinkedIn connector's publish and stats against the simulator: parts, resumes, lost answers, faults and their classes. */
class LinkedInPublishTest {
  /** 80 869 bytes: over LinkedIn's 75 KB minimum; in 16 KiB parts that is five parts, the last one shorter. */
  private static final Path CLIP = Path.of("../common/src/test/resources/media/landscape_rotate90.mp4");
  private static final int PART = 16 * 1024;
  private static final String MEMBER = "liMember1";
  private static final String ME = "urn:li:person:" + MEMBER;
  private static final String CAPTION = "Sunset (part 1) — 50% off! #clips @home_team [beta] *new*";
  private static LinkedInSandboxFixture fx;

  @TempDir
  Path store;

  @BeforeAll
  static void start() {
    fx = new LinkedInSandboxFixture();
    fx.control("/linkedin/_sandbox/organizations", new JsonObject().put("id", 60001).put("name", "Clip Co").put("admins", new JsonArray().add(MEMBER)));
    fx.control("/linkedin/_sandbox/organizations", new JsonObject().put("id", 60002).put("name", "Elsewhere").put("admins", new JsonArray()));
  }

  @AfterAll
  static void stop() throws Exception {
    fx.close();
  }

  @BeforeEach
  void reset() {
    fx.clear();
    fx.control("/linkedin/_sandbox/settings", new JsonObject().put("partSizeBytes", PART).put("processingMs", 150).put("uploadUrlTtlSeconds", 3600)
        .put("memberDailyPosts", 1000).put("minFileBytes", 75 * 1024));
  }

  private TestPublishContext context(ConnectedAccount account) throws Exception {
    return new TestPublishContext(fx.vertx, account, store, CLIP, CAPTION, "Sunset", null);
  }

  /** Publishes like the pipeline does: while LinkedIn is processing, calls again after a short delay (same attempt). */
  private static PublishResult publish(PublishContext ctx) throws Exception {
    PublishResult r = fx.connector.publish(ctx).await(30, TimeUnit.SECONDS);
    for (int i = 0; r.isPending() && i < 200; i++) {
      Thread.sleep(50);
      r = fx.connector.publish(ctx).await(30, TimeUnit.SECONDS);
    }
    return r;
  }

  private static PlatformFailure failure(PublishContext ctx) {
    Throwable e = assertThrows(Throwable.class, () -> publish(ctx));
    return assertInstanceOf(PlatformFailure.class, e, String.valueOf(e));
  }

  private static PlatformFailure failure(Future<?> f) {
    Throwable e = assertThrows(Throwable.class, () -> f.await(30, TimeUnit.SECONDS));
    return assertInstanceOf(PlatformFailure.class, e, String.valueOf(e));
  }

  private static JsonObject onlyPost() {
    List<JsonObject> posts = fx.ledger();
    assertEquals(1, posts.size(), posts.toString());
    return posts.get(0);
  }

  private static List<String> videos(TestPublishContext ctx) {
    return ctx.checkpoints.stream().filter(c -> c.containsKey("videoUrn")).map(c -> c.getString("videoUrn")).toList();
  }

  /** Every part of the upload was taken by LinkedIn exactly once. */
  private static void eachPartTakenOnce(String videoUrn) {
    JsonArray parts = fx.upload(videoUrn).getJsonArray("parts");
    assertEquals(5, parts.size());
    parts.forEach(p -> assertEquals(1, ((JsonObject) p).getInteger("accepted"), parts.encode()));
  }

  @Test
  void publishesOnceInPartsByteExactWithCheckpointsBeforeEachStep() throws Exception {
    TestPublishContext ctx = context(fx.account(MEMBER));
    PublishResult first = fx.connector.publish(ctx).await(30, TimeUnit.SECONDS);
    assertTrue(first.isPending(), "LinkedIn is still processing right after finalizeUpload");
    assertEquals(PublishResult.State.PENDING, first.state(), "rechecked on a timer, not left to an event");
    PublishResult r = publish(ctx);

    JsonObject post = onlyPost();
    assertEquals(ctx.sha256(), post.getString("sha256"));
    assertEquals(Files.size(CLIP), post.getLong("bytes"));
    assertEquals(CAPTION, post.getString("caption"), "little text escaped by the connector, read back unchanged");
    assertEquals("Sunset", post.getString("title"));
    assertEquals(ME, post.getString("account"));
    String urn = post.getString("externalId");
    assertTrue(urn.startsWith("urn:li:share:"), urn);
    assertEquals(urn, r.externalId());
    assertEquals("https://www.linkedin.com/feed/update/" + urn + "/", r.url());
    assertEquals(Files.size(CLIP), ctx.lastProgress);

    List<JsonObject> cps = ctx.checkpoints;
    String video = cps.get(0).getString("videoUrn");
    assertTrue(video.startsWith("urn:li:video:"), video);
    assertEquals(ME, cps.get(0).getString("owner"));
    assertEquals(5, cps.get(0).getJsonArray("parts").size());
    assertEquals(0, cps.get(0).getJsonArray("etags").size());
    for (int i = 1; i <= 5; i++) assertEquals(i, cps.get(i).getJsonArray("etags").size(), "an ETag saved after each part");
    assertEquals(true, cps.get(6).getBoolean("finalizeRequested"));
    assertEquals(true, cps.get(7).getBoolean("finalized"));
    assertNotNull(cps.get(8).getLong("postRequestedAt"));
    assertEquals(urn, cps.get(9).getString("postUrn"));
    assertEquals(video, post.getJsonObject("extra").getString("video"));
    eachPartTakenOnce(video);

    assertEquals(urn, fx.connector.publish(ctx).await(5, TimeUnit.SECONDS).externalId(), "done is done: no second post");
    assertEquals(1, fx.ledger().size());
  }

  @Test
  void aMultiMegabyteClipGoesUpInLinkedIns4MiBParts() throws Exception {
    fx.control("/linkedin/_sandbox/settings", new JsonObject().put("partSizeBytes", 4 * 1024 * 1024));
    Path big = store.resolve("big.mp4");
    byte[] bytes = new byte[9 * 1024 * 1024 + 12_345];
    new java.util.Random(7).nextBytes(bytes);
    Files.write(big, bytes);
    TestPublishContext ctx = new TestPublishContext(fx.vertx, fx.account(MEMBER), store, big, "nine megabytes", null, null);
    publish(ctx);
    JsonArray parts = ctx.checkpoints.get(0).getJsonArray("parts");
    assertEquals(3, parts.size());
    assertEquals(4_194_303, parts.getJsonObject(0).getLong("lastByte"));
    assertEquals(8_388_607, parts.getJsonObject(1).getLong("lastByte"));
    assertEquals(bytes.length - 1, parts.getJsonObject(2).getLong("lastByte"));
    JsonObject post = onlyPost();
    assertEquals(ctx.sha256(), post.getString("sha256"));
    assertEquals(bytes.length, post.getLong("bytes"));
    assertEquals(bytes.length, ctx.lastProgress);
  }

  @Test
  void aRetryAfterAFailedPartSendsOnlyTheMissingPartsOfTheSameVideo() throws Exception {
    TestPublishContext inner = context(fx.account(MEMBER));
    ScriptedContext ctx = new ScriptedContext(inner).onCheckpoint(s -> s.getJsonArray("etags", new JsonArray()).size() == 2, s -> fx.web
        .postAbs(fx.base + "/_sandbox/faults").sendJsonObject(new JsonObject().put("platform", "linkedin").put("kind", "http_error")
            .put("status", 503).put("match", "upload")).mapEmpty());
    PlatformFailure f = failure(ctx);
    assertEquals(ErrorKind.RETRYABLE, f.kind(), f.getMessage());
    assertEquals(2, inner.uploadState().getJsonArray("etags").size());
    assertTrue(fx.ledger().isEmpty());

    PublishResult r = publish(inner.nextAttempt());
    assertEquals(1, videos(inner).size(), "the video URN is reused: " + videos(inner));
    JsonArray etags = inner.uploadState().getJsonArray("etags");
    assertEquals(5, etags.size());
    eachPartTakenOnce(videos(inner).get(0));
    JsonObject post = onlyPost();
    assertEquals(inner.sha256(), post.getString("sha256"));
    assertEquals(r.externalId(), post.getString("externalId"));
  }

  @Test
  void aLostFinalizeAnswerIsRecognisedByTheVideoStatus() throws Exception {
    TestPublishContext ctx = context(fx.account(MEMBER));
    fx.fault(new JsonObject().put("kind", "lost_response").put("match", "videos.finalizeUpload"));
    assertEquals(ErrorKind.RETRYABLE, failure(ctx).kind());
    assertEquals(true, ctx.uploadState().getBoolean("finalizeRequested"));
    assertEquals(false, ctx.uploadState().getBoolean("finalized"));

    publish(ctx.nextAttempt());
    assertEquals(true, ctx.uploadState().getBoolean("finalized"));
    assertEquals(1, videos(ctx).size());
    eachPartTakenOnce(videos(ctx).get(0));
    assertEquals(ctx.sha256(), onlyPost().getString("sha256"));
  }

  @Test
  void aLostPostAnswerIsFoundAmongTheAuthorsPostsInsteadOfPostingAgain() throws Exception {
    TestPublishContext ctx = context(fx.account(MEMBER));
    fx.fault(new JsonObject().put("kind", "lost_response").put("match", "posts.create"));
    PublishResult r = publish(ctx);
    assertEquals(onlyPost().getString("externalId"), r.externalId(), "found in the same attempt");
  }

  @Test
  void whenThePostsFinderIsRefusedLinkedInsDuplicateRefusalStillStopsASecondPost() throws Exception {
    TestPublishContext ctx = context(fx.account(MEMBER));
    fx.fault(new JsonObject().put("kind", "lost_response").put("match", "posts.create"));
    fx.fault(new JsonObject().put("kind", "http_error").put("status", 403).put("match", "posts.find").put("count", 2));
    PlatformFailure f = failure(ctx);
    assertEquals(ErrorKind.RETRYABLE, f.kind(), f.getMessage());
    assertEquals(1, fx.ledger().size(), "LinkedIn made the post; the answer was lost");

    PublishResult r = publish(ctx.nextAttempt());
    assertEquals(onlyPost().getString("externalId"), r.externalId(), "the 422 'duplicate of' names the post");
  }

  @Test
  void expiredUploadUrlsStartANewUpload() throws Exception {
    TestPublishContext ctx = context(fx.account(MEMBER));
    fx.fault(new JsonObject().put("kind", "token_expired").put("match", "upload"));
    publish(ctx);
    List<String> videos = videos(ctx);
    assertEquals(2, videos.size(), "initialized again after the 401");
    assertNotEquals(videos.get(0), videos.get(1));
    JsonObject post = onlyPost();
    assertEquals(videos.get(1), post.getJsonObject("extra").getString("video"));
    assertEquals(ctx.sha256(), post.getString("sha256"));
  }

  @Test
  void aVideoLinkedInCannotProcessFailsWithTheReason() throws Exception {
    TestPublishContext ctx = context(fx.account(MEMBER));
    fx.fault(new JsonObject().put("kind", "processing_failure").put("match", "finalizeUpload"));
    PlatformFailure f = failure(ctx);
    assertEquals(ErrorKind.PERMANENT, f.kind());
    assertEquals("PROCESSING_FAILED", f.platformCode());
    assertTrue(f.getMessage().contains("could not be transcoded"), f.getMessage());
    assertTrue(fx.ledger().isEmpty());
  }

  @Test
  void refusalsAreClassified() throws Exception {
    fx.fault(new JsonObject().put("kind", "token_expired").put("match", "videos.initializeUpload"));
    assertEquals(ErrorKind.AUTH, failure(context(fx.account(MEMBER))).kind());
    fx.fault(new JsonObject().put("kind", "rate_limit").put("match", "videos.initializeUpload").put("retryAfterSeconds", 9));
    PlatformFailure limited = failure(context(fx.account(MEMBER)));
    assertEquals(ErrorKind.RATE_LIMITED, limited.kind());
    assertEquals(9000, limited.retryAfterMs());
    fx.fault(new JsonObject().put("kind", "http_error").put("status", 503).put("match", "videos.initializeUpload"));
    assertEquals(ErrorKind.RETRYABLE, failure(context(fx.account(MEMBER))).kind());
    fx.fault(new JsonObject().put("kind", "reset").put("match", "upload").put("afterBytes", 4000));
    assertEquals(ErrorKind.RETRYABLE, failure(context(fx.account(MEMBER))).kind(), "a part cut off mid-transfer is sent again");
    assertTrue(fx.ledger().isEmpty());

    fx.control("/linkedin/_sandbox/settings", new JsonObject().put("minFileBytes", 1));
    LinkedInConnector old = new LinkedInConnector(LinkedInSandboxFixture.TIMEOUTS);
    PlatformRules rules = PlatformCatalog.shipped().variant("linkedin", r -> r.getJsonObject("api").put("version", "202301"));
    old.init(fx.vertx, fx.settings(rules));
    PlatformFailure sunset = failure(old.publish(context(fx.account(MEMBER))));
    assertEquals(ErrorKind.PERMANENT, sunset.kind());
    assertEquals("NONEXISTENT_VERSION", sunset.platformCode());
    assertTrue(sunset.getMessage().contains("api.version"), sunset.getMessage());
  }

  @Test
  void aClipUnderLinkedInsMinimumIsRefusedBeforeAnyCall() throws Exception {
    TestPublishContext ctx = new TestPublishContext(fx.vertx, fx.account(MEMBER), store,
        Path.of("../common/src/test/resources/media/portrait_h264_aac_faststart.mp4"), "small", null, null);
    PlatformFailure f = failure(ctx);
    assertEquals(ErrorKind.PERMANENT, f.kind());
    assertTrue(f.getMessage().contains("75 KB"), f.getMessage());
    assertTrue(ctx.checkpoints.isEmpty());
  }

  @Test
  void dailyLimitsDeferToMidnightUtcToldInTheUsersTime() throws Exception {
    TestPublishContext ctx = context(fx.account(MEMBER));
    ctx.quota.reserve(MEMBER, LocalDate.now(ZoneOffset.UTC), 25, 25).await();
    PlatformFailure own = failure(ctx);
    assertEquals(ErrorKind.DEFERRED, own.kind());
    assertTrue(own.getMessage().endsWith("publishing at 00:01 UTC = 03:01 MSK"), own.getMessage());
    assertTrue(own.retryAfterMs() > 0 && own.retryAfterMs() <= 24 * 3600_000L + 60_000);
    assertNull(ctx.uploadState().getLong("postRequestedAt"), "nothing was sent to LinkedIn's posts endpoint");
    assertTrue(fx.ledger().isEmpty());

    // LinkedIn's own count is per member and day: a member who has not posted today yet
    String fresh = "liQuota" + System.nanoTime() % 100_000;
    fx.control("/linkedin/_sandbox/settings", new JsonObject().put("memberDailyPosts", 1));
    publish(context(fx.account(fresh)));
    PlatformFailure theirs = failure(context(fx.account(fresh)));
    assertEquals(ErrorKind.DEFERRED, theirs.kind(), theirs.getMessage());
    assertEquals("TOO_MANY_REQUESTS", theirs.platformCode());
    assertEquals(1, fx.ledger().size());
  }

  @Test
  void postsAsAPageTheMemberAdministers() throws Exception {
    TestPublishContext ctx = context(fx.pageAccount(MEMBER)).options(new JsonObject().put("organization", "60001").put("visibility", "logged_in"));
    PublishResult r = publish(ctx);
    JsonObject post = onlyPost();
    assertEquals("urn:li:organization:60001", post.getString("account"));
    assertEquals("LOGGED_IN", post.getJsonObject("extra").getString("visibility"));
    assertEquals("urn:li:organization:60001", ctx.checkpoints.get(0).getString("owner"));
    assertEquals("urn:li:organization:60001", r.detail().getString("author"));

    PlatformFailure notAdmin = failure(context(fx.pageAccount(MEMBER)).options(new JsonObject().put("organization", "urn:li:organization:60002")));
    assertEquals(ErrorKind.PERMANENT, notAdmin.kind());
    assertTrue(notAdmin.getMessage().contains("administers"), notAdmin.getMessage());
    assertEquals(ErrorKind.PERMANENT, failure(context(fx.pageAccount(MEMBER)).options(new JsonObject().put("organization", "clip-co"))).kind());
    assertEquals(ErrorKind.PERMANENT, failure(context(fx.account(MEMBER)).options(new JsonObject().put("visibility", "friends"))).kind());
    assertEquals(1, fx.ledger().size());
  }

  @Test
  void statsComeFromSocialActions() throws Exception {
    ConnectedAccount account = fx.account(MEMBER);
    PublishResult r = publish(context(account));
    fx.control("/linkedin/_sandbox/social", new JsonObject().put("post", r.externalId()).put("likes", 42).put("comments", 7));
    PostStats s = fx.connector.stats(account, r.externalId(), new JsonObject()).await(10, TimeUnit.SECONDS);
    assertEquals(42, s.likes());
    assertEquals(7, s.comments());
    assertNull(s.views(), "socialActions has no view count");
    assertEquals(ErrorKind.PERMANENT, failure(fx.connector.stats(account, "urn:li:share:1", new JsonObject())).kind());

    ConnectedAccount pages = fx.pageAccount(MEMBER);
    TestPublishContext asPage = context(pages).options(new JsonObject().put("organization", 60001));
    PublishResult page = publish(asPage);
    fx.control("/linkedin/_sandbox/social", new JsonObject().put("post", page.externalId()).put("likes", 20).put("comments", 4));
    PostStats pageStats = fx.connector.stats(pages, page.externalId(), asPage.uploadState()).await(10, TimeUnit.SECONDS);
    assertEquals(20, pageStats.likes());
    assertEquals(4, pageStats.comments());
    assertEquals(5, pageStats.shares(), "Page posts have share counts (organizationalEntityShareStatistics)");
    assertNotNull(pageStats.raw().getJsonObject("totalShareStatistics"));
  }

  /**
   * LinkedIn lets the Community Management API be the only product of its app (docs/platforms/linkedin.md), so a
   * member-app connection cannot post as a Page nor a Page-app connection as the member: both are refused before
   * anything is uploaded, naming what to connect; a Page connection with one Page posts there by default.
   */
  @Test
  void eachAppPostsOnlyWhatItsProductsAllow() throws Exception {
    TestPublishContext memberAsPage = context(fx.account(MEMBER)).options(new JsonObject().put("organization", "60001"));
    PlatformFailure f = failure(memberAsPage);
    assertEquals(ErrorKind.PERMANENT, f.kind());
    assertTrue(f.getMessage().contains("Page app") && f.getMessage().contains("docs/platforms/linkedin.md"), f.getMessage());
    assertTrue(videos(memberAsPage).isEmpty(), "refused before the upload");

    ConnectedAccount pages = fx.pageAccount(MEMBER);
    TestPublishContext pageAsMember = context(pages);
    PlatformFailure g = failure(pageAsMember);
    assertEquals(ErrorKind.PERMANENT, g.kind());
    assertTrue(g.getMessage().contains("organization"), g.getMessage());
    assertTrue(videos(pageAsMember).isEmpty(), "refused before the upload");
    assertEquals(0, fx.ledger().size());

    ConnectedAccount onePage = new ConnectedAccount(pages.externalAccountId(), pages.displayName(), null, pages.accessToken(),
        pages.refreshToken(), pages.expiresAt(), pages.scopes(), pages.metadata().copy().put("organization", "60001"));
    publish(context(onePage));
    assertEquals("urn:li:organization:60001", onlyPost().getString("account"));
  }
}
