package io.clipcast.platforms.linkedin;

import io.clipcast.config.ConfigLayers;
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

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The real sandbox deployed in-process on a free port, a {@link LinkedInConnector} pointed at it, and the control API. */
final class LinkedInSandboxFixture implements AutoCloseable {
  static final String CLIENT_ID = "sandbox-linkedin-app";
  static final String CLIENT_SECRET = "sandbox-linkedin-secret";
  /** The sandbox's Community Management app (conf/dev.json's pageClientId): posts as Pages. */
  static final String PAGE_CLIENT_ID = "sandbox-linkedin-pages-app";
  static final String PAGE_CLIENT_SECRET = "sandbox-linkedin-pages-secret";
  static final String REDIRECT_URI = "http://127.0.0.1:8080/oauth/callback";
  /** Short waits so a hung sandbox fails a test in seconds and processing is polled quickly. */
  static final LinkedInTimeouts TIMEOUTS = new LinkedInTimeouts(3_000, 2_000, 3);

  final Vertx vertx = Vertx.vertx();
  final int port = TestServices.freePort();
  final String base = "http://127.0.0.1:" + port;
  final WebClient web = WebClient.create(vertx, new WebClientOptions().setFollowRedirects(false).setConnectTimeout(5000).setIdleTimeout(30));
  final LinkedInConnector connector = new LinkedInConnector(TIMEOUTS);

  LinkedInSandboxFixture() {
    vertx.deployVerticle(new SandboxVerticle(), new DeploymentOptions()
        .setConfig(new JsonObject().put("host", "127.0.0.1").put("port", port))).await();
    connector.init(vertx, settings(PlatformCatalog.shipped().rules("linkedin")));
  }

  ConnectorSettings settings(PlatformRules rules) {
    return new ConnectorSettings(Map.of("api", base + "/linkedin/api", "oauth", base + "/linkedin/oauth"), CLIENT_ID, CLIENT_SECRET,
        REDIRECT_URI, rules, ConfigLayers.fromDefaults().build().getJsonObject("oauth").getJsonObject("clients").getJsonObject("linkedin")
        .put("clientId", CLIENT_ID).put("clientSecret", CLIENT_SECRET).put("pageClientId", PAGE_CLIENT_ID).put("pageClientSecret", PAGE_CLIENT_SECRET));
  }

  /** A control-API POST that must succeed. */
  JsonObject control(String path, JsonObject body) {
    HttpResponse<Buffer> r = web.postAbs(base + path).sendJsonObject(body).await();
    if (r.statusCode() >= 300) throw new AssertionError(path + " → " + r.statusCode() + " " + r.bodyAsString());
    return r.body() == null || r.body().length() == 0 ? new JsonObject() : r.bodyAsJsonObject();
  }

  void fault(JsonObject rule) {
    control("/_sandbox/faults", rule.put("platform", "linkedin"));
  }

  void clear() {
    web.deleteAbs(base + "/_sandbox/faults").send().await();
    web.deleteAbs(base + "/_sandbox/posts").send().await();
  }

  List<JsonObject> ledger() {
    JsonArray items = web.getAbs(base + "/_sandbox/posts?platform=linkedin").send().await().bodyAsJsonObject().getJsonArray("items");
    return items.stream().map(o -> (JsonObject) o).toList();
  }

  /** The sandbox's view of an upload: parts with how often each was taken. */
  JsonObject upload(String videoUrn) {
    return web.getAbs(base + "/linkedin/_sandbox/videos/" + URLEncoder.encode(videoUrn, StandardCharsets.UTF_8)).send().await().bodyAsJsonObject();
  }

  /** A member connected through the member app, with sandbox-issued tokens (for tests that are not about OAuth). */
  ConnectedAccount account(String memberId) {
    JsonObject t = control("/linkedin/_sandbox/tokens", new JsonObject().put("memberId", memberId).put("clientId", CLIENT_ID));
    return new ConnectedAccount(memberId, "Member " + memberId, null, t.getString("access_token"), t.getString("refresh_token"),
        Instant.now().plusSeconds(t.getLong("expires_in")), List.of(t.getString("scope").split(",")),
        new JsonObject().put("app", "member").put("memberUrn", "urn:li:person:" + memberId));
  }

  /** The same member's Pages, connected through the Page (Community Management) app. */
  ConnectedAccount pageAccount(String memberId) {
    JsonObject t = control("/linkedin/_sandbox/tokens", new JsonObject().put("memberId", memberId).put("clientId", PAGE_CLIENT_ID));
    return new ConnectedAccount("page:" + memberId, "Pages of " + memberId, null, t.getString("access_token"), t.getString("refresh_token"),
        Instant.now().plusSeconds(t.getLong("expires_in")), List.of(t.getString("scope").split(",")),
        new JsonObject().put("app", "page").put("memberUrn", "urn:li:person:" + memberId));
  }

  HttpResponse<Buffer> get(String absoluteUrl) {
    return web.getAbs(absoluteUrl).send().await();
  }

  @Override
  public void close() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
  }
}
