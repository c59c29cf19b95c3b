package io.clipcast.e2e;

import io.clipcast.config.SandboxRouting;
import io.clipcast.sandbox.SandboxVerticle;
import io.clipcast.launcher.Node;
import io.clipcast.testing.TestServices;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A whole Clipcast node for end-to-end tests — API, scheduler, publish workers and the platform sandbox, on real
 * Postgres and Redis — driven the way a frontend drives it: over HTTP.
 */
public final class PublishWorld implements AutoCloseable {
  public static final Path CLIP = Path.of("../common/src/test/resources/media/portrait_h264_aac_faststart.mp4");
  private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5)).build();

  public final JsonObject config;
  public final String api;
  public final String sandbox;
  public final Node node;

  public PublishWorld(JsonObject overrides) throws Exception {
    JsonObject c = TestServices.get().config();
    int apiPort = TestServices.freePort();
    int sandboxPort = TestServices.freePort();
    Path files = TestServices.get().root.resolve("e2e-" + UUID.randomUUID());
    c.getJsonObject("http").put("port", apiPort).put("publicUrl", "http://127.0.0.1:" + apiPort);
    c.getJsonObject("sandbox").put("enabled", true).put("port", sandboxPort);
    c.getJsonObject("storage").put("localDir", files.resolve("clips").toString()).put("stagingDir", files.resolve("staging").toString());
    c.getJsonObject("db").put("migrate", true);
    c.put("verticles", new JsonObject().put("api", 1).put("scheduler", 1).put("publish", 2).put("stats", 0));
    c.getJsonObject("retry").put("delaysMs", new JsonArray().add(300).add(600).add(900)).put("minDelayMs", 100);
    c.getJsonObject("publications").put("minLeadMinutes", 0);
    c.getJsonObject("clips").put("importAllowLoopback", true);
    sandbox = "http://127.0.0.1:" + sandboxPort;
    SandboxRouting.apply(c, sandbox);
    c.getJsonObject("oauth").put("redirectUri", "https://app.example.com/oauth/callback");
    c.getJsonObject("oauth").getJsonObject("clients").getJsonObject("vk").put("clientId", "51000001").put("clientSecret", "s3cret");
    c.getJsonObject("oauth").getJsonObject("clients").getJsonObject("dzen").put("clientId", "yandex-app").put("clientSecret", "s3cret");
    deepMerge(c, overrides);
    this.config = c;
    this.api = "http://127.0.0.1:" + apiPort;
    this.node = Node.start(c, SandboxVerticle::new).await(90, TimeUnit.SECONDS);
  }

  private static void deepMerge(JsonObject into, JsonObject from) {
    for (String k : from.fieldNames()) {
      Object v = from.getValue(k);
      if (v instanceof JsonObject o && into.getValue(k) instanceof JsonObject target) deepMerge(target, o);
      else into.put(k, v);
    }
  }

  public record Reply(int status, String body, HttpResponse<String> raw) {
    public JsonObject json() {
      return new JsonObject(body);
    }
  }

  public Reply send(String method, String url, String token, String contentType, HttpRequest.BodyPublisher body) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).method(method, body);
    if (token != null) b.header("Authorization", "Bearer " + token);
    if (contentType != null) b.header("Content-Type", contentType);
    try {
      HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
      return new Reply(r.statusCode(), r.body(), r);
    } catch (Exception e) {
      throw new IllegalStateException(method + " " + url + ": " + e, e);
    }
  }

  public Reply json(String method, String url, String token, JsonObject body) {
    return send(method, url, token, "application/json", body == null ? HttpRequest.BodyPublishers.noBody()
        : HttpRequest.BodyPublishers.ofString(body.encode()));
  }

  /** A signed-in user on {@code plan}; returns its access token. */
  public String user(String plan) {
    String email = "u" + UUID.randomUUID() + "@example.com";
    Reply r = json("POST", api + "/api/v1/auth/register", null, new JsonObject().put("email", email).put("password", "correct horse battery"));
    if (r.status() != 201) throw new IllegalStateException(r.body());
    sql("UPDATE users SET plan = '" + plan + "' WHERE email = '" + email + "'");
    return r.json().getString("accessToken");
  }

  /** Uploads {@code file} through the API; returns the clip JSON (status ready). */
  public JsonObject upload(String token, Path file) throws Exception {
    Reply r = send("POST", api + "/api/v1/clips?fileName=" + file.getFileName(), token, "video/mp4", HttpRequest.BodyPublishers.ofFile(file));
    if (r.status() != 201) throw new IllegalStateException(r.body());
    return r.json();
  }

  /** Creates publications; returns the created items. */
  public JsonArray publish(String token, JsonObject request) {
    Reply r = json("POST", api + "/api/v1/publications", token, request);
    if (r.status() != 201) throw new IllegalStateException(r.status() + " " + r.body());
    return r.json().getJsonArray("items");
  }

  public JsonObject publication(String token, String id) {
    return json("GET", api + "/api/v1/publications/" + id, token, null).json();
  }

  /** Polls the publication until {@code done} holds (or fails with its last state). */
  public JsonObject awaitPublication(String token, String id, Predicate<JsonObject> done, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    JsonObject p = publication(token, id);
    while (!done.test(p)) {
      if (System.nanoTime() > deadline) throw new AssertionError("publication did not get there in " + timeout + ": " + p.encodePrettily());
      Thread.sleep(50);
      p = publication(token, id);
    }
    return p;
  }

  /** The statuses the publication went through, e.g. {@code queued→publishing→published}. */
  public static String path(JsonObject publication) {
    return publication.getJsonArray("timeline").stream().map(o -> ((JsonObject) o).getString("to"))
        .reduce((a, b) -> a + "→" + b).orElse("");
  }

  public static Predicate<JsonObject> status(String... statuses) {
    return p -> java.util.Arrays.asList(statuses).contains(p.getString("status"));
  }

  /** The query parameters of {@code url}, decoded. */
  public static java.util.Map<String, String> query(String url) {
    java.util.Map<String, String> q = new java.util.HashMap<>();
    for (String kv : URI.create(url).getRawQuery().split("&")) {
      int i = kv.indexOf('=');
      q.put(kv.substring(0, i), java.net.URLDecoder.decode(kv.substring(i + 1), java.nio.charset.StandardCharsets.UTF_8));
    }
    return q;
  }

  /**
   * Connects an OAuth platform the way a frontend does: start, follow the sandbox's (auto-approving) authorize URL,
   * pass what came back to the callback. Returns the callback's reply.
   */
  public Reply connectOAuth(String token, String platform) {
    Reply started = json("POST", api + "/api/v1/connections/oauth/start", token, new JsonObject().put("platform", platform));
    if (started.status() != 201) throw new IllegalStateException(started.body());
    Reply approved = send("GET", started.json().getString("authorizeUrl"), null, null, HttpRequest.BodyPublishers.noBody());
    if (approved.status() != 302) throw new IllegalStateException("authorize answered " + approved.status() + ": " + approved.body());
    java.util.Map<String, String> back = query(approved.raw().headers().firstValue("Location").orElseThrow());
    JsonObject params = new JsonObject();
    back.forEach((k, v) -> { if (!k.equals("code") && !k.equals("state")) params.put(k, v); });
    return json("POST", api + "/api/v1/connections/oauth/callback", token, new JsonObject().put("state", back.get("state"))
        .put("code", back.get("code")).put("params", params));
  }

  /** Opens the user's Server-Sent Events stream; each event's data JSON lands in the returned queue. */
  public java.util.concurrent.BlockingQueue<JsonObject> events(String token) throws Exception {
    HttpResponse<java.io.InputStream> r = HTTP.send(HttpRequest.newBuilder(URI.create(api + "/api/v1/events"))
        .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofInputStream());
    if (r.statusCode() != 200) throw new IllegalStateException("events: " + r.statusCode());
    java.util.concurrent.BlockingQueue<JsonObject> events = new java.util.concurrent.LinkedBlockingQueue<>();
    Thread reader = new Thread(() -> {
      try (java.io.BufferedReader in = new java.io.BufferedReader(new java.io.InputStreamReader(r.body(), java.nio.charset.StandardCharsets.UTF_8))) {
        for (String line; (line = in.readLine()) != null; ) {
          if (line.startsWith("data: ")) events.add(new JsonObject(line.substring(6)));
        }
      } catch (Exception ignored) {
        // the stream ends with the test
      }
    });
    reader.setDaemon(true);
    reader.start();
    return events;
  }

  /** The sandbox ledger's posts for {@code platform}. */
  public JsonArray ledger(String platform) {
    return json("GET", sandbox + "/_sandbox/posts?platform=" + platform, null, null).json().getJsonArray("items");
  }

  public void fault(JsonObject rule) {
    Reply r = json("POST", sandbox + "/_sandbox/faults", null, rule);
    if (r.status() != 201) throw new IllegalStateException(r.body());
  }

  public void sandboxPost(String path, JsonObject body) {
    Reply r = json("POST", sandbox + path, null, body);
    if (r.status() >= 300) throw new IllegalStateException(path + ": " + r.status() + " " + r.body());
  }

  public void sql(String statement) {
    try (Connection c = jdbc(); Statement s = c.createStatement()) {
      s.execute(statement);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  public long count(String query) {
    try (Connection c = jdbc(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(query)) {
      rs.next();
      return rs.getLong(1);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private Connection jdbc() throws Exception {
    JsonObject db = config.getJsonObject("db");
    return DriverManager.getConnection(io.clipcast.db.PgPools.jdbcUrl(db), db.getString("user"), "");
  }

  public static String sha256(Path file) throws Exception {
    return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
  }

  @Override
  public void close() {
    node.stopAndWait();
  }
}
