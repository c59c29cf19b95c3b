package io.clipcast.platforms.telegram;

import io.clipcast.platforms.ConnectedAccount;
import io.clipcast.platforms.ConnectorSettings;
import io.clipcast.platforms.ErrorKind;
import io.clipcast.platforms.PlatformFailure;
import io.clipcast.platforms.PublishResult;
import io.clipcast.platforms.catalog.PlatformCatalog;
import io.clipcast.platforms.catalog.PlatformRules;
import io.clipcast.platforms.testing.TestPublishContext;
import io.clipcast.sandbox.SandboxVerticle;
import io.clipcast.testing.TestServices;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.RandomAccessFile;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Telegram connector publishing through the sandbox's Telegram simulator over real HTTP. */
class TelegramPublishTest {
  private static final String TOKEN = "123456789:AAEhBOweik6ad9r_QXMENQjcrGbqCr4K-ra";
  private static final long PUBLIC = -1001234567890L;
  private static final long PRIVATE = -1009876543210L;
  private static final Path CLIP = Path.of("../common/src/test/resources/media/portrait_h264_aac_faststart.mp4");
  private static final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  private static Vertx sandbox;
  private static Vertx vertx;
  private static String sandboxBase;
  private static TelegramConnector cloud;
  private static TelegramConnector local;

  @TempDir
  Path dir;

  @BeforeAll
  static void start() throws Exception {
    sandbox = Vertx.vertx();
    int port = TestServices.freePort();
    sandbox.deployVerticle(SandboxVerticle::new, new DeploymentOptions().setConfig(new JsonObject().put("host", "127.0.0.1").put("port", port)))
        .await(30, TimeUnit.SECONDS);
    sandboxBase = "http://127.0.0.1:" + port;
    post("/telegram/_sandbox/bots", new JsonObject().put("token", TOKEN).put("id", 123456789L).put("username", "clipcast_bot"));
    channel(PUBLIC, "montage", "administrator");
    channel(PRIVATE, null, "administrator");
    channel(-1003333333333L, "kickedout", "kicked");
    channel(-1001111111111L, "readonly", "member");
    vertx = Vertx.vertx();
    cloud = connector(PlatformCatalog.shipped().rules("telegram"));
    local = connector(PlatformCatalog.shipped().rules("telegram").forApp(new JsonObject().put("localBotApi", true)));
  }

  private static TelegramConnector connector(PlatformRules rules) {
    TelegramConnector c = new TelegramConnector(2);
    c.init(vertx, new ConnectorSettings(Map.of("api", sandboxBase + "/telegram/api"), "", "", "", rules));
    return c;
  }

  @AfterAll
  static void stop() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
    sandbox.close().await(10, TimeUnit.SECONDS);
  }

  @BeforeEach
  void clean() throws Exception {
    send(HttpRequest.newBuilder(URI.create(sandboxBase + "/_sandbox/posts")).DELETE().build());
    send(HttpRequest.newBuilder(URI.create(sandboxBase + "/_sandbox/faults?platform=telegram")).DELETE().build());
    post("/telegram/_sandbox/mode", new JsonObject().put("local", false));
  }

  private static void channel(long id, String username, String status) throws Exception {
    JsonObject chat = new JsonObject().put("id", id).put("title", "Channel " + id).put("admins", new JsonObject().put("123456789", status));
    if (username != null) chat.put("username", username);
    post("/telegram/_sandbox/chats", chat);
  }

  private static void fault(JsonObject rule) throws Exception {
    assertEquals(201, post("/_sandbox/faults", rule.put("platform", "telegram").put("match", "sendVideo")).statusCode());
  }

  private static HttpResponse<String> post(String path, JsonObject body) throws Exception {
    return send(HttpRequest.newBuilder(URI.create(sandboxBase + path)).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body.encode())).build());
  }

  private static HttpResponse<String> send(HttpRequest request) throws Exception {
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }

  private static JsonArray posts() throws Exception {
    return new JsonObject(send(HttpRequest.newBuilder(URI.create(sandboxBase + "/_sandbox/posts?platform=telegram")).GET().build()).body())
        .getJsonArray("items");
  }

  private static ConnectedAccount account(long chatId, String username) {
    return new ConnectedAccount(Long.toString(chatId), "Channel " + chatId, null, TOKEN, null, null, List.of(), new JsonObject()
        .put("chatId", chatId).put("username", username).put("type", "channel").put("botUsername", "clipcast_bot"));
  }

  private TestPublishContext context(ConnectedAccount account, Path file, String caption) throws Exception {
    return new TestPublishContext(vertx, account, dir.resolve("store"), file, caption, null, null);
  }

  private static PublishResult published(TelegramConnector connector, TestPublishContext ctx) throws Exception {
    return connector.publish(ctx).toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
  }

  private static PlatformFailure failure(TelegramConnector connector, TestPublishContext ctx) throws Exception {
    Future<PublishResult> f = connector.publish(ctx);
    try {
      PublishResult r = f.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
      throw new AssertionError("expected a failure, got " + r);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof PlatformFailure p) return p;
      throw new AssertionError("not a PlatformFailure", e.getCause());
    }
  }

  private Path sparse(String name, long size) throws Exception {
    Path file = dir.resolve(name);
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
      f.setLength(size);
    }
    return file;
  }

  @Test
  void aClipIsPostedOnceByteExactWithItsPublicLink() throws Exception {
    TestPublishContext ctx = context(account(PUBLIC, "montage"), CLIP, "Монтаж за 5 минут 🎬 #shorts");
    PublishResult r = published(cloud, ctx);

    JsonArray posts = posts();
    assertEquals(1, posts.size());
    JsonObject post = posts.getJsonObject(0);
    long messageId = post.getJsonObject("extra").getLong("messageId");
    assertEquals(PUBLIC + "/" + messageId, r.externalId());
    assertEquals("https://t.me/montage/" + messageId, r.url());
    assertEquals(post.getString("externalId"), r.externalId());
    assertEquals(ctx.sha256(), post.getString("sha256"));
    assertEquals(Files.size(CLIP), post.getLong("bytes"));
    assertEquals("Монтаж за 5 минут 🎬 #shorts", post.getString("caption"));
    JsonObject extra = post.getJsonObject("extra");
    assertTrue(extra.getBoolean("supportsStreaming"));
    assertEquals(1080, extra.getInteger("width"));
    assertEquals(1920, extra.getInteger("height"));
    assertEquals(10, extra.getInteger("duration"));
    assertEquals(Files.size(CLIP), ctx.lastProgress);
    assertEquals(true, ctx.checkpoints.get(0).getBoolean("sendStarted"), "the mark is saved before the request goes out");
    assertEquals(messageId, ctx.uploadState().getLong("messageId"));
    assertEquals(extra.getString("fileId"), r.detail().getString("fileId"));

    PublishResult again = published(cloud, ctx.nextAttempt());
    assertEquals(r.externalId(), again.externalId(), "a retry after the post reports the same message");
    assertEquals(1, posts().size());
  }

  @Test
  void aPrivateChannelGetsItsInternalLink() throws Exception {
    PublishResult r = published(cloud, context(account(PRIVATE, null), CLIP, null));
    long messageId = posts().getJsonObject(0).getJsonObject("extra").getLong("messageId");
    assertEquals("https://t.me/c/9876543210/" + messageId, r.url());
    assertEquals("", posts().getJsonObject(0).getString("caption"), "no caption sent");
  }

  @Test
  void floodControlIsRateLimitedWithTelegramsWaitAndTheRetryPostsOnce() throws Exception {
    fault(new JsonObject().put("kind", "rate_limit").put("retryAfterSeconds", 17));
    TestPublishContext ctx = context(account(PUBLIC, "montage"), CLIP, "flood");
    PlatformFailure f = failure(cloud, ctx);
    assertEquals(ErrorKind.RATE_LIMITED, f.kind());
    assertEquals(17_000, f.retryAfterMs());
    assertEquals("429", f.platformCode());
    assertEquals(0, posts().size());
    assertFalse(ctx.uploadState().getBoolean("sendStarted"), "Telegram answered: nothing was posted");
    published(cloud, ctx.nextAttempt());
    assertEquals(1, posts().size());
  }

  @Test
  void aRevokedTokenOrLostRightsNeedTheUser() throws Exception {
    fault(new JsonObject().put("kind", "token_expired"));
    PlatformFailure revoked = failure(cloud, context(account(PUBLIC, "montage"), CLIP, "x"));
    assertEquals(ErrorKind.AUTH, revoked.kind());
    assertEquals("401", revoked.platformCode());
    assertTrue(revoked.getMessage().contains("@BotFather"), revoked.getMessage());
    assertFalse(revoked.getMessage().contains(TOKEN));

    PlatformFailure kicked = failure(cloud, context(account(-1003333333333L, "kickedout"), CLIP, "x"));
    assertEquals(ErrorKind.AUTH, kicked.kind());
    assertEquals("403", kicked.platformCode());
    assertTrue(kicked.getMessage().contains("bot was kicked") && kicked.getMessage().contains("administrator"), kicked.getMessage());

    PlatformFailure notAdmin = failure(cloud, context(account(-1001111111111L, "readonly"), CLIP, "x"));
    assertEquals(ErrorKind.AUTH, notAdmin.kind());
    assertEquals("400", notAdmin.platformCode());
    assertTrue(notAdmin.getMessage().contains("need administrator rights"), notAdmin.getMessage());
    assertEquals(0, posts().size());
  }

  @Test
  void refusedRequestsArePermanentWithTelegramsDescription() throws Exception {
    PlatformFailure caption = failure(cloud, context(account(PUBLIC, "montage"), CLIP, "a".repeat(1025)));
    assertEquals(ErrorKind.PERMANENT, caption.kind());
    assertEquals("400", caption.platformCode());
    assertTrue(caption.getMessage().contains("Bad Request: message caption is too long"), caption.getMessage());

    PlatformFailure gone = failure(cloud, context(account(-1000000000001L, null), CLIP, "x"));
    assertEquals(ErrorKind.PERMANENT, gone.kind());
    assertTrue(gone.getMessage().contains("Bad Request: chat not found"), gone.getMessage());
    assertEquals(0, posts().size());
  }

  @Test
  void aServerErrorIsRetriedAndTheRetryPostsOnce() throws Exception {
    fault(new JsonObject().put("kind", "http_error").put("status", 502));
    TestPublishContext ctx = context(account(PUBLIC, "montage"), CLIP, "502");
    PlatformFailure f = failure(cloud, ctx);
    assertEquals(ErrorKind.RETRYABLE, f.kind());
    assertEquals("502", f.platformCode());
    assertEquals(0, posts().size());
    published(cloud, ctx.nextAttempt());
    assertEquals(1, posts().size());
  }

  @Test
  void aLostAnswerIsUnknownAndNeverSentAgain() throws Exception {
    fault(new JsonObject().put("kind", "lost_response"));
    TestPublishContext ctx = context(account(PUBLIC, "montage"), CLIP, "lost");
    PlatformFailure f = failure(cloud, ctx);
    assertEquals(ErrorKind.OUTCOME_UNKNOWN, f.kind());
    assertTrue(f.getMessage().contains("Check the channel"), f.getMessage());
    assertEquals(1, posts().size(), "Telegram did post it");
    assertTrue(ctx.uploadState().getBoolean("requestSent"));

    PlatformFailure retry = failure(cloud, ctx.nextAttempt());
    assertEquals(ErrorKind.OUTCOME_UNKNOWN, retry.kind());
    assertEquals(1, posts().size(), "the retry did not post again");
  }

  @Test
  void aHungTelegramIsGivenUpOnAsUnknownAfterTheIdleTimeout() throws Exception {
    fault(new JsonObject().put("kind", "hang").put("delayMs", 0));
    TestPublishContext ctx = context(account(PUBLIC, "montage"), CLIP, "hang");
    long started = System.nanoTime();
    PlatformFailure f = failure(cloud, ctx);
    long tookMs = (System.nanoTime() - started) / 1_000_000;
    assertEquals(ErrorKind.OUTCOME_UNKNOWN, f.kind());
    assertTrue(tookMs >= 1_500 && tookMs < 20_000, "idle timeout of 2 s, took " + tookMs + " ms");
    assertEquals(ErrorKind.OUTCOME_UNKNOWN, failure(cloud, ctx.nextAttempt()).kind());
    assertEquals(0, posts().size());
  }

  @Test
  void aResetMidUploadIsRetryableAndTheRetryPostsExactlyOnce() throws Exception {
    Path clip = sparse("sixteen.mp4", 16L * 1024 * 1024);
    fault(new JsonObject().put("kind", "reset").put("afterBytes", 1024 * 1024));
    TestPublishContext ctx = context(account(PUBLIC, "montage"), clip, "reset");
    PlatformFailure f = failure(cloud, ctx);
    assertEquals(ErrorKind.RETRYABLE, f.kind(), f.getMessage());
    assertFalse(f.getMessage().contains(TOKEN));
    assertEquals(0, posts().size());
    assertFalse(ctx.uploadState().getBoolean("sendStarted"));

    published(cloud, ctx.nextAttempt());
    JsonArray posts = posts();
    assertEquals(1, posts.size());
    assertEquals(ctx.sha256(), posts.getJsonObject(0).getString("sha256"));
    assertEquals(16L * 1024 * 1024, posts.getJsonObject(0).getLong("bytes"));
  }

  @Test
  void anAttemptThatStoppedMidSendIsUnknownOnRetry() throws Exception {
    TestPublishContext ctx = context(account(PUBLIC, "montage"), CLIP, "crashed");
    ctx.seed(new JsonObject().put("sendStarted", true));   // a worker died after saving the mark
    PlatformFailure f = failure(cloud, ctx.nextAttempt());
    assertEquals(ErrorKind.OUTCOME_UNKNOWN, f.kind());
    assertTrue(f.getMessage().contains("stopped while sending"), f.getMessage());
    assertEquals(0, posts().size());
  }

  @Test
  void over50DecimalMbIsRefusedByTheCloudAndTakenByALocalBotApiServer() throws Exception {
    Path big = sparse("big.mp4", 50_000_001L);
    TestPublishContext refusedHere = context(account(PUBLIC, "montage"), big, "big");
    PlatformFailure tooBig = failure(cloud, refusedHere);
    assertEquals(ErrorKind.PERMANENT, tooBig.kind());
    assertEquals("Telegram accepts videos up to 50 MB from this bot; this clip is 50.1 MB. Send a smaller file.", tooBig.getMessage());
    assertTrue(refusedHere.checkpoints.isEmpty(), "refused before any request");

    TestPublishContext ctx = context(account(PUBLIC, "montage"), big, "big");
    PlatformFailure cloudSays = failure(local, ctx);   // we think it is a local server, but it is the cloud
    assertEquals(ErrorKind.PERMANENT, cloudSays.kind());
    assertEquals("413", cloudSays.platformCode());
    assertEquals(0, posts().size());

    post("/telegram/_sandbox/mode", new JsonObject().put("local", true));
    published(local, ctx.nextAttempt());
    JsonArray posts = posts();
    assertEquals(1, posts.size());
    assertEquals(50_000_001L, posts.getJsonObject(0).getLong("bytes"));
    assertEquals(ctx.sha256(), posts.getJsonObject(0).getString("sha256"));
  }
}
