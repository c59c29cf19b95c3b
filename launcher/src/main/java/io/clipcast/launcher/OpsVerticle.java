package io.clipcast.launcher;

import io.clipcast.ops.OpsRoutes;
import io.clipcast.ops.ReadinessProbe;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.clipcast.web.HttpServers;
import io.vertx.core.json.JsonObject;

/**
 * A small HTTP server with only {@code /health}, {@code /ready}, {@code /metrics}, {@code /cluster}, for
 * nodes that run no API (publish, scheduler, stats nodes) so they can still be probed and scraped.
 */
public class OpsVerticle extends VerticleBase {
  private ReadinessProbe probe;

  @Override
  public Future<?> start() {
    JsonObject ops = config().getJsonObject("ops");
    probe = ReadinessProbe.fromConfig(vertx, config());
    return HttpServers.listen(vertx, config().getJsonObject("http"), ops.getString("host"), ops.getInteger("port"),
        OpsRoutes.opsRouter(vertx, probe, config()));
  }


  @Override
  public Future<?> stop() {
    return probe.close();
  }
}
