package io.clipcast.sandbox.rutube;

import io.clipcast.sandbox.SandboxVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Rutube simulator over real HTTP: DRF-style rejections of every malformed call, the pull of the file from a real
 * HTTP server (hashed byte-exact into the ledger), the processing states, and each fault acted out.
 */
class RutubeSimulatorTest {
  private static final Path FIXTURE = Path.of("../common/src/test/resources/media/portrait_h264_aac_faststart.mp4");
  private static final AtomicLong USER_IDS = new AtomicLong(7_000_000);

  private static Vertx vertx;
  private static String sandbox;
  private static String media;
  private static String fixtureSha;
  private static final List<JsonObject> callbacks = new CopyOnWriteArrayList<>();
  private static final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();

  private long userId;
  private String token;

  @BeforeAll
  static void start() throws Exception {
    vertx = Vertx.vertx();
    int port = freePort();
    vertx.deployVerticle(SandboxVerticle::new, new DeploymentOptions().setConfig(new JsonObject().put("host", "127.0.0.1").put("port", port)))
        .await(30, TimeUnit.SECONDS);
    sandbox = "http://127.0.0.1:" + port;
    HttpServer server = vertx.createHttpServer().requestHandler(req -> {
      switch (req.path()) {
        case "/clip.mp4" -> req.response().putHeader("Content-Type", "video/mp4").sendFile(FIXTURE.toString());
        case "/page.html" -> req.response().putHeader("Content-Type", "text/html").end("<html><body>not a video</body></html>");
        case "/callback" -> req.body().onSuccess(b -> {
          callbacks.add(b.toJsonObject());
          req.response().end();
        });
        default -> req.response().setStatusCode(404).end("no such file");
      }
    });
    server.listen(0, "127.0.0.1").await(10, TimeUnit.SECONDS);
    media = "http://127.0.0.1:" + server.actualPort();
    fixtureSha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(FIXTURE)));
    assertEquals(200, send("POST", "/rutube/_sandbox/settings", null, "application/json",
        new JsonObject().put("processingMs", 150).put("hitsPerSecond", 200.0).encode()).statusCode());
  }

  @AfterAll
  static void stop() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  @BeforeEach
  void account() throws Exception {
    send("DELETE", "/_sandbox/faults", null, null, null);
    userId = USER_IDS.incrementAndGet();
    HttpResponse<String> r = send("POST", "/rutube/_sandbox/accounts", null, "application/json", new JsonObject()
        .put("login", "user" + userId + "@example.org").put("password", "s3cret").put("userId", userId).put("name", "Канал " + userId)
        .put("avatar", "https://pic.rutube.ru/user/" + userId + ".jpg").encode());
    assertEquals(201, r.statusCode());
    token = new JsonObject(r.body()).getString("token");
  }

  @Test
  void tokenAuthTradesLoginAndPasswordForTheUsersToken() throws Exception {
    HttpResponse<String> missing = api("POST", "/api/accounts/token_auth/", null, new JsonObject());
    assertEquals(400, missing.statusCode());
    assertEquals(new JsonObject().put("username", new JsonArray().add("This field is required.")).put("password",
        new JsonArray().add("This field is required.")), new JsonObject(missing.body()));

    HttpResponse<String> wrong = api("POST", "/api/accounts/token_auth/", null, new JsonObject().put("username", login()).put("password", "nope"));
    assertEquals(400, wrong.statusCode());
    assertEquals("Unable to log in with provided credentials.", new JsonObject(wrong.body()).getJsonArray("non_field_errors").getString(0));

    HttpResponse<String> ok = api("POST", "/api/accounts/token_auth/", null, new JsonObject().put("username", login()).put("password", "s3cret"));
    assertEquals(200, ok.statusCode(), ok.body());
    assertEquals(token, new JsonObject(ok.body()).getString("token"), "the user's one token, as DRF's Token model keeps");
    assertEquals(userId, new JsonObject(ok.body()).getLong("userid"));
    assertTrue(token.matches("[0-9a-f]{40}"));

    HttpResponse<String> form = send("PUT", "/rutube/api/api/accounts/token_auth/", null, "application/x-www-form-urlencoded",
        "username=" + java.net.URLEncoder.encode(login(), java.nio.charset.StandardCharsets.UTF_8) + "&password=s3cret");
    assertEquals(200, form.statusCode(), "form bodies and PUT are accepted too: " + form.body());
    assertEquals(405, api("GET", "/api/accounts/token_auth/", null, null).statusCode());
  }

  /** The call Rutube's own client makes with a token (docs/platforms/rutube.md, "Connecting"). */
  @Test
  void theOwnVideoListNeedsATokenAndNamesTheAuthor() throws Exception {
    assertEquals(401, api("GET", "/api/video/person/", null, null).statusCode());
    assertEquals("Invalid token.", detail(api("GET", "/api/video/person/", "0".repeat(40), null)));
    HttpResponse<String> empty = api("GET", "/api/video/person/?page=1&limit=20", token, null);
    assertEquals(List.of(), ids(empty));
    assertEquals(20, new JsonObject(empty.body()).getInteger("per_page"));

    String hidden = new JsonObject(create(valid().put("is_hidden", 1)).body()).getString("video_id");
    String second = new JsonObject(create(valid()).body()).getString("video_id");
    HttpResponse<String> one = api("GET", "/api/video/person/?page=1&limit=1", token, null);
    assertEquals(List.of(second), ids(one), "newest first, one per page");
    JsonObject page = new JsonObject(one.body());
    assertEquals(1, page.getInteger("per_page"));
    assertTrue(page.getBoolean("has_next"));
    assertTrue(page.getString("next").endsWith("/api/video/person/?page=2&limit=1"), page.getString("next"));
    JsonObject author = page.getJsonArray("results").getJsonObject(0).getJsonObject("author");
    assertEquals(userId, author.getLong("id"));
    assertEquals("Канал " + userId, author.getString("name"));
    assertEquals(List.of(hidden), ids(api("GET", "/api/video/person/?page=2&limit=1", token, null)), "the owner sees hidden videos");
    assertEquals(List.of(), ids(api("GET", "/api/video/person/" + userId + "/", null, null)), "others see neither (not ready yet)");
  }

  @Test
  void theProfileNeedsAValidTokenHeader() throws Exception {
    HttpResponse<String> none = api("GET", "/api/accounts/profile/", null, null);
    assertEquals(401, none.statusCode());
    assertEquals("Token", none.headers().firstValue("WWW-Authenticate").orElse(null));
    assertEquals("Authentication credentials were not provided.", detail(none));
    assertEquals("Authentication credentials were not provided.", detail(send("GET", "/rutube/api/api/accounts/profile/", "Bearer " + token, null, null)),
        "another scheme is no credentials at all");
    assertEquals("Invalid token header. No credentials provided.", detail(send("GET", "/rutube/api/api/accounts/profile/", "Token", null, null)));
    HttpResponse<String> bad = api("GET", "/api/accounts/profile/", "0".repeat(40), null);
    assertEquals(401, bad.statusCode());
    assertEquals("Invalid token.", detail(bad));

    HttpResponse<String> ok = api("GET", "/api/accounts/profile/", token, null);
    assertEquals(200, ok.statusCode());
    JsonObject profile = new JsonObject(ok.body());
    assertEquals(userId, profile.getLong("id"));
    assertEquals("Канал " + userId, profile.getString("name"));
    assertEquals("https://pic.rutube.ru/user/" + userId + ".jpg", profile.getString("avatar_url"));
    assertEquals(200, api("GET", "/api/profile/user/", token, null).statusCode());
  }

  @Test
  void videoCreateRejectsWhatDrfWould() throws Exception {
    JsonObject empty = new JsonObject(create(new JsonObject()).body());
    assertEquals("This field is required.", empty.getJsonArray("url").getString(0));
    assertEquals("This field is required.", empty.getJsonArray("title").getString(0));
    assertEquals("This field is required.", new JsonObject(create(new JsonObject().put("link", media + "/clip.mp4").put("title", "x")).body())
        .getJsonArray("url").getString(0), "a misspelt field is ignored, so the real one is missing");
    assertEquals("Enter a valid URL.", fieldError(create(valid().put("url", "not a url")), "url"));
    assertEquals("Enter a valid URL.", fieldError(create(valid().put("url", "ftp://cdn.example.org/a.mp4")), "url"));
    assertEquals("This field may not be blank.", fieldError(create(valid().put("title", "   ")), "title"));
    String emoji = "\uD83C\uDFAC";
    assertEquals("Ensure this field has no more than 100 characters.", fieldError(create(valid().put("title", emoji.repeat(101))), "title"));
    assertEquals(201, create(valid().put("title", emoji.repeat(100))).statusCode(), "lengths count code points, as Python does");
    assertEquals("Ensure this field has no more than 5000 characters.", fieldError(create(valid().put("description", "d".repeat(5001))), "description"));
    assertEquals("Must be a valid boolean.", fieldError(create(valid().put("is_hidden", "maybe")), "is_hidden"));
    assertEquals("Invalid pk \"999\" - object does not exist.", fieldError(create(valid().put("category_id", 999)), "category_id"));
    assertEquals("Incorrect type. Expected pk value, received str.", fieldError(create(valid().put("category_id", "music")), "category_id"));
    assertEquals("Enter a valid URL.", fieldError(create(valid().put("callback_url", "here")), "callback_url"));

    HttpResponse<String> plain = send("POST", "/rutube/api/api/video/", "Token " + token, "text/plain", "url=x");
    assertEquals(415, plain.statusCode());
    assertEquals("Unsupported media type \"text/plain\" in request.", detail(plain));
    HttpResponse<String> broken = send("POST", "/rutube/api/api/video/", "Token " + token, "application/json", "{\"url\":");
    assertEquals(400, broken.statusCode());
    assertTrue(detail(broken).startsWith("JSON parse error"));
    HttpResponse<String> list = send("POST", "/rutube/api/api/video/", "Token " + token, "application/json", "[]");
    assertEquals("Invalid data. Expected a dictionary, but got list.", fieldError(list, "non_field_errors"));
    assertEquals(401, api("POST", "/api/video/", null, valid()).statusCode());

    HttpResponse<String> noSlash = api("POST", "/api/video", token, valid());
    assertEquals(301, noSlash.statusCode(), "trailing slashes matter");
    assertEquals("/rutube/api/api/video/", noSlash.headers().firstValue("Location").orElseThrow());
    assertEquals(405, api("GET", "/api/video/", token, null).statusCode());
  }

  @Test
  void aCreatedVideoIsPulledProcessedAndRecordedByteExact() throws Exception {
    HttpResponse<String> created = create(valid().put("description", "Монтаж за 60 секунд #shorts").put("is_hidden", false)
        .put("category_id", 13).put("callback_url", media + "/callback"));
    assertEquals(201, created.statusCode(), created.body());
    String id = new JsonObject(created.body()).getString("video_id");
    assertTrue(id.matches("[0-9a-f]{32}"), id);
    JsonObject first = video(id);
    assertNotEquals("ready", first.getString("status"), "processing takes a while");
    assertEquals(0L, first.getLong("hits"));
    assertFalse(ids(api("GET", "/api/video/person/" + userId + "/", null, null)).contains(id), "not public while processing");
    assertTrue(ids(api("GET", "/api/video/person/" + userId + "/", token, null)).contains(id), "the owner sees it");

    JsonObject ready = awaitFinal(id);
    assertEquals("ready", ready.getString("status"), ready.encode());
    assertNull(ready.getValue("action_reason"));
    assertEquals("https://rutube.ru/video/" + id + "/", ready.getString("video_url"));
    assertEquals(userId, ready.getJsonObject("author").getLong("id"));
    assertEquals("Разное", ready.getJsonObject("category").getString("name"));
    assertTrue(ready.getString("created_ts").matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d"), ready.getString("created_ts"));

    JsonArray posts = ledger();
    assertEquals(1, posts.size());
    JsonObject post = posts.getJsonObject(0);
    assertEquals(id, post.getString("externalId"));
    assertEquals(fixtureSha, post.getString("sha256"));
    assertEquals(Files.size(FIXTURE), post.getLong("bytes"));
    assertEquals("Монтаж за 60 секунд #shorts", post.getString("caption"));
    assertEquals("Clip title", post.getString("title"));

    Thread.sleep(100);
    long hits = video(id).getLong("hits");
    Thread.sleep(100);
    assertTrue(hits > 0 && video(id).getLong("hits") > hits, "views grow once ready");
    assertTrue(ids(api("GET", "/api/video/person/" + userId + "/", null, null)).contains(id), "public once ready");
    awaitTrue(() -> callbacks.stream().anyMatch(c -> id.equals(c.getString("id")) && "ready".equals(c.getString("status"))), "callback_url notified");

    assertEquals(200, api("GET", "/api/video/" + id + "/?format=json", null, null).statusCode());
    assertEquals(404, api("GET", "/api/video/" + id + "/?format=xml", null, null).statusCode());
    assertEquals("Not found.", detail(api("GET", "/api/video/" + "0".repeat(32) + "/", token, null)));
    assertEquals("Invalid page.", detail(api("GET", "/api/video/person/" + userId + "/?page=9", token, null)));
    assertEquals(404, api("GET", "/api/video/nothing/here/", token, null).statusCode());
    assertEquals(401, api("GET", "/api/video/" + id + "/", "f".repeat(40), null).statusCode(), "a bad token is refused even on public reads");
    assertTrue(new JsonArray(api("GET", "/api/video/category/", null, null).body()).contains(new JsonObject().put("id", 13).put("name", "Разное")));
  }

  @Test
  void aSourceThatCannotBePulledLeavesTheVideoInError() throws Exception {
    assertEquals("download_error", errorReason(create(valid().put("url", media + "/missing.mp4"))));
    assertEquals("unsupported_file", errorReason(create(valid().put("url", media + "/page.html"))));
    send("POST", "/rutube/_sandbox/settings", null, "application/json", new JsonObject().put("maxFileBytes", 1000).encode());
    try {
      assertEquals("file_too_large", errorReason(create(valid())));
    } finally {
      send("POST", "/rutube/_sandbox/settings", null, "application/json", new JsonObject().put("maxFileBytes", 10L << 30).encode());
    }
    fault(new JsonObject().put("kind", "reset").put("match", "pull").put("afterBytes", 1000));
    assertEquals("download_error", errorReason(create(valid())));
    assertEquals(0, ledger().size(), "nothing was published");
  }

  @Test
  void faultsAnswerInRutubesOwnShapes() throws Exception {
    fault(new JsonObject().put("kind", "rate_limit").put("match", "video.create").put("retryAfterSeconds", 7));
    HttpResponse<String> throttled = create(valid());
    assertEquals(429, throttled.statusCode());
    assertEquals("7", throttled.headers().firstValue("Retry-After").orElse(null));
    assertEquals("Request was throttled. Expected available in 7 seconds.", detail(throttled));

    fault(new JsonObject().put("kind", "http_error").put("match", "token_auth").put("status", 503));
    HttpResponse<String> down = api("POST", "/api/accounts/token_auth/", null, new JsonObject().put("username", login()).put("password", "s3cret"));
    assertEquals(503, down.statusCode());
    assertTrue(down.headers().firstValue("Content-Type").orElse("").startsWith("text/html"), "5xx pages are HTML");

    String id = new JsonObject(create(valid()).body()).getString("video_id");
    fault(new JsonObject().put("kind", "token_expired").put("match", "video.get"));
    HttpResponse<String> expired = api("GET", "/api/video/" + id + "/", token, null);
    assertEquals(401, expired.statusCode());
    assertEquals("Invalid token.", detail(expired));

    fault(new JsonObject().put("kind", "hang").put("match", "video.get").put("delayMs", 400));
    long t0 = System.nanoTime();
    assertEquals(200, api("GET", "/api/video/" + id + "/", token, null).statusCode());
    assertTrue(System.nanoTime() - t0 >= 400_000_000L, "the answer waited for the hang");

    // count 2: the JDK client silently retries an idempotent GET once on a dropped connection
    fault(new JsonObject().put("kind", "reset").put("match", "profile").put("count", 2));
    assertThrows(IOException.class, () -> api("GET", "/api/accounts/profile/", token, null));
    assertEquals("ready", awaitFinal(id).getString("status"));
  }

  @Test
  void processingFailureEndsTheVideoInErrorWithoutPublishing() throws Exception {
    fault(new JsonObject().put("kind", "processing_failure").put("match", "video.create"));
    assertEquals("conversion_error", errorReason(create(valid())));
    fault(new JsonObject().put("kind", "processing_failure").put("match", "pull"));
    assertEquals("conversion_error", errorReason(create(valid())));
    assertEquals(0, ledger().size());
  }

  @Test
  void aLostResponseStillCreatesTheVideoOnce() throws Exception {
    fault(new JsonObject().put("kind", "lost_response").put("match", "video.create"));
    assertThrows(IOException.class, () -> create(valid()));
    List<String> own = ids(api("GET", "/api/video/person/" + userId + "/", token, null));
    assertEquals(1, own.size(), "the video exists though the answer was lost");
    assertEquals("ready", awaitFinal(own.get(0)).getString("status"));
    assertEquals(1, ledger().size());
  }

  @Test
  void aSlowPullStillDeliversEveryByte() throws Exception {
    fault(new JsonObject().put("kind", "slow").put("match", "pull").put("bytesPerSecond", 60_000));
    long t0 = System.nanoTime();
    String id = new JsonObject(create(valid()).body()).getString("video_id");
    assertEquals("ready", awaitFinal(id).getString("status"));
    assertTrue(System.nanoTime() - t0 >= 1_000_000_000L, "67 KB at 60 KB/s takes over a second");
    assertEquals(fixtureSha, ledger().getJsonObject(0).getString("sha256"));
  }

  // --- helpers ---

  private String login() {
    return "user" + userId + "@example.org";
  }

  private JsonObject valid() {
    return new JsonObject().put("url", media + "/clip.mp4").put("title", "Clip title");
  }

  private HttpResponse<String> create(JsonObject body) throws Exception {
    return api("POST", "/api/video/", token, body);
  }

  private JsonObject video(String id) throws Exception {
    HttpResponse<String> r = api("GET", "/api/video/" + id + "/", token, null);
    assertEquals(200, r.statusCode(), r.body());
    return new JsonObject(r.body());
  }

  private JsonObject awaitFinal(String id) throws Exception {
    long deadline = System.currentTimeMillis() + 15_000;
    while (System.currentTimeMillis() < deadline) {
      JsonObject v = video(id);
      if (v.getString("status").equals("ready") || v.getString("status").equals("error")) return v;
      Thread.sleep(50);
    }
    throw new AssertionError("video " + id + " never finished processing");
  }

  private String errorReason(HttpResponse<String> created) throws Exception {
    assertEquals(201, created.statusCode(), created.body());
    JsonObject v = awaitFinal(new JsonObject(created.body()).getString("video_id"));
    assertEquals("error", v.getString("status"));
    return v.getJsonObject("action_reason").getString("name");
  }

  private static List<String> ids(HttpResponse<String> list) {
    assertEquals(200, list.statusCode(), list.body());
    return new JsonObject(list.body()).getJsonArray("results").stream().map(o -> ((JsonObject) o).getString("id")).toList();
  }

  private JsonArray ledger() throws Exception {
    JsonArray all = new JsonObject(send("GET", "/_sandbox/posts?platform=rutube", null, null, null).body()).getJsonArray("items");
    JsonArray mine = new JsonArray();
    all.forEach(p -> {
      if (Long.toString(userId).equals(((JsonObject) p).getString("account"))) mine.add(p);
    });
    return mine;
  }

  private static void fault(JsonObject rule) throws Exception {
    assertEquals(201, send("POST", "/_sandbox/faults", null, "application/json", rule.put("platform", "rutube").encode()).statusCode());
  }

  private static String detail(HttpResponse<String> r) {
    return new JsonObject(r.body()).getString("detail");
  }

  private static String fieldError(HttpResponse<String> r, String field) {
    assertEquals(400, r.statusCode(), r.body());
    return new JsonObject(r.body()).getJsonArray(field).getString(0);
  }

  private static void awaitTrue(java.util.function.BooleanSupplier check, String what) throws InterruptedException {
    long deadline = System.currentTimeMillis() + 5_000;
    while (!check.getAsBoolean()) {
      if (System.currentTimeMillis() > deadline) throw new AssertionError(what);
      Thread.sleep(20);
    }
  }

  private static HttpResponse<String> api(String method, String path, String token, JsonObject body) throws Exception {
    return send(method, "/rutube/api" + path, token == null ? null : "Token " + token, body == null ? null : "application/json",
        body == null ? null : body.encode());
  }

  private static HttpResponse<String> send(String method, String path, String authorization, String type, String body) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(sandbox + path)).timeout(Duration.ofSeconds(10))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (authorization != null) b.header("Authorization", authorization);
    if (type != null) b.header("Content-Type", type);
    b.header("Accept", "application/json");
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
