package io.clipcast.platforms.youtube;

import io.clipcast.platforms.ConnectedAccount;
import io.clipcast.platforms.ConnectorSettings;
import io.clipcast.platforms.catalog.PlatformCatalog;
import io.clipcast.platforms.catalog.PlatformRules;
import io.clipcast.sandbox.SandboxVerticle;
import io.clipcast.testing.TestServices;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The real sandbox deployed in-process on a free port, a {@link YouTubeConnector} pointed at it (256 KiB chunks so a
 * small file takes several, fast processing polls, no resumes within an attempt unless a test asks), and the control API.
 */
final class YouTubeSandboxFixture implements AutoCloseable {
  static final String CLIENT_ID = "300000000003-connectortest.apps.googleusercontent.com";
  static final String CLIENT_SECRET = "GOCSPX-connector-test";
  static final String REDIRECT_URI = "http://127.0.0.1:8080/oauth/callback";

  final Vertx vertx = Vertx.vertx();
  final int port = TestServices.freePort();
  final String base = "http://127.0.0.1:" + port;
  final WebClient web = WebClient.create(vertx, new WebClientOptions().setFollowRedirects(false).setConnectTimeout(5000).setIdleTimeout(30));
  final YouTubeConnector connector;

  /** A fixture whose connector has the catalog's youtube rules as changed by {@code rules}. */
  YouTubeSandboxFixture(Consumer<JsonObject> rules) {
    vertx.deployVerticle(new SandboxVerticle(), new DeploymentOptions()
        .setConfig(new JsonObject().put("host", "127.0.0.1").put("port", port))).await();
    control("/youtube/_sandbox/clients", new JsonObject().put("clientId", CLIENT_ID).put("clientSecret", CLIENT_SECRET)
        .put("redirectUris", new JsonArray().add(REDIRECT_URI)).put("audited", true));
    connector = connector(rules);
  }

  /** Another connector on the same sandbox, with other rules (e.g. the other quota model). */
  YouTubeConnector connector(Consumer<JsonObject> rules) {
    return connector(rules, true);
  }

  /** A connector whose deployment says {@code oauth.clients.youtube.audited} = {@code audited}. */
  YouTubeConnector connector(Consumer<JsonObject> rules, boolean audited) {
    PlatformRules r = PlatformCatalog.shipped().variant("youtube", json -> {
      json.getJsonObject("upload").put("chunkBytes", 262_144)
          .put("resumesPerAttempt", 0);   // an attempt that fails stays failed, as when its worker dies; tests opt in to resumes
      rules.accept(json);
    });
    YouTubeConnector c = new YouTubeConnector(new YouTubeTimeouts(3_000, 3_000, 3));
    c.init(vertx, new ConnectorSettings(Map.of("api", base + "/youtube/api", "oauth", base + "/youtube/oauth", "token",
        base + "/youtube/token"), CLIENT_ID, CLIENT_SECRET, REDIRECT_URI, r, new JsonObject().put("audited", audited)));
    return c;
  }

  /** A control-API POST that must succeed. */
  JsonObject control(String path, JsonObject body) {
    HttpResponse<Buffer> r = web.postAbs(base + path).sendJsonObject(body).await();
    if (r.statusCode() >= 300) throw new AssertionError(path + " → " + r.statusCode() + " " + r.bodyAsString());
    return r.body() == null || r.body().length() == 0 ? new JsonObject() : r.bodyAsJsonObject();
  }

  /** Whether the simulated Google project of {@link #CLIENT_ID} passed YouTube's audit. */
  void audited(boolean passed) {
    control("/youtube/_sandbox/projects", new JsonObject().put("clientId", CLIENT_ID).put("audited", passed));
  }

  void fault(JsonObject rule) {
    control("/_sandbox/faults", rule.put("platform", "youtube"));
  }

  void clear() {
    web.deleteAbs(base + "/_sandbox/faults").send().await();
    web.deleteAbs(base + "/_sandbox/posts").send().await();
    web.deleteAbs(base + "/youtube/_sandbox/quota").send().await();
  }

  List<JsonObject> ledger() {
    JsonArray items = web.getAbs(base + "/_sandbox/posts?platform=youtube").send().await().bodyAsJsonObject().getJsonArray("items");
    return items.stream().map(o -> (JsonObject) o).toList();
  }

  /** Inserts YouTube counted for our project today (session starts). */
  long insertsToday() {
    JsonObject p = web.getAbs(base + "/youtube/_sandbox/quota").send().await().bodyAsJsonObject().getJsonObject("projects")
        .getJsonObject(CLIENT_ID);
    return p == null ? 0 : p.getLong("inserts");
  }

  /** A connected channel with sandbox-issued tokens (for tests that are not about OAuth). */
  ConnectedAccount account(String channelId) {
    JsonObject t = control("/youtube/_sandbox/tokens", new JsonObject().put("clientId", CLIENT_ID)
        .put("channel", new JsonObject().put("id", channelId).put("title", "Channel " + channelId)));
    return new ConnectedAccount(channelId, "Channel " + channelId, null, t.getString("access_token"), t.getString("refresh_token"),
        Instant.now().plusSeconds(t.getLong("expires_in")), List.of(t.getString("scope").split(" ")),
        new JsonObject().put("channelId", channelId));
  }

  HttpResponse<Buffer> get(String absoluteUrl) {
    return web.getAbs(absoluteUrl).send().await();
  }

  @Override
  public void close() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
  }
}
