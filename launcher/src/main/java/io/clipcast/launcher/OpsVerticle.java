package io.clipcast.launcher;

import io.clipcast.ops.AccessLog;
import io.clipcast.ops.OpsRoutes;
import io.clipcast.ops.ReadinessProbe;
import io.clipcast.ops.RequestIds;
import io.clipcast.web.RouterErrors;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;

/**
 * A small HTTP server with only {@code /health}, {@code /ready}, {@code /metrics}, {@code /cluster}, for
 * nodes that run no API (publish, scheduler, stats nodes) so they can still be probed and scraped.
 */
public class OpsVerticle extends VerticleBase {
  private ReadinessProbe probe;
  private HttpServer server;

  @Override
  public Future<?> start() {
    JsonObject ops = config().getJsonObject("ops");
    probe = ReadinessProbe.fromConfig(vertx, config());
    Router router = Router.router(vertx);
    router.route().handler(new RequestIds()).handler(new AccessLog());
    new OpsRoutes(vertx, probe, config()).mount(router);
    RouterErrors.install(router);
    server = vertx.createHttpServer();
    return server.requestHandler(router).listen(ops.getInteger("port"), ops.getString("host"));
  }

  public int actualPort() {
    return server.actualPort();
  }

  @Override
  public Future<?> stop() {
    return probe.close();
  }
}
