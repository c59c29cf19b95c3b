package io.clipcast.stats;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Collects views/likes/comments/shares of published posts on a schedule. This issue ships the deployable
 * verticle; collection arrives with the connectors that can read stats.
 */
public class StatsVerticle extends VerticleBase {
  private static final Logger log = LoggerFactory.getLogger(StatsVerticle.class);

  @Override
  public Future<?> start() {
    log.info("stats instance started on {}", context.deploymentID());
    return Future.succeededFuture();
  }
}
