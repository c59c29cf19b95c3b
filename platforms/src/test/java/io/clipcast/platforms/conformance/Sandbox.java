package io.clipcast.platforms.conformance;

import io.clipcast.sandbox.SandboxVerticle;
import io.clipcast.testing.TestServices;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;

import java.util.List;
import java.util.concurrent.TimeUnit;

/** The real sandbox in-process on a free port and its control API, for fixtures whose platform tests have no fixture class. */
public final class Sandbox implements AutoCloseable {
  public final Vertx vertx = Vertx.vertx();
  public final String base;
  private final WebClient web = WebClient.create(vertx);

  public Sandbox() {
    int port = TestServices.freePort();
    vertx.deployVerticle(new SandboxVerticle(), new DeploymentOptions().setConfig(new JsonObject().put("host", "127.0.0.1").put("port", port)))
        .await();
    base = "http://127.0.0.1:" + port;
  }

  /** A control-API POST that must succeed. */
  public JsonObject control(String path, JsonObject body) {
    HttpResponse<Buffer> r = web.postAbs(base + path).sendJsonObject(body).await();
    if (r.statusCode() >= 300) throw new AssertionError(path + " → " + r.statusCode() + " " + r.bodyAsString());
    return r.body() == null || r.body().length() == 0 ? new JsonObject() : r.bodyAsJsonObject();
  }

  public void fault(String platform, JsonObject rule) {
    control("/_sandbox/faults", rule.put("platform", platform));
  }

  /** Empties the faults and the ledger. */
  public void clear() {
    web.deleteAbs(base + "/_sandbox/faults").send().await();
    web.deleteAbs(base + "/_sandbox/posts").send().await();
  }

  public List<JsonObject> posts(String platform, String account) {
    return web.getAbs(base + "/_sandbox/posts?platform=" + platform).send().await().bodyAsJsonObject().getJsonArray("items").stream()
        .map(o -> (JsonObject) o).filter(p -> account.equals(p.getString("account"))).toList();
  }

  @Override
  public void close() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
  }
}
