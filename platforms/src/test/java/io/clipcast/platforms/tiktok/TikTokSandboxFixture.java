package io.clipcast.platforms.tiktok;

import io.clipcast.platforms.ConnectedAccount;
import io.clipcast.platforms.ConnectorSettings;
import io.clipcast.platforms.catalog.PlatformCatalog;
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
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The real sandbox in-process on a free port, TikTok connectors pointed at it, and its control API. */
final class TikTokSandboxFixture implements AutoCloseable {
  static final String CLIENT_KEY = "sbawclipcastdev0001";
  static final String SECRET = "sandbox-tiktok-secret";
  static final String REDIRECT_URI = "http://127.0.0.1:8080/oauth/callback";
  /** Short timeouts and rechecks so a hung sandbox fails a test in seconds. */
  static final TikTokTimeouts FAST = new TikTokTimeouts(3_000, 3_000, 3);

  final Vertx vertx = Vertx.vertx();
  final int port = TestServices.freePort();
  final String base = "http://127.0.0.1:" + port;
  final WebClient web = WebClient.create(vertx, new WebClientOptions().setFollowRedirects(false).setConnectTimeout(5000).setIdleTimeout(30));

  TikTokSandboxFixture() {
    vertx.deployVerticle(new SandboxVerticle(), new DeploymentOptions()
        .setConfig(new JsonObject().put("host", "127.0.0.1").put("port", port))).await();
  }

  /** A connector with {@code client} as its {@code oauth.clients.tiktok} block (audited, route, blotatoApiKey). */
  TikTokConnector connector(JsonObject client) {
    TikTokConnector c = new TikTokConnector(FAST);
    c.init(vertx, new ConnectorSettings(Map.of("api", base + "/tiktok/api", "oauth", base + "/tiktok/oauth", "blotato", base + "/tiktok/blotato"),
        CLIENT_KEY, SECRET, REDIRECT_URI, PlatformCatalog.shipped().rules("tiktok"), client));
    return c;
  }

  JsonObject control(String path, JsonObject body) {
    HttpResponse<Buffer> r = web.postAbs(base + path).sendJsonObject(body).await();
    if (r.statusCode() >= 300) throw new AssertionError(path + " → " + r.statusCode() + " " + r.bodyAsString());
    return r.body() == null || r.body().length() == 0 ? new JsonObject() : r.bodyAsJsonObject();
  }

  void fault(JsonObject rule) {
    control("/_sandbox/faults", rule.put("platform", rule.getString("platform", "tiktok")));
  }

  void clear() {
    web.deleteAbs(base + "/_sandbox/faults").send().await();
    web.deleteAbs(base + "/_sandbox/posts").send().await();
  }

  List<JsonObject> ledger(String account) {
    JsonArray items = web.getAbs(base + "/_sandbox/posts?platform=tiktok").send().await().bodyAsJsonObject().getJsonArray("items");
    return items.stream().map(o -> (JsonObject) o).filter(p -> account == null || account.equals(p.getString("account"))).toList();
  }

  /** A creator with sandbox-issued tokens (tests that are not about OAuth). */
  ConnectedAccount account(JsonObject creator) {
    JsonObject t = control("/tiktok/_sandbox/tokens", new JsonObject().put("creator", creator).put("clientKey", CLIENT_KEY));
    return new ConnectedAccount(t.getString("open_id"), "Creator", null, t.getString("access_token"), t.getString("refresh_token"),
        Instant.now().plusSeconds(t.getLong("expires_in")), Arrays.asList(t.getString("scope").split(",")),
        new JsonObject().put("openId", t.getString("open_id")).put("username", creator.getString("username")));
  }

  HttpResponse<Buffer> get(String absoluteUrl) {
    return web.getAbs(absoluteUrl).send().await();
  }

  @Override
  public void close() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
  }
}
