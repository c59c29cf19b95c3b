package io.clipcast.platforms.vk;

import io.clipcast.platforms.ConnectedAccount;
import io.clipcast.platforms.ConnectorSettings;
import io.clipcast.platforms.catalog.PlatformCatalog;
import io.clipcast.sandbox.SandboxVerticle;
import io.clipcast.testing.TestServices;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.MultiMap;
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

/**
 * The real sandbox deployed in-process on a free port, a {@link VkConnector} pointed at it (configured with
 * {@code client}, the deployment's {@code oauth.clients.vk} block: its route), and the control API.
 */
final class VkSandboxFixture implements AutoCloseable {
  static final String CLIENT_ID = "51000001";
  static final String REDIRECT_URI = "http://127.0.0.1:8080/oauth/callback";

  final Vertx vertx = Vertx.vertx();
  final int port = TestServices.freePort();
  final String base = "http://127.0.0.1:" + port;
  final WebClient web = WebClient.create(vertx, new WebClientOptions().setFollowRedirects(false).setConnectTimeout(5000).setIdleTimeout(30));
  /** Short timeouts so a hung sandbox fails a test in seconds. */
  final VkConnector connector = new VkConnector(new VkTimeouts(3_000, 2_000, 3));

  /** The default route ({@code videoWallpost}). */
  VkSandboxFixture() {
    this(new JsonObject());
  }

  VkSandboxFixture(JsonObject client) {
    vertx.deployVerticle(new SandboxVerticle(), new DeploymentOptions()
        .setConfig(new JsonObject().put("host", "127.0.0.1").put("port", port))).await();
    connector.init(vertx, settings(client));
  }

  /** What the node hands a VK connector pointed at this sandbox, with {@code client} as {@code oauth.clients.vk}. */
  ConnectorSettings settings(JsonObject client) {
    return new ConnectorSettings(Map.of("api", base + "/vk/api", "id", base + "/vk/id"), CLIENT_ID, "sandbox-vk-secret",
        REDIRECT_URI, PlatformCatalog.shipped().rules("vk"), client);
  }

  /** A fixture whose connector takes the {@code wallPost} route (video.save, upload, wall.post). */
  static VkSandboxFixture wallPost() {
    return new VkSandboxFixture(new JsonObject().put("route", "wallPost"));
  }

  /** A control-API POST that must succeed. */
  JsonObject control(String path, JsonObject body) {
    HttpResponse<Buffer> r = web.postAbs(base + path).sendJsonObject(body).await();
    if (r.statusCode() >= 300) throw new AssertionError(path + " → " + r.statusCode() + " " + r.bodyAsString());
    return r.body() == null || r.body().length() == 0 ? new JsonObject() : r.bodyAsJsonObject();
  }

  void fault(JsonObject rule) {
    control("/_sandbox/faults", rule.put("platform", "vk"));
  }

  void clear() {
    web.deleteAbs(base + "/_sandbox/faults").send().await();
    web.deleteAbs(base + "/_sandbox/posts").send().await();
  }

  List<JsonObject> ledger() {
    JsonArray items = web.getAbs(base + "/_sandbox/posts?platform=vk").send().await().bodyAsJsonObject().getJsonArray("items");
    return items.stream().map(o -> (JsonObject) o).toList();
  }

  /** A connected account for {@code userId} with sandbox-issued tokens (for tests that are not about OAuth). */
  ConnectedAccount account(long userId) {
    return account(userId, CLIENT_ID);
  }

  /** The same for a token issued to the VK app {@code clientId} (one the sandbox may not have approved). */
  ConnectedAccount account(long userId, String clientId) {
    return account(userId, clientId, "vkid.personal_info wall video");
  }

  /** The same with the rights VK ID put in the token ({@code scope}). */
  ConnectedAccount account(long userId, String clientId, String scope) {
    JsonObject t = control("/vk/_sandbox/tokens", new JsonObject().put("userId", userId).put("clientId", clientId).put("scope", scope));
    return new ConnectedAccount(Long.toString(userId), "User " + userId, null, t.getString("access_token"), t.getString("refresh_token"),
        Instant.now().plusSeconds(t.getLong("expires_in")), List.of(t.getString("scope").split(" ")),
        new JsonObject().put("deviceId", t.getString("device_id")).put("userId", Long.toString(userId)));
  }

  HttpResponse<Buffer> get(String absoluteUrl) {
    return web.getAbs(absoluteUrl).send().await();
  }

  HttpResponse<Buffer> postForm(String absoluteUrl, MultiMap form) {
    return web.postAbs(absoluteUrl).sendForm(form).await();
  }

  @Override
  public void close() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
  }
}
