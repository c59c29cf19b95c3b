package io.clipcast.api;

import io.clipcast.db.Migrations;
import io.clipcast.testing.TestServices;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/** A real API verticle on a fresh database and Redis key prefix, and a plain HTTP client to talk to it. */
public final class ApiFixture implements AutoCloseable {
  public final Vertx vertx = Vertx.vertx();
  public final JsonObject config;
  public final String base;
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();

  public ApiFixture() {
    this(new JsonObject());
  }

  public ApiFixture(JsonObject overrides) {
    config = TestServices.get().config();
    config.getJsonObject("auth").put("signupsPerAddress", 100_000); // tests sign up many users, all from 127.0.0.1
    config.getJsonObject("http").put("port", TestServices.freePort()).mergeIn(overrides.getJsonObject("http", new JsonObject()));
    config.getJsonObject("auth").mergeIn(overrides.getJsonObject("auth", new JsonObject()));
    java.nio.file.Path files = TestServices.get().root.resolve("api-" + UUID.randomUUID());
    config.getJsonObject("storage").put("localDir", files.resolve("clips").toString()).put("stagingDir", files.resolve("staging").toString())
        .mergeIn(overrides.getJsonObject("storage", new JsonObject()));
    config.getJsonObject("clips").mergeIn(overrides.getJsonObject("clips", new JsonObject()));
    config.getJsonObject("publications").mergeIn(overrides.getJsonObject("publications", new JsonObject()));
    if (overrides.containsKey("sandbox")) io.clipcast.config.SandboxRouting.apply(config, overrides.getString("sandbox"));
    config.getJsonObject("oauth").mergeIn(overrides.getJsonObject("oauth", new JsonObject()), true);
    Migrations.migrateBlocking(config.getJsonObject("db"));
    try {
      vertx.deployVerticle(ApiVerticle::new, new DeploymentOptions().setConfig(config)).await(60, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    base = "http://127.0.0.1:" + config.getJsonObject("http").getInteger("port");
  }

  public Response send(String method, String path, String token, String contentType, String body) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(20))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (token != null) b.header("Authorization", "Bearer " + token);
    if (contentType != null) b.header("Content-Type", contentType);
    try {
      HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
      return new Response(r.statusCode(), r.body(), r);
    } catch (Exception e) {
      throw new IllegalStateException(method + " " + path + ": " + e, e);
    }
  }

  public Response json(String method, String path, String token, JsonObject body) {
    return send(method, path, token, "application/json", body == null ? null : body.encode());
  }

  public Response get(String path, String token) {
    return send("GET", path, token, null, null);
  }

  /** Registers a user (plan set directly in the database, as billing would) and returns an access token. */
  public User user(String plan) {
    String email = "u" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
    Response r = json("POST", "/api/v1/auth/register", null, new JsonObject().put("email", email).put("password", "correct horse battery"));
    if (r.status != 201) throw new IllegalStateException(r.body);
    JsonObject b = r.json();
    String id = b.getJsonObject("user").getString("id");
    sql("UPDATE users SET plan = '" + plan + "' WHERE id = '" + id + "'");
    return new User(id, email, b.getString("accessToken"));
  }

  /**
   * Moves a publication as a publish worker would, through the lifecycle: claimed (→ publishing), then ended with
   * {@code outcome}. Tests use it instead of writing a status with SQL.
   */
  public void workerEnds(String publicationId, io.clipcast.publication.AttemptOutcome outcome) {
    var lifecycle = new io.clipcast.publication.PublicationLifecycle(io.clipcast.db.PgPools.shared(vertx, config.getJsonObject("db")),
        vertx.eventBus());
    UUID id = UUID.fromString(publicationId);
    try {
      var r = lifecycle.claim(id, "SELECT u.user_id, u.platform, u.fence FROM upd u").await(10, TimeUnit.SECONDS).iterator().next();
      lifecycle.conclude(new io.clipcast.publication.PublicationLifecycle.AttemptRef(id, r.getUUID("user_id"), r.getString("platform"),
          r.getInteger("fence")), outcome).await(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  public void sql(String statement) {
    JsonObject db = config.getJsonObject("db");
    try (Connection c = DriverManager.getConnection(io.clipcast.db.PgPools.jdbcUrl(db), db.getString("user"), "")) {
      c.createStatement().execute(statement);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  public long count(String query) {
    JsonObject db = config.getJsonObject("db");
    try (Connection c = DriverManager.getConnection(io.clipcast.db.PgPools.jdbcUrl(db), db.getString("user"), "")) {
      var rs = c.createStatement().executeQuery(query);
      rs.next();
      return rs.getLong(1);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  public record User(String id, String email, String token) {}

  /** A user with a ready clip, connected VK and Telegram accounts and an expired YouTube one (rows as the clip and connection flows leave them). */
  public record World(User user, String clip, String vk, String telegram, String expired) {}

  public World world(String plan) {
    User u = user(plan);
    String clip = UUID.randomUUID().toString();
    sql("INSERT INTO clips (id, user_id, storage_key, file_name, status, size_bytes, duration_ms, width, height)"
        + " VALUES ('" + clip + "', '" + u.id() + "', 'k/" + clip + "', 'clip.mp4', 'ready', 1000, 15000, 1080, 1920)");
    return new World(u, clip, connection(u, "vk", "connected"), connection(u, "telegram", "connected"), connection(u, "youtube", "expired"));
  }

  public String connection(User u, String platform, String status) {
    String id = UUID.randomUUID().toString();
    sql("INSERT INTO platform_connections (id, user_id, platform, external_account_id, display_name, status) VALUES ('"
        + id + "', '" + u.id() + "', '" + platform + "', '" + id + "', 'Acc', '" + status + "')");
    return id;
  }

  public record Response(int status, String body, HttpResponse<String> raw) {
    public JsonObject json() {
      return new JsonObject(body);
    }

    public String errorCode() {
      return json().getJsonObject("error").getString("code");
    }
  }

  @Override
  public void close() {
    try {
      vertx.close().await(30, TimeUnit.SECONDS);
    } catch (Exception ignored) {
      // closing a test Vert.x
    }
  }
}
