package io.clipcast.api;

import io.clipcast.ops.AccessLog;
import io.clipcast.ops.OpsRoutes;
import io.clipcast.ops.ReadinessProbe;
import io.clipcast.ops.RequestIds;
import io.clipcast.web.RouterErrors;
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
  private HttpServer server;

  @Override
  public Future<?> start() {
    JsonObject http = config().getJsonObject("http");
    probe = ReadinessProbe.fromConfig(vertx, config());

    Router router = Router.router(vertx);
    router.route().handler(new RequestIds()).handler(new AccessLog());
    new OpsRoutes(vertx, probe, config()).mount(router);
    router.get("/api/v1").handler(ctx -> ctx.json(new JsonObject()
        .put("name", "clipcast")
        .put("version", ApiVerticle.class.getPackage().getImplementationVersion())));
    RouterErrors.install(router);

    server = vertx.createHttpServer(new HttpServerOptions().setHost(http.getString("host")).setPort(http.getInteger("port")));
    return server.requestHandler(router).listen();
  }

  /** The port actually bound (differs from config when it was 0). */
  public int actualPort() {
    return server.actualPort();
  }

  @Override
  public Future<?> stop() {
    return probe.close();
  }
}
