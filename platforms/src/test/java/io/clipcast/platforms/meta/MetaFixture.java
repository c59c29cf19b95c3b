package io.clipcast.platforms.meta;

import io.clipcast.platforms.ConnectorSettings;
import io.clipcast.platforms.OAuthCallback;
import io.clipcast.platforms.PlatformConnector;
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

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The real sandbox deployed in-process on a free port, one Meta connector pointed at it (api, oauth and upload
 * endpoints under {@code /<platform>/…}, the simulator's pre-registered app), and the control API.
 */
public final class MetaFixture implements AutoCloseable {
  public static final String REDIRECT_URI = "http://127.0.0.1:8080/oauth/callback";
  /** Fast polling so processing is really polled but tests take hundreds of ms. */
  public static final MetaTimeouts FAST = new MetaTimeouts(3_000, 3_000, 3, 50, 200, 3_000);

  public final Vertx vertx = Vertx.vertx();
  public final int port = TestServices.freePort();
  public final String base = "http://127.0.0.1:" + port;
  public final String platform;
  public final WebClient web = WebClient.create(vertx, new WebClientOptions().setFollowRedirects(false).setConnectTimeout(5000).setIdleTimeout(30));

  public MetaFixture(String platform, PlatformConnector connector, String clientId, String clientSecret) {
    this.platform = platform;
    vertx.deployVerticle(new SandboxVerticle(), new DeploymentOptions()
        .setConfig(new JsonObject().put("host", "127.0.0.1").put("port", port))).await();
    String p = base + "/" + platform;
    connector.init(vertx, new ConnectorSettings(Map.of("api", p + "/api", "oauth", p + "/oauth", "upload", p + "/upload"), clientId,
        clientSecret, REDIRECT_URI, PlatformCatalog.shipped().rules(platform)));
  }

  /** A control-API POST under {@code /<platform>/_sandbox} (or an absolute sandbox path) that must succeed. */
  public JsonObject control(String path, JsonObject body) {
    String url = base + (path.startsWith("/_sandbox/") ? "" : "/" + platform + "/_sandbox") + path;
    HttpResponse<Buffer> r = web.postAbs(url).sendJsonObject(body).await();
    if (r.statusCode() >= 300) throw new AssertionError(path + " → " + r.statusCode() + " " + r.bodyAsString());
    return r.body() == null || r.body().length() == 0 ? new JsonObject() : r.bodyAsJsonObject();
  }

  public void fault(JsonObject rule) {
    control("/_sandbox/faults", rule.put("platform", platform));
  }

  public void clear() {
    web.deleteAbs(base + "/_sandbox/faults").send().await();
    web.deleteAbs(base + "/_sandbox/posts").send().await();
  }

  public List<JsonObject> ledger() {
    JsonArray items = web.getAbs(base + "/_sandbox/posts?platform=" + platform).send().await().bodyAsJsonObject().getJsonArray("items");
    return items.stream().map(o -> (JsonObject) o).toList();
  }

  public List<JsonObject> ledgerOf(String account) {
    return ledger().stream().filter(p -> account.equals(p.getString("account"))).toList();
  }

  /** Seeds {@code user} and makes the dialog auto-approve as them, granting {@code grantPages} (null = all). */
  public void signInAs(JsonObject user, JsonArray grantPages) {
    control("/users", user);
    control("/oauth", new JsonObject().put("autoApprove", true).put("userId", user.getString("id")).put("grantPages", grantPages));
  }

  /** Opens the connector's dialog URL (auto-approving) and returns the callback the browser would bring back. */
  public OAuthCallback callback(String authorizeUrl, JsonObject extraParams) {
    HttpResponse<Buffer> r = web.getAbs(authorizeUrl).send().await();
    if (r.statusCode() != 302) throw new AssertionError("dialog answered " + r.statusCode() + ": " + r.bodyAsString());
    String query = URI.create(r.getHeader("Location")).getRawQuery();
    JsonObject q = new JsonObject();
    for (String kv : query.split("&")) {
      int i = kv.indexOf('=');
      q.put(kv.substring(0, i), URLDecoder.decode(kv.substring(i + 1), StandardCharsets.UTF_8));
    }
    JsonObject params = extraParams == null ? new JsonObject() : extraParams.copy();
    return new OAuthCallback(q.getString("code"), null, q.getString("state"), params);
  }

  /** A long-lived user token and its Page tokens ({@code pages: {pageId: token}}) for a seeded user. */
  public JsonObject tokens(String userId, String clientId) {
    return control("/tokens", new JsonObject().put("userId", userId).put("clientId", clientId));
  }

  @Override
  public void close() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
  }
}
