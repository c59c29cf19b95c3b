package io.clipcast.platforms.vk;

import io.clipcast.platforms.ConnectedAccount;
import io.clipcast.platforms.ErrorKind;
import io.clipcast.platforms.PlatformFailure;
import io.clipcast.platforms.PostStats;
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
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The VK connector's publish and stats against the simulator on the {@code wallPost} route (video.save, upload,
 * wall.post): the happy path, resumes, faults and their classes. The default route is in {@link VkVideoWallpostTest}.
 */
class VkPublishTest {
  private static final Path CLIP = Path.of("../common/src/test/resources/media/portrait_h264_aac_faststart.mp4");
  private static final long USER = 5005;
  private static final long GROUP = 7007;
  private static VkSandboxFixture fx;

  @TempDir
  Path store;

  @BeforeAll
  static void start() {
    fx = VkSandboxFixture.wallPost();
    fx.control("/vk/_sandbox/groups", new JsonObject().put("id", GROUP).put("name", "Clip Club").put("admins", new JsonArray().add(USER)));
    fx.control("/vk/_sandbox/groups", new JsonObject().put("id", 8008).put("name", "Someone else's").put("admins", new JsonArray()));
  }

  @AfterAll
  static void stop() throws Exception {
    fx.close();
  }

  @BeforeEach
  void reset() {
    fx.clear();
    // VK's own ~3 requests/s per token is tested in the simulator's tests; here it would make timing decide results
    // (tests share one token and run back to back), and error 6 is exercised through faults instead
    fx.control("/vk/_sandbox/api", new JsonObject().put("requestsPerSecond", 0).put("processingMs", 1500).put("guidWindowSeconds", 3600)
        .put("maxUploadBytes", 1L << 30));
    fx.control("/vk/_sandbox/oauth", new JsonObject().put("accessTokenTtlSeconds", 3600));
  }

  private TestPublishContext context(ConnectedAccount account) throws Exception {
    return new TestPublishContext(fx.vertx, account, store, CLIP, "Sunset over the Volga #clips", "Volga sunset", null);
  }

  private static PublishResult publish(TestPublishContext ctx) throws Exception {
    return fx.connector.publish(ctx).await(30, TimeUnit.SECONDS);
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

  private static long videoSaves(TestPublishContext ctx) {
    return ctx.checkpoints.stream().filter(c -> c.containsKey("videoId")).count();
  }

  @Test
  void publishesOnceByteExactWithCheckpointsBeforeEachStep() throws Exception {
    TestPublishContext ctx = context(fx.account(USER));
    PublishResult r = publish(ctx);

    JsonObject post = onlyPost();
    assertEquals(ctx.sha256(), post.getString("sha256"));
    assertEquals(Files.size(CLIP), post.getLong("bytes"));
    assertEquals("Sunset over the Volga #clips", post.getString("caption"));
    assertEquals("Volga sunset", post.getString("title"));
    assertEquals(post.getString("externalId"), r.externalId());
    long postId = post.getJsonObject("extra").getLong("postId");
    assertEquals(USER + "_" + postId, r.externalId());
    assertEquals("https://vk.com/wall" + USER + "_" + postId, r.url());
    assertEquals(Files.size(CLIP), ctx.lastProgress);

    List<JsonObject> cps = ctx.checkpoints;
    assertNotNull(cps.get(0).getLong("videoId"));
    assertEquals(USER, cps.get(0).getLong("ownerId"));
    assertTrue(cps.get(0).getString("uploadUrl").startsWith(fx.base + "/vk/upload/"));
    assertNotNull(cps.get(0).getString("accessKey"));
    assertEquals(true, cps.get(1).getBoolean("uploaded"));
    assertNotNull(cps.get(2).getLong("postRequestedAt"));
    assertEquals(postId, cps.get(3).getLong("postId"));
    assertEquals(r.detail().getLong("videoId"), cps.get(0).getLong("videoId"));
  }

  @Test
  void publishesInACommunityNamedByTheConnection() throws Exception {
    ConnectedAccount base = fx.account(USER);
    ConnectedAccount account = new ConnectedAccount(base.externalAccountId(), base.displayName(), null, base.accessToken(),
        base.refreshToken(), base.expiresAt(), base.scopes(), base.metadata().copy().put("groupId", GROUP));
    PublishResult r = publish(context(account));
    assertTrue(r.externalId().startsWith("-" + GROUP + "_"), r.externalId());
    assertTrue(r.url().startsWith("https://vk.com/wall-" + GROUP + "_"));
    assertEquals(r.externalId(), onlyPost().getString("externalId"));
  }

  @Test
  void aCommunityTheUserDoesNotEditIsPermanentWithAHint() throws Exception {
    ConnectedAccount base = fx.account(USER);
    ConnectedAccount account = new ConnectedAccount(base.externalAccountId(), base.displayName(), null, base.accessToken(),
        base.refreshToken(), base.expiresAt(), base.scopes(), base.metadata().copy().put("groupId", 8008));
    PlatformFailure f = failure(fx.connector.publish(context(account)));
    assertEquals(ErrorKind.PERMANENT, f.kind());
    assertEquals("203", f.platformCode());
    assertTrue(f.getMessage().contains("administrator or editor"), f.getMessage());
  }

  @Test
  void aLostWallPostAnswerIsResolvedOnTheRetryWithoutASecondPost() throws Exception {
    fx.fault(new JsonObject().put("kind", "lost_response").put("match", "wall.post"));
    TestPublishContext ctx = context(fx.account(USER));
    PlatformFailure f = failure(fx.connector.publish(ctx));
    assertEquals(ErrorKind.RETRYABLE, f.kind());
    String live = onlyPost().getString("externalId");

    PublishResult r = publish(ctx.nextAttempt());
    assertEquals(live, r.externalId());
    onlyPost();
    assertEquals(1, videoSaves(ctx), "the retry resumed instead of saving the video again");
  }

  @Test
  void pastTheGuidWindowTheWallIsSearchedBeforePostingAgain() throws Exception {
    fx.fault(new JsonObject().put("kind", "lost_response").put("match", "wall.post"));
    TestPublishContext ctx = context(fx.account(USER));
    failure(fx.connector.publish(ctx));
    String live = onlyPost().getString("externalId");
    fx.control("/vk/_sandbox/api", new JsonObject().put("guidWindowSeconds", 0));
    ctx.seed(new JsonObject().put("postRequestedAt", System.currentTimeMillis() - 2 * 3600_000L));

    assertEquals(live, publish(ctx.nextAttempt()).externalId());
    onlyPost();
  }

  @Test
  void anInterruptedUploadResumesWithTheSameVideo() throws Exception {
    fx.fault(new JsonObject().put("kind", "reset").put("afterBytes", 20_000).put("match", "upload"));
    TestPublishContext ctx = context(fx.account(USER));
    PlatformFailure f = failure(fx.connector.publish(ctx));
    assertEquals(ErrorKind.RETRYABLE, f.kind());
    assertTrue(fx.ledger().isEmpty());

    PublishResult r = publish(ctx.nextAttempt());
    assertEquals(1, videoSaves(ctx));
    JsonObject post = onlyPost();
    assertEquals(ctx.sha256(), post.getString("sha256"));
    assertEquals(r.externalId(), post.getString("externalId"));
  }

  @Test
  void anUploadWhoseAnswerWasLostIsConfirmedWithVideoGet() throws Exception {
    fx.fault(new JsonObject().put("kind", "lost_response").put("match", "upload"));
    TestPublishContext ctx = context(fx.account(USER));
    PublishResult r = publish(ctx);
    assertEquals(1, videoSaves(ctx), "the landed upload was not repeated");
    assertEquals(r.externalId(), onlyPost().getString("externalId"));
    assertEquals(ctx.sha256(), onlyPost().getString("sha256"));
  }

  @Test
  void aSpentUploadUrlMeansSavingAgain() throws Exception {
    fx.fault(new JsonObject().put("kind", "token_expired").put("match", "upload"));
    TestPublishContext ctx = context(fx.account(USER));
    PublishResult r = publish(ctx);
    assertEquals(2, videoSaves(ctx));
    JsonObject post = onlyPost();
    assertEquals(ctx.sha256(), post.getString("sha256"));
    assertEquals(ctx.checkpoints.stream().filter(c -> c.containsKey("videoId")).reduce((a, b) -> b).orElseThrow().getLong("videoId"),
        r.detail().getLong("videoId"));
  }

  @Test
  void aHungUploadTimesOutRetryableAndTheRetryPublishes() throws Exception {
    fx.fault(new JsonObject().put("kind", "hang").put("delayMs", 0).put("match", "upload"));
    TestPublishContext ctx = context(fx.account(USER));
    long started = System.nanoTime();
    PlatformFailure f = failure(fx.connector.publish(ctx));
    assertEquals(ErrorKind.RETRYABLE, f.kind(), f.getMessage());
    assertTrue((System.nanoTime() - started) / 1_000_000 < 20_000, "the idle timeout cut the hung upload");
    publish(ctx.nextAttempt());
    assertEquals(ctx.sha256(), onlyPost().getString("sha256"));
  }

  @Test
  void aHungMethodCallTimesOutRetryable() throws Exception {
    fx.fault(new JsonObject().put("kind", "hang").put("delayMs", 0).put("match", "video.save"));
    long started = System.nanoTime();
    PlatformFailure f = failure(fx.connector.publish(context(fx.account(USER))));
    assertEquals(ErrorKind.RETRYABLE, f.kind());
    assertTrue((System.nanoTime() - started) / 1_000_000 < 10_000, "the call timeout cut the hung call");
    assertTrue(fx.ledger().isEmpty());
  }

  @Test
  void aSlowUploadStillGoesThrough() throws Exception {
    fx.fault(new JsonObject().put("kind", "slow").put("bytesPerSecond", 40_000).put("match", "upload"));
    TestPublishContext ctx = context(fx.account(USER));
    long started = System.nanoTime();
    publish(ctx);
    assertTrue((System.nanoTime() - started) / 1_000_000 >= 1_000, "the upload was throttled");
    assertEquals(ctx.sha256(), onlyPost().getString("sha256"));
  }

  @Test
  void anExpiredTokenIsAnAuthFailure() throws Exception {
    fx.fault(new JsonObject().put("kind", "token_expired").put("match", "video.save"));
    PlatformFailure f = failure(fx.connector.publish(context(fx.account(USER))));
    assertEquals(ErrorKind.AUTH, f.kind());
    assertEquals("5", f.platformCode());

    fx.control("/vk/_sandbox/oauth", new JsonObject().put("accessTokenTtlSeconds", 0));
    ConnectedAccount stale = fx.account(USER);
    Thread.sleep(20);
    assertEquals(ErrorKind.AUTH, failure(fx.connector.publish(context(stale))).kind());
    assertTrue(fx.ledger().isEmpty());
  }

  @Test
  void tooManyRequestsIsWaitedOutThenReportedAsRateLimited() throws Exception {
    fx.fault(new JsonObject().put("kind", "rate_limit").put("match", "video.save").put("count", 1));
    publish(context(fx.account(USER)));
    onlyPost();

    fx.clear();
    fx.fault(new JsonObject().put("kind", "rate_limit").put("match", "wall.post").put("count", 3));
    PlatformFailure f = failure(fx.connector.publish(context(fx.account(USER))));
    assertEquals(ErrorKind.RATE_LIMITED, f.kind());
    assertEquals("6", f.platformCode());
    assertEquals(1000, f.retryAfterMs());
  }

  @Test
  void serverErrorsAreRetryable() throws Exception {
    fx.fault(new JsonObject().put("kind", "http_error").put("status", 502).put("match", "video.save"));
    PlatformFailure f = failure(fx.connector.publish(context(fx.account(USER))));
    assertEquals(ErrorKind.RETRYABLE, f.kind());
    assertEquals("http_502", f.platformCode());

    fx.fault(new JsonObject().put("kind", "http_error").put("status", 503).put("match", "upload"));
    TestPublishContext ctx = context(fx.account(USER));
    assertEquals(ErrorKind.RETRYABLE, failure(fx.connector.publish(ctx)).kind());
    publish(ctx.nextAttempt());
    onlyPost();
    assertEquals(1, videoSaves(ctx));
  }

  @Test
  void aFileTheUploadHostRefusesIsPermanent() throws Exception {
    fx.control("/vk/_sandbox/api", new JsonObject().put("maxUploadBytes", 1000));
    PlatformFailure f = failure(fx.connector.publish(context(fx.account(USER))));
    assertEquals(ErrorKind.PERMANENT, f.kind());
    assertEquals("http_413", f.platformCode());
    assertTrue(fx.ledger().isEmpty());
  }

  @Test
  void aFinishedPublicationIsNotPostedAgain() throws Exception {
    TestPublishContext ctx = context(fx.account(USER));
    PublishResult first = publish(ctx);
    PublishResult again = publish(ctx.nextAttempt());
    assertEquals(first.externalId(), again.externalId());
    onlyPost();
  }

  @Test
  void statsComeFromVideoGetAndGrow() throws Exception {
    fx.control("/vk/_sandbox/api", new JsonObject().put("processingMs", 0));
    ConnectedAccount account = fx.account(USER);
    TestPublishContext ctx = context(account);
    PublishResult r = publish(ctx);
    Thread.sleep(2_100);
    PostStats s = fx.connector.stats(account, r.externalId(), ctx.uploadState()).await(20, TimeUnit.SECONDS);
    assertTrue(s.views() >= 10, s.toString());
    assertEquals(s.views() / 10, s.likes());
    assertEquals(s.views() / 40, s.comments());
    assertEquals(s.views() / 50, s.shares());
    assertEquals(r.detail().getLong("videoId"), s.raw().getLong("id"));
  }

  @Test
  void aVideoThatNeverFinishesProcessingStillPostsAndShowsNoViews() throws Exception {
    fx.fault(new JsonObject().put("kind", "processing_failure").put("match", "upload"));
    fx.control("/vk/_sandbox/api", new JsonObject().put("processingMs", 0));
    ConnectedAccount account = fx.account(USER);
    TestPublishContext ctx = context(account);
    PublishResult r = publish(ctx);
    Thread.sleep(1_100);
    PostStats s = fx.connector.stats(account, r.externalId(), ctx.uploadState()).await(20, TimeUnit.SECONDS);
    assertEquals(0L, s.views());
    assertEquals(1, s.raw().getInteger("processing"));
  }

  @Test
  void statsWithoutARecordedVideoArePermanent() {
    PlatformFailure f = failure(fx.connector.stats(fx.account(USER), "5005_1", new JsonObject()));
    assertEquals(ErrorKind.PERMANENT, f.kind());
    assertNotEquals(null, f.getMessage());
  }
}
