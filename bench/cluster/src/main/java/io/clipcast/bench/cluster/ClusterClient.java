package io.clipcast.bench.cluster;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Drives a {@link ProcessCluster} the way a frontend and an operator would: users over the API, platform accounts
 * connected through the sandbox's OAuth (auto-approved) or a Telegram bot, clips uploaded, publications created and
 * read; the sandbox's control API and ledger; SQL for what only the database can say. The HTTP steps are the ones of
 * launcher/src/test/java/io/clipcast/e2e/PublishWorld.java.
 */
public final class ClusterClient {
  /** The platforms {@link #connect} knows how to connect. */
  public static final List<String> PLATFORMS = List.of("vk", "telegram", "youtube", "tiktok");

  private static final AtomicLong ACCOUNTS = new AtomicLong(ProcessHandle.current().pid() % 10_000 * 100_000);
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5)).build();
  private final ProcessCluster cluster;
  /** One OAuth connect at a time per platform: the sandbox's auto-approve names the next account for the whole platform. */
  private final Map<String, Object> connectLocks = new HashMap<>();

  ClusterClient(ProcessCluster cluster) {
    this.cluster = cluster;
    PLATFORMS.forEach(p -> connectLocks.put(p, new Object()));
  }

  public record Reply(int status, String body, HttpResponse<String> raw) {
    public JsonObject json() {
      return new JsonObject(body);
    }
  }

  /** A signed-in user and the connections made for them. */
  public record User(String email, String token, Map<String, String> connections) {}

  // ---- HTTP ----

  public Reply send(String method, String url, String token, String contentType, HttpRequest.BodyPublisher body) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60)).method(method, body);
    if (token != null) b.header("Authorization", "Bearer " + token);
    if (contentType != null) b.header("Content-Type", contentType);
    try {
      HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
      return new Reply(r.statusCode(), r.body(), r);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(method + " " + url + ": interrupted", e);
    } catch (Exception e) {
      throw new IllegalStateException(method + " " + url + ": " + e, e);
    }
  }

  public Reply json(String method, String url, String token, JsonObject body) {
    return send(method, url, token, "application/json", body == null ? HttpRequest.BodyPublishers.noBody()
        : HttpRequest.BodyPublishers.ofString(body.encode()));
  }

  // ---- users, accounts, clips, publications (the API) ----

  /** Registers a user and puts them on {@code plan} (e.g. "pro"). */
  public User user(String plan) {
    String email = "u" + UUID.randomUUID() + "@example.com";
    Reply r = json("POST", cluster.apiBase() + "/api/v1/auth/register", null,
        new JsonObject().put("email", email).put("password", "correct horse battery"));
    if (r.status() != 201) throw new IllegalStateException("register: " + r.status() + " " + r.body());
    sql("UPDATE users SET plan = '" + plan + "' WHERE email = '" + email + "'");
    return new User(email, r.json().getString("accessToken"), new java.util.concurrent.ConcurrentHashMap<>());
  }

  /** Connects a new account on {@code platform} (one of {@link #PLATFORMS}) for {@code user}; returns the connection id. */
  public String connect(User user, String platform) {
    long n = ACCOUNTS.incrementAndGet();
    String id = switch (platform) {
      case "telegram" -> connectTelegram(user, n);
      case "vk" -> connectOAuth(user, "vk", "/vk/_sandbox/oauth", new JsonObject().put("autoApprove", true)
          .put("user", new JsonObject().put("id", 10_000_000L + n).put("firstName", "Bench").put("lastName", "User" + n)));
      case "youtube" -> connectOAuth(user, "youtube", "/youtube/_sandbox/oauth", new JsonObject().put("autoApprove", true)
          .put("channel", new JsonObject().put("id", "UCbench" + String.format("%017d", n)).put("title", "Bench " + n)));
      case "tiktok" -> connectOAuth(user, "tiktok", "/tiktok/_sandbox/oauth", new JsonObject().put("autoApprove", true)
          .put("creator", new JsonObject().put("open_id", "-000bench" + n).put("username", "bench.creator" + n)
              .put("display_name", "Bench " + n)));
      default -> throw new IllegalArgumentException("cannot connect " + platform + "; known: " + PLATFORMS);
    };
    user.connections().put(platform, id);
    return id;
  }

  private String connectOAuth(User user, String platform, String seedPath, JsonObject seed) {
    synchronized (connectLocks.get(platform)) {
      sandboxPost(seedPath, seed);
      Reply started = json("POST", cluster.apiBase() + "/api/v1/connections/oauth/start", user.token(), new JsonObject().put("platform", platform));
      if (started.status() != 201) throw new IllegalStateException(platform + " oauth/start: " + started.status() + " " + started.body());
      Reply approved = send("GET", started.json().getString("authorizeUrl"), null, null, HttpRequest.BodyPublishers.noBody());
      if (approved.status() != 302) throw new IllegalStateException(platform + " authorize answered " + approved.status() + ": " + approved.body());
      Map<String, String> back = query(approved.raw().headers().firstValue("Location").orElseThrow());
      JsonObject params = new JsonObject();
      back.forEach((k, v) -> { if (!k.equals("code") && !k.equals("state")) params.put(k, v); });
      Reply done = json("POST", cluster.apiBase() + "/api/v1/connections/oauth/callback", user.token(), new JsonObject()
          .put("state", back.get("state")).put("code", back.get("code")).put("params", params));
      if (done.status() != 201) throw new IllegalStateException(platform + " oauth/callback: " + done.status() + " " + done.body());
      return done.json().getString("id");
    }
  }

  private String connectTelegram(User user, long n) {
    long botId = 600_000_000L + n;
    String bot = botId + ":AAB" + Long.toString(n, 36) + "benchxxxxxxxxxxxxxxxxxxxxxxxxx";
    String channel = "benchchan" + n;
    sandboxPost("/telegram/_sandbox/bots", new JsonObject().put("token", bot).put("id", botId).put("username", "benchbot" + n));
    sandboxPost("/telegram/_sandbox/chats", new JsonObject().put("id", -1_000_000_000_000L - n).put("title", "Bench " + n)
        .put("username", channel).put("admins", new JsonObject().put(Long.toString(botId), "administrator")));
    Reply r = json("POST", cluster.apiBase() + "/api/v1/connections", user.token(), new JsonObject().put("platform", "telegram")
        .put("credentials", new JsonObject().put("botToken", bot).put("chat", "@" + channel)));
    if (r.status() != 201) throw new IllegalStateException("telegram connect: " + r.status() + " " + r.body());
    return r.json().getString("id");
  }

  /** Uploads {@code file} through the API; returns the clip JSON. */
  public JsonObject upload(User user, Path file) {
    try {
      Reply r = send("POST", cluster.apiBase() + "/api/v1/clips?fileName=" + file.getFileName(), user.token(), "video/mp4",
          HttpRequest.BodyPublishers.ofFile(file));
      if (r.status() != 201) throw new IllegalStateException("upload: " + r.status() + " " + r.body());
      return r.json();
    } catch (java.io.FileNotFoundException e) {
      throw new IllegalStateException(e);
    }
  }

  /** POST /api/v1/publications; returns the reply (201 with {@code items} when created). */
  public Reply publish(User user, JsonObject request) {
    return json("POST", cluster.apiBase() + "/api/v1/publications", user.token(), request);
  }

  /** One target for {@link #publish}: the connection of {@code platform}, a caption, and a title where the platform takes one. */
  public static JsonObject target(User user, String platform, String caption) {
    JsonObject t = new JsonObject().put("connectionId", user.connections().get(platform)).put("caption", caption);
    if (platform.equals("youtube") || platform.equals("vk")) t.put("title", caption.length() > 90 ? caption.substring(0, 90) : caption);
    return t;
  }

  public JsonObject publication(User user, String id) {
    return json("GET", cluster.apiBase() + "/api/v1/publications/" + id, user.token(), null).json();
  }

  /** The cluster members the API node sees ({@code GET /cluster} on its ops port): each has nodeId, pid, reachable. */
  public JsonArray clusterNodes() {
    Reply r = json("GET", "http://127.0.0.1:" + cluster.apiNode().opsPort() + "/cluster", null, null);
    if (r.status() != 200) throw new IllegalStateException("/cluster: " + r.status() + " " + r.body());
    return r.json().getJsonArray("nodes");
  }

  // ---- the sandbox ----

  /** POST to the sandbox's control API; fails on any status of 300 or more. */
  public JsonObject sandboxPost(String path, JsonObject body) {
    Reply r = json("POST", cluster.sandboxBase() + path, null, body);
    if (r.status() >= 300) throw new IllegalStateException(path + ": " + r.status() + " " + r.body());
    return r.body().isEmpty() ? new JsonObject() : r.json();
  }

  public JsonObject sandboxGet(String path) {
    Reply r = json("GET", cluster.sandboxBase() + path, null, null);
    if (r.status() >= 300) throw new IllegalStateException(path + ": " + r.status() + " " + r.body());
    return r.json();
  }

  /** The sandbox ledger's posts for {@code platform} ({@code GET /_sandbox/posts}). */
  public JsonArray ledger(String platform) {
    return sandboxGet("/_sandbox/posts?platform=" + platform).getJsonArray("items");
  }

  // ---- SQL ----

  public void sql(String statement) {
    try (Connection c = jdbc(); Statement s = c.createStatement()) {
      s.execute(statement);
    } catch (SQLException e) {
      throw new IllegalStateException(statement + ": " + e.getMessage(), e);
    }
  }

  public long count(String query) {
    List<Map<String, Object>> rows = rows(query);
    return rows.isEmpty() ? 0 : ((Number) rows.get(0).values().iterator().next()).longValue();
  }

  /** Every row of {@code query}, column label → value. */
  public List<Map<String, Object>> rows(String query) {
    try (Connection c = jdbc(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(query)) {
      List<Map<String, Object>> out = new ArrayList<>();
      int columns = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        Map<String, Object> row = new java.util.LinkedHashMap<>();
        for (int i = 1; i <= columns; i++) row.put(rs.getMetaData().getColumnLabel(i), rs.getObject(i));
        out.add(row);
      }
      return out;
    } catch (SQLException e) {
      throw new IllegalStateException(query + ": " + e.getMessage(), e);
    }
  }

  private Connection jdbc() throws SQLException {
    return DriverManager.getConnection(cluster.jdbcUrl(), "clipcast", "");
  }

  static Map<String, String> query(String url) {
    Map<String, String> q = new HashMap<>();
    String raw = URI.create(url).getRawQuery();
    if (raw == null) return q;
    for (String kv : raw.split("&")) {
      int i = kv.indexOf('=');
      if (i > 0) q.put(kv.substring(0, i), URLDecoder.decode(kv.substring(i + 1), StandardCharsets.UTF_8));
    }
    return q;
  }
}
