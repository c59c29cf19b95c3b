package io.clipcast.platforms.instagram;

import io.clipcast.platforms.ConnectedAccount;
import io.clipcast.platforms.CredentialsRejected;
import io.clipcast.platforms.ErrorKind;
import io.clipcast.platforms.OAuthStart;
import io.clipcast.platforms.PlatformFailure;
import io.clipcast.platforms.PostStats;
import io.clipcast.platforms.PublishResult;
import io.clipcast.platforms.meta.MetaFixture;
import io.clipcast.platforms.testing.TestPublishContext;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Instagram connector against the simulator: connect, publish both ways, resume without a second container or post, caps, errors, stats. */
class InstagramConnectorTest {
  private static final Path CLIP = Path.of("../common/src/test/resources/media/portrait_h264_aac_faststart.mp4");
  private static final String APP = "710000000000001";
  private static final String SECRET = "sandbox-instagram-secret";
  private static final AtomicLong IDS = new AtomicLong(4_000);
  private static final InstagramConnector connector = new InstagramConnector(MetaFixture.FAST);
  private static MetaFixture fx;
  private static HttpServer media;

  @TempDir
  Path store;

  @BeforeAll
  static void start() throws Exception {
    fx = new MetaFixture("instagram", connector, APP, SECRET);
    byte[] clip = Files.readAllBytes(CLIP);
    media = fx.vertx.createHttpServer().requestHandler(req -> req.response().putHeader("Content-Type", "video/mp4").end(Buffer.buffer(clip)))
        .listen(0, "127.0.0.1").await(10, TimeUnit.SECONDS);
  }

  @AfterAll
  static void stop() throws Exception {
    fx.close();
  }

  @BeforeEach
  void reset() {
    fx.clear();
    fx.control("/api", new JsonObject().put("processingMs", 150).put("publishLimit", 50).put("containerTtlSeconds", 86400));
  }

  /** A fresh user with one Page linking a professional IG account: {userId, igId}. */
  private static String[] freshUser(String accountType) {
    long n = IDS.incrementAndGet();
    String user = "1" + n;
    String ig = "178414" + n;
    fx.signInAs(new JsonObject().put("id", user).put("name", "Creator " + n).put("pages", new JsonArray().add(new JsonObject()
        .put("id", "2" + n).put("name", "Page " + n).put("instagram", new JsonObject().put("id", ig).put("username", "creator" + n)
            .put("accountType", accountType)))), null);
    return new String[] {user, ig};
  }

  private static ConnectedAccount account(String[] u) {
    String token = fx.tokens(u[0], APP).getString("access_token");
    return new ConnectedAccount(u[1], "@creator", null, token, null, Instant.now().plusSeconds(5_000_000), List.of(InstagramConnector.SCOPES.split(",")),
        new JsonObject().put("igUserId", u[1]));
  }

  private TestPublishContext context(ConnectedAccount account, String caption) throws Exception {
    return new TestPublishContext(fx.vertx, account, store, CLIP, caption, null, "http://127.0.0.1:" + media.actualPort() + "/media/clip.mp4");
  }

  private static PublishResult publish(TestPublishContext ctx) throws Exception {
    return connector.publish(ctx).await(20, TimeUnit.SECONDS);
  }

  private static PlatformFailure failure(Future<?> f) {
    Throwable e = assertThrows(Throwable.class, () -> f.await(20, TimeUnit.SECONDS));
    return assertInstanceOf(PlatformFailure.class, e, String.valueOf(e));
  }

  private static long containersCreated(TestPublishContext ctx) {
    return ctx.checkpoints.stream().filter(c -> c.getString("containerId") != null).count();
  }

  @Test
  void connectsTheProfessionalAccountLinkedToThePageWithItsPageToken() throws Exception {
    String[] u = freshUser("CREATOR");
    String url = connector.authorizationUrl(new OAuthStart("st-1", "unused"));
    assertTrue(url.startsWith(fx.base + "/instagram/oauth/v21.0/dialog/oauth?"), url);
    assertTrue(url.contains("client_id=" + APP), url);
    assertTrue(url.contains("scope=instagram_basic%2Cinstagram_content_publish%2Cpages_show_list"), url);
    ConnectedAccount acc = connector.exchangeCode(fx.callback(url, null)).await(10, TimeUnit.SECONDS);
    assertEquals(u[1], acc.externalAccountId());
    assertEquals("@creator" + u[0].substring(1), acc.displayName());
    String pageId = "2" + u[0].substring(1);
    assertEquals(pageId, acc.metadata().getString("pageId"));
    assertEquals(fx.tokens(u[0], APP).getJsonObject("pages").getString(pageId), acc.accessToken(), "the Page's token publishes");
    assertEquals("page", acc.metadata().getString("token"));
    assertNull(acc.refreshToken());
    assertNull(acc.expiresAt(), "a Page token from a long-lived user token has no expiry date");
  }

  @Test
  void aPersonalAccountIsRefusedWithTheFixExplained() {
    freshUser("PERSONAL");
    Throwable e = assertThrows(Throwable.class, () -> connector.exchangeCode(fx.callback(connector.authorizationUrl(
        new OAuthStart("st-2", "unused")), null)).await(10, TimeUnit.SECONDS));
    CredentialsRejected r = assertInstanceOf(CredentialsRejected.class, e);
    assertTrue(r.getMessage().contains("Switch to professional account") && r.getMessage().contains("link it to your Facebook Page"),
        r.getMessage());
  }

  @Test
  void severalAccountsNeedAChoiceAndTheChosenOneIsConnected() throws Exception {
    long n = IDS.incrementAndGet();
    fx.signInAs(new JsonObject().put("id", "1" + n).put("pages", new JsonArray()
        .add(new JsonObject().put("id", "31" + n).put("name", "Cats").put("instagram", new JsonObject().put("id", "41" + n).put("username", "cats")))
        .add(new JsonObject().put("id", "32" + n).put("name", "Dogs").put("instagram", new JsonObject().put("id", "42" + n).put("username", "dogs")))), null);
    Throwable e = assertThrows(Throwable.class, () -> connector.exchangeCode(fx.callback(connector.authorizationUrl(
        new OAuthStart("st-3", "unused")), null)).await(10, TimeUnit.SECONDS));
    assertTrue(e.getMessage().contains("@cats via Page Cats (pageId 31" + n + ")") && e.getMessage().contains("@dogs"), e.getMessage());
    ConnectedAccount dogs = connector.exchangeCode(fx.callback(connector.authorizationUrl(new OAuthStart("st-4", "unused")),
        new JsonObject().put("pageId", "32" + n))).await(10, TimeUnit.SECONDS);
    assertEquals("42" + n, dogs.externalAccountId());
  }

  @Test
  void aResumableReelIsPublishedWithItsPermalinkAndEveryIdSavedFirst() throws Exception {
    String[] u = freshUser("BUSINESS");
    TestPublishContext ctx = context(account(u), "Sunset #reels");
    PublishResult r = publish(ctx);
    assertTrue(r.url().startsWith("https://www.instagram.com/reel/"), r.url());
    List<JsonObject> posts = fx.ledgerOf(u[1]);
    assertEquals(1, posts.size());
    assertEquals(ctx.sha256(), posts.get(0).getString("sha256"));
    assertEquals(r.externalId(), posts.get(0).getString("externalId"));
    assertEquals(true, posts.get(0).getJsonObject("extra").getBoolean("resumable"));
    List<String> order = ctx.checkpoints.stream().map(c -> c.fieldNames().iterator().next()).toList();
    assertTrue(order.indexOf("containerId") < order.indexOf("uploaded") && order.indexOf("uploaded") < order.indexOf("publishRequestedAt")
        && order.indexOf("publishRequestedAt") < order.indexOf("mediaId"), order.toString());
    assertTrue(ctx.lastProgress > 0);
  }

  @Test
  void aVideoUrlReelIsPulledByMeta() throws Exception {
    String[] u = freshUser("BUSINESS");
    TestPublishContext ctx = context(account(u), "pulled").options(new JsonObject().put("upload", "url"));
    publish(ctx);
    JsonObject post = fx.ledgerOf(u[1]).get(0);
    assertEquals(ctx.sha256(), post.getString("sha256"));
    assertEquals(false, post.getJsonObject("extra").getBoolean("resumable"));
  }

  @Test
  void aLostMediaPublishAnswerNeverPublishesTheContainerTwice() throws Exception {
    String[] u = freshUser("BUSINESS");
    fx.fault(new JsonObject().put("kind", "lost_response").put("match", "media_publish"));
    TestPublishContext ctx = context(account(u), "exactly once");
    assertEquals(ErrorKind.RETRYABLE, failure(connector.publish(ctx)).kind());
    assertEquals(1, fx.ledgerOf(u[1]).size(), "Meta published it; we did not hear");
    PublishResult r = publish(ctx.nextAttempt());
    assertEquals(fx.ledgerOf(u[1]).get(0).getString("externalId"), r.externalId(), "found, not published again");
    assertEquals(1, fx.ledgerOf(u[1]).size());
    assertEquals(1, containersCreated(ctx), "one container");
  }

  @Test
  void anUploadCutOffMidwayResumesIntoTheSameContainer() throws Exception {
    String[] u = freshUser("BUSINESS");
    fx.fault(new JsonObject().put("kind", "reset").put("match", "upload").put("afterBytes", 1));
    TestPublishContext ctx = context(account(u), "after a crash");
    assertEquals(ErrorKind.RETRYABLE, failure(connector.publish(ctx)).kind());
    String container = ctx.uploadState().getString("containerId");
    PublishResult r = publish(ctx.nextAttempt());
    assertEquals(container, fx.ledgerOf(u[1]).get(0).getJsonObject("extra").getString("containerId"));
    assertEquals(ctx.sha256(), fx.ledgerOf(u[1]).get(0).getString("sha256"));
    assertEquals(1, containersCreated(ctx));
    assertTrue(r.url().contains("/reel/"));
  }

  @Test
  void slowProcessingIsPendingAndTheNextCallPublishes() throws Exception {
    String[] u = freshUser("BUSINESS");
    fx.control("/api", new JsonObject().put("processingMs", 4_000));
    TestPublishContext ctx = context(account(u), "slow");
    PublishResult first = publish(ctx);
    assertTrue(first.isPending(), first.toString());
    assertEquals(PublishResult.State.PENDING, first.state(), "rechecked on a timer, not left to an event");
    fx.control("/api", new JsonObject().put("processingMs", 0));
    Thread.sleep(1200);
    PublishResult second = publish(ctx);
    assertTrue(!second.isPending() && second.url() != null, second.toString());
    assertEquals(1, containersCreated(ctx));
  }

  @Test
  void theDailyCapDefersWithTheReasonAndTheTime() throws Exception {
    String[] u = freshUser("BUSINESS");
    fx.control("/api", new JsonObject().put("publishLimit", 1));
    ConnectedAccount acc = account(u);
    publish(context(acc, "first"));
    TestPublishContext second = context(acc, "second");
    PlatformFailure f = failure(connector.publish(second));
    assertEquals(ErrorKind.DEFERRED, f.kind());
    assertTrue(f.getMessage().startsWith("Instagram's limit of 1 posts per 24 hours is used up for @creator; publishing at "), f.getMessage());
    assertTrue(f.getMessage().contains("MSK"), f.getMessage());
    assertTrue(f.retryAfterMs() > Duration.ofHours(23).toMillis() && f.retryAfterMs() <= Duration.ofHours(24).plusMinutes(2).toMillis(),
        "until the first post leaves the window: " + f.retryAfterMs());
    assertTrue(second.checkpoints.isEmpty(), "no container is made while capped");
  }

  @Test
  void errorsAreClassified() throws Exception {
    String[] u = freshUser("BUSINESS");
    ConnectedAccount acc = account(u);
    for (int code : new int[] {4, 17, 32, 613}) {
      fx.fault(new JsonObject().put("kind", "rate_limit").put("status", code).put("match", "media"));
      PlatformFailure f = failure(connector.publish(context(acc, "throttled")));
      assertEquals(ErrorKind.RATE_LIMITED, f.kind(), "code " + code);
      assertEquals(Integer.toString(code), f.platformCode());
    }
    fx.fault(new JsonObject().put("kind", "token_expired").put("match", "content_publishing_limit"));
    PlatformFailure auth = failure(connector.publish(context(acc, "expired")));
    assertEquals(ErrorKind.AUTH, auth.kind());
    assertEquals("190/463", auth.platformCode());
    fx.fault(new JsonObject().put("kind", "processing_failure").put("match", "media"));
    PlatformFailure bad = failure(connector.publish(context(acc, "bad codec")));
    assertEquals(ErrorKind.PERMANENT, bad.kind());
    assertTrue(bad.getMessage().contains("2207026"), "the container's error is surfaced: " + bad.getMessage());
  }

  @Test
  void insightsGiveViewsLikesCommentsSharesAndSaved() throws Exception {
    String[] u = freshUser("BUSINESS");
    ConnectedAccount acc = account(u);
    PublishResult r = publish(context(acc, "stats"));
    Thread.sleep(1100);
    PostStats s = connector.stats(acc, r.externalId(), new JsonObject()).await(10, TimeUnit.SECONDS);
    assertTrue(s.views() >= 17, s.toString());
    assertTrue(s.likes() != null && s.comments() != null && s.shares() != null, s.toString());
    assertTrue(s.raw().containsKey("saved") && s.raw().containsKey("reach"), s.raw().encode());
  }

  @Test
  void beforeInsightsAreAvailableTheMediaCountersStandIn() throws Exception {
    String[] u = freshUser("BUSINESS");
    ConnectedAccount acc = account(u);
    PublishResult r = publish(context(acc, "too new"));
    fx.control("/api", new JsonObject().put("insightsAfterSeconds", 3600));
    try {
      Thread.sleep(1100);
      PostStats s = connector.stats(acc, r.externalId(), new JsonObject()).await(10, TimeUnit.SECONDS);
      assertNull(s.views(), "no views until Meta shows insights");
      assertTrue(s.likes() != null && s.comments() != null, s.toString());
      assertTrue(s.raw().containsKey("like_count"), s.raw().encode());
    } finally {
      fx.control("/api", new JsonObject().put("insightsAfterSeconds", 0));
    }
  }
}
