package io.clipcast.publish;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Claims publication jobs and runs the platform connectors. This issue ships the deployable verticle (ops
 * scale it per node with {@code verticles.publish}); claiming and connectors arrive with issues #3 and #5.
 */
public class PublishVerticle extends VerticleBase {
  private static final Logger log = LoggerFactory.getLogger(PublishVerticle.class);

  @Override
  public Future<?> start() {
    log.info("publish instance started on {}", context.deploymentID());
    return Future.succeededFuture();
  }
}
