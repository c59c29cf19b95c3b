package io.clipcast.scheduler;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Promotes due jobs from the Redis delayed set, recovers expired leases and reconciles Postgres with Redis.
 * This issue ships the deployable verticle; the queue and its scripts arrive with the queue issue (#3).
 */
public class SchedulerVerticle extends VerticleBase {
  private static final Logger log = LoggerFactory.getLogger(SchedulerVerticle.class);

  @Override
  public Future<?> start() {
    log.info("scheduler instance started on {}", context.deploymentID());
    return Future.succeededFuture();
  }
}
