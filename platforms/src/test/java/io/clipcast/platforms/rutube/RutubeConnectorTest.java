package io.clipcast.platforms.rutube;

import io.clipcast.platforms.ConnectedAccount;
import io.clipcast.platforms.ConnectorSettings;
import io.clipcast.platforms.CredentialsRejected;
import io.clipcast.platforms.ErrorKind;
import io.clipcast.platforms.PlatformFailure;
import io.clipcast.platforms.PostStats;
import io.clipcast.platforms.PublishResult;
import io.clipcast.platforms.catalog.PlatformCatalog;
import io.clipcast.platforms.testing.TestPublishContext;
import io.clipcast.sandbox.SandboxVerticle;
import io.clipcast.testing.TestServices;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Rutube connector against the sandbox's Rutube simulator over real HTTP. Rutube pulls the clip from
 * {@code mediaUrl}, so the fixture is served by a small real HTTP server in the test.
 */
class RutubeConnectorTest {
  private static final Path FIXTURE = Path.of("../common/src/test/resources/media/portrait_h264_aac_faststart.mp4");
  private static final AtomicLong USER_IDS = new AtomicLong(8_100_000);
  private static final long TIMEOUT_MS = 1500;
  /** How long an unanswered create may still land before it is sent again (120 s in production). */
  private static final long GRACE_MS = 4000;

  private static Vertx vertx;
  private static String sandbox;
  private static String media;
  private static RutubeConnector connector;
  private static final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();

  @TempDir
  Path store;
  private long userId;
  private String login;
  private ConnectedAccount account;

  @BeforeAll
  static void start() throws Exception {
    vertx = Vertx.vertx();
    int port = TestServices.freePort();
    vertx.deployVerticle(SandboxVerticle::new, new DeploymentOptions().setConfig(new JsonObject().put("host", "127.0.0.1").put("port", port)))
        .await(30, TimeUnit.SECONDS);
    sandbox = "http://127.0.0.1:" + port;
    HttpServer server = vertx.createHttpServer().requestHandler(req -> {
      if (req.path().equals("/clip.mp4")) req.response().putHeader("Content-Type", "video/mp4").sendFile(FIXTURE.toString());
      else req.response().setStatusCode(404).end("gone");
    });
    server.listen(0, "127.0.0.1").await(10, TimeUnit.SECONDS);
    media = "http://127.0.0.1:" + server.actualPort();
    assertEquals(200, send("POST", "/rutube/_sandbox/settings", null, new JsonObject().put("processingMs", 200).put("hitsPerSecond", 100.0)).statusCode());
    connector = new RutubeConnector(TIMEOUT_MS, GRACE_MS);
    connector.init(vertx, new ConnectorSettings(Map.of("api", sandbox + "/rutube/api"), "", "", "",
        PlatformCatalog.shipped().rules("rutube")));
  }

  @AfterAll
  static void stop() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  @BeforeEach
  void seedAccount() throws Exception {
    send("DELETE", "/_sandbox/faults", null, null);
    userId = USER_IDS.incrementAndGet();
    login = "creator" + userId + "@example.org";
    assertEquals(201, send("POST", "/rutube/_sandbox/accounts", null, new JsonObject().put("login", login).put("password", "pa ss")
        .put("userId", userId).put("name", "Монтаж " + userId).put("avatar", "https://pic.rutube.ru/u/" + userId + ".jpg")).statusCode());
    account = await(connector.validateCredentials(new JsonObject().put("login", login).put("password", "pa ss")));
  }

  @Test
  void connectsWithLoginAndPasswordOrWithTheToken() throws Exception {
    assertTrue(connector.tokenSignIn().isPresent() && connector.oauth().isEmpty(), "Rutube connects with credentials");
    assertEquals(Long.toString(userId), account.externalAccountId());
    assertEquals("Монтаж " + userId, account.displayName());
    assertEquals("https://pic.rutube.ru/u/" + userId + ".jpg", account.avatarUrl());
    assertTrue(account.accessToken().matches("[0-9a-f]{40}"));
    assertNull(account.refreshToken());
    assertFalse(account.metadata().encode().contains("pa ss"), "the password is not kept");

    ConnectedAccount byToken = await(connector.validateCredentials(new JsonObject().put("token", account.accessToken())));
    assertEquals(account.externalAccountId(), byToken.externalAccountId());

    assertEquals("credentials.password", rejected(new JsonObject().put("login", login).put("password", "wrong")).field());
    assertTrue(rejected(new JsonObject().put("login", login).put("password", "wrong")).getMessage().contains("phone code or VK ID"));
    assertEquals("credentials.login", rejected(new JsonObject().put("password", "x")).field());
    assertEquals("credentials.password", rejected(new JsonObject().put("login", login)).field());
    CredentialsRejected badToken = rejected(new JsonObject().put("token", "0".repeat(40)));
    assertEquals("credentials.token", badToken.field());
    assertTrue(badToken.getMessage().contains("mistyped or revoked"));

    fault(new JsonObject().put("kind", "http_error").put("match", "token_auth").put("status", 502));
    PlatformFailure down = failure(connector.validateCredentials(new JsonObject().put("login", login).put("password", "pa ss")));
    assertEquals(ErrorKind.RETRYABLE, down.kind(), "an outage is not the user's fault");
    assertEquals("502", down.platformCode());
  }

  /**
   * Connect uses the calls of Rutube's own client (docs/platforms/rutube.md, "Connecting"): token_auth, then the token's
   * own videos ({@code GET /api/video/person/}); {@code /api/accounts/profile/}, which that client does not have, is
   * never asked for when the login gave the user id or the account has a video.
   */
  @Test
  void connectingUsesTheCallsOfRutubesOwnClient() throws Exception {
    send("DELETE", "/_sandbox/faults", null, null);
    fault(new JsonObject().put("kind", "http_error").put("match", "profile").put("status", 500).put("count", 10));
    ConnectedAccount byLogin = await(connector.validateCredentials(new JsonObject().put("login", login).put("password", "pa ss")));
    assertEquals(Long.toString(userId), byLogin.externalAccountId());
    assertEquals("Монтаж " + userId, byLogin.displayName(), "named from the public channel card");
    assertEquals("https://pic.rutube.ru/u/" + userId + ".jpg", byLogin.avatarUrl());

    await(connector.publish(context("Первый ролик", "Первый")));   // one video, still being pulled, lists the author
    ConnectedAccount byToken = await(connector.validateCredentials(new JsonObject().put("token", account.accessToken())));
    assertEquals(Long.toString(userId), byToken.externalAccountId(), "the owner is the author of the token's own videos");
    assertEquals("Монтаж " + userId, byToken.displayName());
    JsonObject rule = new JsonObject(send("GET", "/_sandbox/faults?platform=rutube", null, null).body()).getJsonArray("items").getJsonObject(0);
    assertEquals(10, rule.getInteger("remaining"), "/api/accounts/profile/ was never called");

    assertEquals("credentials.token", rejected(new JsonObject().put("token", "f".repeat(40))).field(), "the own-videos call checks the token");
  }

  @Test
  void publishesOnceByteExactAndResumesFromTheSavedVideoId() throws Exception {
    TestPublishContext ctx = context("Как смонтировать ролик за минуту\n\n#монтаж #shorts", "Монтаж за минуту");
    PublishResult first = await(connector.publish(ctx));
    assertTrue(first.isPending(), "Rutube is still pulling the file");
    assertTrue(ctx.checkpoints.get(0).containsKey("createRequestedAt"), "the create is noted before it is sent");
    String videoId = ctx.checkpoints.get(1).getString("videoId");
    assertTrue(videoId.matches("[0-9a-f]{32}"), ctx.checkpoints.toString());
    assertEquals(videoId, first.detail().getString("videoId"));

    PublishResult done = untilDone(ctx.nextAttempt());
    assertEquals(videoId, done.externalId());
    assertEquals("https://rutube.ru/video/" + videoId + "/", done.url());
    assertEquals(2, ctx.checkpoints.size(), "polling saves nothing new");

    JsonArray posts = ledger();
    assertEquals(1, posts.size());
    JsonObject post = posts.getJsonObject(0);
    assertEquals(ctx.sha256(), post.getString("sha256"), "Rutube pulled exactly our bytes");
    assertEquals(Files.size(FIXTURE), post.getLong("bytes"));
    assertEquals("Как смонтировать ролик за минуту\n\n#монтаж #shorts", post.getString("caption"));
    assertEquals("Монтаж за минуту", post.getString("title"));
    assertFalse(post.getJsonObject("extra").getBoolean("isHidden"));

    assertEquals(videoId, await(connector.publish(ctx.nextAttempt())).externalId(), "a retry after success only re-reads the video");
    assertEquals(1, ownVideos(), "never created twice");
  }

  @Test
  void withoutATitleTheCaptionsFirstLineIsUsedWithinRutubesLimit() throws Exception {
    String firstLine = "Очень длинная первая строка подписи, ".repeat(5).strip();
    PublishResult done = untilDone(context(firstLine + "\nвторая строка", null));
    assertTrue(done.url().endsWith(done.externalId() + "/"));
    String title = ledger().getJsonObject(0).getString("title");
    assertTrue(title.codePointCount(0, title.length()) <= 100, title);
    assertTrue(title.endsWith("…") && firstLine.startsWith(title.substring(0, title.length() - 1).strip()), title);
  }

  @Test
  void aLostCreateAnswerIsFoundInsteadOfPostingTwice() throws Exception {
    fault(new JsonObject().put("kind", "lost_response").put("match", "video.create"));
    TestPublishContext ctx = context("lost answer", "Lost answer");
    PublishResult first = await(connector.publish(ctx));
    assertTrue(first.isPending(), "the video was found in the account's list at once");
    assertEquals(1, ownVideos());
    untilDone(ctx);
    assertEquals(1, ledger().size());
  }

  /**
   * The chaos soak's duplicate: Rutube holds the create past the call timeout, then carries it out. The attempt that gave
   * up and the next one do not see the video yet, so they defer instead of creating again; once it lands it is adopted.
   */
  @Test
  void aCreateThatLandsAfterTheTimeoutIsWaitedForInsteadOfPostingTwice() throws Exception {
    fault(new JsonObject().put("kind", "hang").put("match", "video.create").put("delayMs", TIMEOUT_MS + 1500));
    TestPublishContext ctx = context("late create", "Late create");
    PlatformFailure lost = failure(connector.publish(ctx));
    assertEquals(ErrorKind.DEFERRED, lost.kind(), lost.getMessage());
    assertTrue(lost.retryAfterMs() > 0 && lost.retryAfterMs() <= GRACE_MS, "deferred to the grace window's end: " + lost.retryAfterMs());
    assertTrue(ctx.uploadState().getLong("createUnansweredAt") >= ctx.uploadState().getLong("createRequestedAt"), ctx.uploadState().encode());
    assertEquals(0, ownVideos(), "Rutube still holds the create");

    PlatformFailure early = failure(connector.publish(ctx.nextAttempt()));
    assertEquals(ErrorKind.DEFERRED, early.kind(), "within the window a video not (yet) listed is not created again");
    assertEquals(0, ownVideos());

    heldCreateLandsAndIsAdopted(ctx);
  }

  /**
   * The chaos soak's other duplicate: a node is killed while its create is in flight, and Rutube carries the create out
   * a little later. The next node's attempt sees a create sent without an answer and waits for it instead of creating.
   */
  @Test
  void aCreateInFlightWhenItsNodeDiesIsWaitedForByTheNextNode() throws Exception {
    fault(new JsonObject().put("kind", "hang").put("match", "video.create").put("delayMs", TIMEOUT_MS + 1500));
    TestPublishContext ctx = context("node died", "Node died");
    connector.publish(ctx);   // the first node: its create is held by Rutube, and the node is gone before any answer
    long sent = System.currentTimeMillis() + 5_000;
    while (ctx.uploadState().getValue("createUnansweredAt") == null && System.currentTimeMillis() < sent) Thread.sleep(20);
    assertNotNull(ctx.uploadState().getValue("createUnansweredAt"), "the create is noted as unanswered before it is sent: "
        + ctx.uploadState().encode());

    PlatformFailure next = failure(connector.publish(ctx.nextAttempt()));   // the next node, while the create is still held
    assertEquals(ErrorKind.DEFERRED, next.kind(), next.getMessage());
    assertTrue(next.retryAfterMs() > 0 && next.retryAfterMs() <= GRACE_MS, "deferred to the grace window's end: " + next.retryAfterMs());
    assertEquals(0, ownVideos(), "not created a second time while the first create may still land");

    heldCreateLandsAndIsAdopted(ctx);
  }

  /** A definite refusal of the create clears the unanswered note, so the retry creates at once instead of waiting. */
  @Test
  void aRefusedCreateIsNotWaitedFor() throws Exception {
    fault(new JsonObject().put("kind", "http_error").put("match", "video.create").put("status", 503));
    TestPublishContext ctx = context("refused", "Refused");
    assertEquals(ErrorKind.RETRYABLE, failure(connector.publish(ctx)).kind());
    assertNull(ctx.uploadState().getValue("createUnansweredAt"), ctx.uploadState().encode());
    assertTrue(ctx.uploadState().containsKey("createRequestedAt"));
    untilDone(ctx.nextAttempt());
    assertEquals(1, ownVideos());
  }

  /** A create that never lands (held without end) is sent again once the grace window is over. */
  @Test
  void aCreateThatNeverLandsIsSentAgainAfterTheGraceWindow() throws Exception {
    fault(new JsonObject().put("kind", "hang").put("match", "video.create").put("delayMs", 0));
    TestPublishContext ctx = context("never created", "Never created");
    PlatformFailure lost = failure(connector.publish(ctx));
    assertEquals(ErrorKind.DEFERRED, lost.kind(), lost.getMessage());
    Thread.sleep(lost.retryAfterMs() + 100);
    PublishResult done = untilDone(ctx.nextAttempt());
    assertEquals(1, ownVideos());
    assertEquals(1, ledger().size());
    assertEquals(done.externalId(), ledger().getJsonObject(0).getString("externalId"));
  }

  @Test
  void theNextAttemptLooksForTheVideoBeforeCreatingAgain() throws Exception {
    fault(new JsonObject().put("kind", "lost_response").put("match", "video.create"));
    fault(new JsonObject().put("kind", "http_error").put("match", "video.person").put("status", 503));
    TestPublishContext ctx = context("retry me", "Retry me");
    PlatformFailure lost = failure(connector.publish(ctx));
    assertEquals(ErrorKind.RETRYABLE, lost.kind());
    assertTrue(ctx.uploadState().containsKey("createRequestedAt"));
    assertNull(ctx.uploadState().getValue("videoId"), "the id was never seen");
    assertEquals(0, new JsonObject(send("GET", "/_sandbox/faults", null, null).body()).getJsonArray("items").size(),
        "the attempt looked for the video (and met the 503) instead of giving up blind");

    PublishResult done = untilDone(ctx.nextAttempt());
    assertEquals(1, ownVideos(), "the retry adopted the video the lost call made");
    assertEquals(done.externalId(), ledger().getJsonObject(0).getString("externalId"));
    assertEquals(1, ledger().size());
  }

  @Test
  void aServerErrorOnCreateIsRetriedWithoutADuplicate() throws Exception {
    fault(new JsonObject().put("kind", "http_error").put("match", "video.create").put("status", 503));
    TestPublishContext ctx = context("after 503", "After 503");
    PlatformFailure e = failure(connector.publish(ctx));
    assertEquals(ErrorKind.RETRYABLE, e.kind());
    assertEquals("503", e.platformCode());
    untilDone(ctx.nextAttempt());
    assertEquals(1, ownVideos());
    assertEquals(1, ledger().size());
  }

  @Test
  void rutubesRefusalsAreClassified() throws Exception {
    fault(new JsonObject().put("kind", "rate_limit").put("match", "video.create").put("retryAfterSeconds", 7));
    PlatformFailure throttled = failure(connector.publish(context("c", "t")));
    assertEquals(ErrorKind.RATE_LIMITED, throttled.kind());
    assertEquals(7000, throttled.retryAfterMs());

    TestPublishContext polled = context("c", "t");
    await(connector.publish(polled));
    fault(new JsonObject().put("kind", "token_expired").put("match", "video.get"));
    PlatformFailure expired = failure(connector.publish(polled.nextAttempt()));
    assertEquals(ErrorKind.AUTH, expired.kind());
    assertEquals("401", expired.platformCode());
    assertTrue(expired.getMessage().contains("reconnect"));

    PlatformFailure tooLong = failure(connector.publish(context("d".repeat(5001), "t")));
    assertEquals(ErrorKind.PERMANENT, tooLong.kind());
    assertEquals("400", tooLong.platformCode());
    assertTrue(tooLong.getMessage().contains("description: Ensure this field has no more than 5000 characters."), tooLong.getMessage());

    TestPublishContext gone = context("c", "t");
    gone.seed(new JsonObject().put("videoId", "0".repeat(32)));
    assertEquals("404", failure(connector.publish(gone)).platformCode());
  }

  @Test
  void aVideoThatEndsInErrorFailsPermanentlyWithRutubesReason() throws Exception {
    fault(new JsonObject().put("kind", "processing_failure").put("match", "video.create"));
    PlatformFailure conversion = failure(untilDoneFuture(context("broken", "Broken")));
    assertEquals(ErrorKind.PERMANENT, conversion.kind());
    assertEquals("conversion_error", conversion.platformCode());

    TestPublishContext unreachable = new TestPublishContext(vertx, account, store, FIXTURE, "c", "t", media + "/expired-link.mp4");
    PlatformFailure download = failure(untilDoneFuture(unreachable));
    assertEquals("download_error", download.platformCode());
    assertTrue(download.getMessage().contains("could not download"));
    assertEquals(0, ledger().size());
  }

  @Test
  void aHungRutubeTimesOutAsRetryable() throws Exception {
    TestPublishContext ctx = context("c", "t");
    await(connector.publish(ctx));
    fault(new JsonObject().put("kind", "hang").put("match", "video.get").put("delayMs", 0));
    long t0 = System.nanoTime();
    PlatformFailure hung = failure(connector.publish(ctx.nextAttempt()));
    assertEquals(ErrorKind.RETRYABLE, hung.kind());
    assertTrue(System.nanoTime() - t0 < 10_000_000_000L, "bounded by the connector's timeout");
    untilDone(ctx.nextAttempt());
  }

  @Test
  void statsComeFromHitsAndComments() throws Exception {
    PublishResult done = untilDone(context("stats", "Stats"));
    Thread.sleep(100);
    PostStats s1 = await(connector.stats(account, done.externalId(), new JsonObject()));
    Thread.sleep(200);
    PostStats s2 = await(connector.stats(account, done.externalId(), new JsonObject()));
    assertTrue(s1.views() > 0 && s2.views() > s1.views(), s1 + " → " + s2);
    assertEquals(s2.views() / 50, s2.comments());
    assertNull(s2.likes(), "Rutube does not expose likes");
    assertEquals(s2.views(), s2.raw().getLong("hits"));
  }

  // --- helpers ---

  private TestPublishContext context(String caption, String title) throws Exception {
    return new TestPublishContext(vertx, account, store, FIXTURE, caption, title, media + "/clip.mp4");
  }

  /** Waits for the create Rutube held to land, then the next attempt adopts it: one video, one ledger post. */
  private void heldCreateLandsAndIsAdopted(TestPublishContext ctx) throws Exception {
    long deadline = System.currentTimeMillis() + 10_000;
    while (ownVideos() == 0 && System.currentTimeMillis() < deadline) Thread.sleep(100);
    assertEquals(1, ownVideos(), "the held create was carried out late");
    PublishResult done = untilDone(ctx.nextAttempt());
    assertEquals(1, ownVideos(), "adopted, not posted twice");
    assertEquals(1, ledger().size());
    assertEquals(done.externalId(), ledger().getJsonObject(0).getString("externalId"));
  }

  private static PublishResult untilDone(TestPublishContext ctx) throws Exception {
    return await(untilDoneFuture(ctx));
  }

  /** Calls publish again while it is pending (the worker would wait per the catalog's recheck block; the sandbox is faster). */
  private static Future<PublishResult> untilDoneFuture(TestPublishContext ctx) {
    long deadline = System.currentTimeMillis() + 15_000;
    return connector.publish(ctx).compose(r -> {
      if (!r.isPending()) return Future.succeededFuture(r);
      if (System.currentTimeMillis() > deadline) return Future.failedFuture(new AssertionError("still pending"));
      return vertx.timer(100).compose(t -> untilDoneFuture(ctx));
    });
  }

  private int ownVideos() throws Exception {
    HttpResponse<String> r = send("GET", "/rutube/api/api/video/person/" + userId + "/", account.accessToken(), null);
    assertEquals(200, r.statusCode(), r.body());
    return new JsonObject(r.body()).getJsonArray("results").size();
  }

  private JsonArray ledger() throws Exception {
    JsonArray mine = new JsonArray();
    new JsonObject(send("GET", "/_sandbox/posts?platform=rutube", null, null).body()).getJsonArray("items").forEach(p -> {
      if (Long.toString(userId).equals(((JsonObject) p).getString("account"))) mine.add(p);
    });
    return mine;
  }

  private static void fault(JsonObject rule) throws Exception {
    assertEquals(201, send("POST", "/_sandbox/faults", null, rule.put("platform", "rutube")).statusCode());
  }

  private static <T> T await(Future<T> f) throws Exception {
    try {
      return f.toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw new AssertionError("expected success, got " + e.getCause(), e.getCause());
    }
  }

  private static Throwable cause(Future<?> f) throws Exception {
    try {
      f.toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      return e.getCause();
    }
    throw new AssertionError("expected a failure");
  }

  private static PlatformFailure failure(Future<?> f) throws Exception {
    return assertInstanceOf(PlatformFailure.class, cause(f));
  }

  private static CredentialsRejected rejected(JsonObject credentials) throws Exception {
    return assertInstanceOf(CredentialsRejected.class, cause(connector.validateCredentials(credentials)));
  }

  private static HttpResponse<String> send(String method, String path, String token, JsonObject body) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(sandbox + path)).timeout(Duration.ofSeconds(10))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body.encode()));
    if (token != null) b.header("Authorization", "Token " + token);
    if (body != null) b.header("Content-Type", "application/json");
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }
}
