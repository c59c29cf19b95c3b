package io.clipcast.api;

import io.clipcast.ops.OpsRoutes;
import io.clipcast.ops.ReadinessProbe;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;

/**
 * The HTTP API of a node: the REST surface under {@code /api/v1} plus the operational endpoints. Any number
 * of instances share the configured port (Vert.x spreads connections across them).
 */
public class ApiVerticle extends VerticleBase {
  private ReadinessProbe probe;

  @Override
  public Future<?> start() {
    JsonObject http = config().getJsonObject("http");
    probe = ReadinessProbe.fromConfig(vertx, config());

    Router router = OpsRoutes.baseRouter(vertx, probe, config());
    router.get("/api/v1").handler(ctx -> ctx.json(new JsonObject()
        .put("name", "clipcast")
        .put("version", ApiVerticle.class.getPackage().getImplementationVersion())));

    HttpServer server = vertx.createHttpServer(new HttpServerOptions().setHost(http.getString("host")).setPort(http.getInteger("port")));
    return server.requestHandler(router).listen();
  }


  @Override
  public Future<?> stop() {
    return probe.close();
  }
}
