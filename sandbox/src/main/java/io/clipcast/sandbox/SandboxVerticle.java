package io.clipcast.sandbox;

import io.clipcast.sandbox.kit.Faults;
import io.clipcast.sandbox.kit.Ledger;
import io.clipcast.sandbox.kit.SandboxKit;
import io.clipcast.sandbox.kit.Simulator;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;

import java.util.List;
import java.util.ServiceLoader;

/**
 * The platform sandbox: one HTTP server hosting a simulator per platform under its own path prefix ({@code /vk},
 * {@code /telegram}, …), plus the shared control API: fault injection ({@code /_sandbox/faults}) and the ledger of
 * completed posts ({@code /_sandbox/posts}).
 *
 * <p>Config is the {@code sandbox} block alone ({@code host}, {@code port}): the sandbox plays the outside
 * world and shares no code with the rest of Clipcast.
 */
public class SandboxVerticle extends VerticleBase {

  @Override
  public Future<?> start() {
    // one line per platform in META-INF/services/io.clipcast.sandbox.kit.Simulator: adding a platform touches no code here
    List<Simulator> simulators = ServiceLoader.load(Simulator.class).stream().map(ServiceLoader.Provider::get)
        .sorted(java.util.Comparator.comparing(Simulator::id)).toList();
    String host = config().getString("host");
    int port = config().getInteger("port");
    SandboxKit kit = new SandboxKit(vertx, new Faults(), new Ledger(), "http://" + host + ":" + port);
    Router router = Router.router(vertx);
    JsonArray ids = new JsonArray();
    simulators.forEach(s -> ids.add(s.id()));
    router.get("/health").handler(ctx -> ctx.json(new JsonObject().put("status", "up").put("simulators", ids)));
    kit.faults().mount(router);
    kit.ledger().mount(router);
    io.clipcast.sandbox.kit.UploadLog.of(vertx).mount(router);
    simulators.forEach(s -> s.mount(router, kit));
    router.route().last().handler(ctx -> ctx.response().setStatusCode(404)
        .putHeader("Content-Type", "application/json")
        .end(new JsonObject().put("error", new JsonObject().put("code", "not_found")
            .put("message", "No platform simulator at " + ctx.request().path())).encode()));
    return vertx.createHttpServer().requestHandler(router).listen(port, host);
  }

  @Override
  public Future<?> stop() {
    io.clipcast.sandbox.kit.UploadLog.forget(vertx);
    return Future.succeededFuture();
  }
}
