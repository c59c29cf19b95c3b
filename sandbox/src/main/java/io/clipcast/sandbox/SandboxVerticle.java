package io.clipcast.sandbox;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.clipcast.sandbox.telegram.TelegramSimulator;
import io.vertx.ext.web.Router;

/**
 * The platform sandbox: one HTTP server that will host a simulator per platform under its own path prefix
 * ({@code /vk}, {@code /telegram}, …). So far: Telegram's credential checks; the other simulators, fault injection and
 * the upload ledger arrive with the publishing issues.
 *
 * <p>Config is the {@code sandbox} block alone ({@code host}, {@code port}): the sandbox plays the outside
 * world and shares no code with the rest of Clipcast.
 */
public class SandboxVerticle extends VerticleBase {

  @Override
  public Future<?> start() {
    Router router = Router.router(vertx);
    router.get("/health").handler(ctx -> ctx.json(new JsonObject().put("status", "up")
        .put("simulators", new io.vertx.core.json.JsonArray().add("telegram"))));
    new TelegramSimulator().mount(router);
    router.route().last().handler(ctx -> ctx.response().setStatusCode(404)
        .putHeader("Content-Type", "application/json")
        .end(new JsonObject().put("error", new JsonObject().put("code", "not_found")
            .put("message", "No platform simulator at " + ctx.request().path())).encode()));
    HttpServer server = vertx.createHttpServer();
    return server.requestHandler(router).listen(config().getInteger("port"), config().getString("host"));
  }

}
