package io.clipcast.platforms.facebook;

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
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Facebook connector against the simulator: Page choice at connect, the three phases, rupload resume, lost finish, the cap, errors, stats. */
class FacebookConnectorTest {
  private static final String APP = "710000000000002";
  private static final String SECRET = "sandbox-facebook-secret";
  private static final AtomicLong IDS = new AtomicLong(6_000);
  private static final FacebookConnector connector = new FacebookConnector(MetaFixture.FAST);
  private static MetaFixture fx;
  private static Path clip;

  @TempDir
  static Path files;
  @TempDir
  Path store;

  @BeforeAll
  static void start() throws Exception {
    fx = new MetaFixture("facebook", connector, APP, SECRET);
    byte[] bytes = new byte[3 * 1024 * 1024 + 123];
    new Random(5).nextBytes(bytes);
    clip = files.resolve("reel.mp4");
    Files.write(clip, bytes);
  }

  @AfterAll
  static void stop() throws Exception {
    fx.close();
  }

  @BeforeEach
  void reset() {
    fx.clear();
    fx.control("/api", new JsonObject().put("processingMs", 150).put("reelsPerPagePerDay", 30));
  }

  /** A fresh user managing one fresh Page: its connected account (Page id and Page token). */
  private static ConnectedAccount page() {
    long n = IDS.incrementAndGet();
    String user = "1" + n;
    String pageId = "5" + n;
    fx.signInAs(new JsonObject().put("id", user).put("pages", new JsonArray().add(new JsonObject().put("id", pageId).put("name", "Reels " + n))), null);
    String token = fx.tokens(user, APP).getJsonObject("pages").getString(pageId);
    return new ConnectedAccount(pageId, "Reels " + n, null, token, null, null, List.of(FacebookConnector.SCOPES.split(",")),
        new JsonObject().put("pageId", pageId));
  }

  private TestPublishContext context(ConnectedAccount account, String caption) throws Exception {
    return new TestPublishContext(fx.vertx, account, store, clip, caption, "A reel", null);
  }

  private static PublishResult publish(TestPublishContext ctx) throws Exception {
    return connector.publish(ctx).await(20, TimeUnit.SECONDS);
  }

  private static PlatformFailure failure(Future<?> f) {
    Throwable e = assertThrows(Throwable.class, () -> f.await(20, TimeUnit.SECONDS));
    return assertInstanceOf(PlatformFailure.class, e, String.valueOf(e));
  }

  private static long started(TestPublishContext ctx) {
    return ctx.checkpoints.stream().filter(c -> c.getString("videoId") != null).count();
  }

  @Test
  void connectingPicksOnePageAndKeepsItsNonExpiringToken() throws Exception {
    long n = IDS.incrementAndGet();
    fx.signInAs(new JsonObject().put("id", "1" + n).put("name", "Owner").put("pages", new JsonArray()
        .add(new JsonObject().put("id", "71" + n).put("name", "Bakery"))
        .add(new JsonObject().put("id", "72" + n).put("name", "Garage"))), null);
    String url = connector.authorizationUrl(new OAuthStart("st", "unused"));
    assertTrue(url.contains("scope=pages_show_list%2Cpages_read_engagement%2Cpages_manage_posts"), url);
    Throwable e = assertThrows(Throwable.class, () -> connector.exchangeCode(fx.callback(url, null)).await(10, TimeUnit.SECONDS));
    assertInstanceOf(CredentialsRejected.class, e);
    assertTrue(e.getMessage().contains("Bakery (pageId 71" + n + ")") && e.getMessage().contains("Garage (pageId 72" + n + ")"), e.getMessage());
    ConnectedAccount garage = connector.exchangeCode(fx.callback(url, new JsonObject().put("pageId", "72" + n))).await(10, TimeUnit.SECONDS);
    assertEquals("72" + n, garage.externalAccountId());
    assertEquals("Garage", garage.displayName());
    assertNull(garage.expiresAt(), "Page tokens from a long-lived user token have no expiry date");
    assertTrue(garage.accessToken().startsWith("EAAP"));

    // granting only one Page in the dialog connects it without a choice
    fx.control("/oauth", new JsonObject().put("grantPages", new JsonArray().add("71" + n)));
    assertEquals("71" + n, connector.exchangeCode(fx.callback(url, null)).await(10, TimeUnit.SECONDS).externalAccountId());
  }

  @Test
  void aReelGoesOutInThreePhasesOnce() throws Exception {
    ConnectedAccount acc = page();
    TestPublishContext ctx = context(acc, "Fresh bread #reels");
    PublishResult r = publish(ctx);
    assertEquals("https://www.facebook.com/reel/" + r.externalId(), r.url());
    List<JsonObject> posts = fx.ledgerOf(acc.externalAccountId());
    assertEquals(1, posts.size());
    assertEquals(ctx.sha256(), posts.get(0).getString("sha256"));
    assertEquals("Fresh bread #reels", posts.get(0).getString("caption"));
    assertEquals("A reel", posts.get(0).getString("title"));
    List<String> order = ctx.checkpoints.stream().map(c -> c.fieldNames().iterator().next()).toList();
    assertTrue(order.indexOf("videoId") < order.lastIndexOf("uploaded") && order.lastIndexOf("uploaded") < order.indexOf("finishRequestedAt")
        && order.indexOf("finishRequestedAt") < order.lastIndexOf("finished") && order.lastIndexOf("finished") < order.indexOf("published"),
        order.toString());
  }

  @Test
  void aDroppedUploadResumesFromBytesTransferredWithinTheAttempt() throws Exception {
    ConnectedAccount acc = page();
    fx.fault(new JsonObject().put("kind", "reset").put("match", "upload").put("afterBytes", 1_000_000));
    TestPublishContext ctx = context(acc, "resumed");
    publish(ctx);
    assertEquals(ctx.sha256(), fx.ledgerOf(acc.externalAccountId()).get(0).getString("sha256"), "byte-exact after the resume");
    assertEquals(1, started(ctx));
  }

  @Test
  void aCrashMidUploadResumesInTheNextAttemptWithTheSameVideo() throws Exception {
    ConnectedAccount acc = page();
    fx.fault(new JsonObject().put("kind", "reset").put("match", "upload").put("afterBytes", 700_000).put("count", 3));
    TestPublishContext ctx = context(acc, "crash");
    assertEquals(ErrorKind.RETRYABLE, failure(connector.publish(ctx)).kind());
    assertEquals(false, ctx.uploadState().getBoolean("uploaded"));
    String videoId = ctx.uploadState().getString("videoId");
    PublishResult r = publish(ctx.nextAttempt());
    assertEquals(videoId, r.externalId());
    assertEquals(1, started(ctx), "one upload session");
    assertEquals(ctx.sha256(), fx.ledgerOf(acc.externalAccountId()).get(0).getString("sha256"));
  }

  @Test
  void aLostFinishAnswerIsNotFinishedAgain() throws Exception {
    ConnectedAccount acc = page();
    fx.fault(new JsonObject().put("kind", "lost_response").put("match", "video_reels.finish"));
    TestPublishContext ctx = context(acc, "finish once");
    assertEquals(ErrorKind.RETRYABLE, failure(connector.publish(ctx)).kind());
    PublishResult r = publish(ctx.nextAttempt());
    assertEquals(1, fx.ledgerOf(acc.externalAccountId()).size());
    assertEquals(r.externalId(), fx.ledgerOf(acc.externalAccountId()).get(0).getString("externalId"));
  }

  @Test
  void thePagesDailyReelLimitDefersWithTheReason() throws Exception {
    ConnectedAccount acc = page();
    fx.control("/api", new JsonObject().put("reelsPerPagePerDay", 1));
    publish(context(acc, "one"));
    PlatformFailure f = failure(connector.publish(context(acc, "two")));
    assertEquals(ErrorKind.DEFERRED, f.kind());
    assertTrue(f.getMessage().startsWith("Facebook allows 30 reels per Page in 24 hours and " + acc.displayName() + " has reached it; publishing at "),
        f.getMessage());
    assertTrue(f.retryAfterMs() > Duration.ofHours(23).toMillis() && f.retryAfterMs() <= Duration.ofHours(24).plusMinutes(2).toMillis(),
        "until the first reel leaves the window: " + f.retryAfterMs());
  }

  @Test
  void errorsAreClassified() throws Exception {
    ConnectedAccount acc = page();
    for (int code : new int[] {4, 17, 32, 613}) {
      fx.fault(new JsonObject().put("kind", "rate_limit").put("status", code).put("match", "video_reels.start"));
      PlatformFailure f = failure(connector.publish(context(acc, "throttled")));
      assertEquals(ErrorKind.RATE_LIMITED, f.kind(), "code " + code);
    }
    fx.fault(new JsonObject().put("kind", "token_expired").put("match", "video_reels.start"));
    assertEquals(ErrorKind.AUTH, failure(connector.publish(context(acc, "expired"))).kind());
    fx.fault(new JsonObject().put("kind", "http_error").put("status", 500).put("match", "video_reels.start"));
    assertEquals(ErrorKind.RETRYABLE, failure(connector.publish(context(acc, "oops"))).kind());
    fx.fault(new JsonObject().put("kind", "processing_failure").put("match", "video_reels.finish"));
    PlatformFailure bad = failure(connector.publish(context(acc, "bad")));
    assertEquals(ErrorKind.PERMANENT, bad.kind());
    assertTrue(bad.getMessage().contains("code 1363008"), bad.getMessage());
  }

  @Test
  void videoInsightsGivePlaysReactionsCommentsShares() throws Exception {
    ConnectedAccount acc = page();
    PublishResult r = publish(context(acc, "stats"));
    Thread.sleep(1100);
    PostStats s = connector.stats(acc, r.externalId(), new JsonObject()).await(10, TimeUnit.SECONDS);
    assertTrue(s.views() >= 21, s.toString());
    assertTrue(s.likes() != null && s.comments() != null && s.shares() != null, s.toString());
  }
}
