package io.clipcast.stats;

import io.clipcast.platforms.ConnectorRegistry;
import io.clipcast.platforms.credentials.NodeServices;
import io.clipcast.db.PgPools;
import io.clipcast.platforms.catalog.PlatformCatalog;
import io.clipcast.queue.RateLimiter;
import io.clipcast.redis.RedisClients;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Redis;
import io.vertx.sqlclient.Pool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Collects views/likes/comments/shares of published posts on the {@code stats} schedule into {@code publication_stats},
 * a round every {@code stats.pollSeconds} (at once again when a round was full).
 */
public class StatsVerticle extends VerticleBase {
  private static final Logger log = LoggerFactory.getLogger(StatsVerticle.class);

  private Pool pg;
  private Redis redis;
  private StatsCollector collector;
  private long pollMs;
  private int batch;
  private volatile boolean stopped;

  @Override
  public Future<?> start() {
    JsonObject config = config();
    pg = PgPools.shared(vertx, config.getJsonObject("db"));
    redis = RedisClients.pooled(vertx, config.getJsonObject("redis"));
    JsonObject stats = config.getJsonObject("stats");
    collector = new StatsCollector(pg, new ConnectorRegistry(vertx, config), NodeServices.of(vertx, config).credentials(pg),
        new RateLimiter(redis, config.getJsonObject("redis").getString("keyPrefix")), PlatformCatalog.shipped().rateLimits(config), stats);
    pollMs = stats.getLong("pollSeconds") * 1000;
    batch = stats.getInteger("batch");
    vertx.setTimer(1, t -> round());
    return Future.succeededFuture();
  }

  private void round() {
    if (stopped) return;
    collector.round().onComplete(ar -> {
      if (ar.failed()) log.warn("stats round failed: {}", ar.cause().getMessage());
      boolean full = ar.succeeded() && ar.result() >= batch;
      if (!stopped) vertx.setTimer(full ? 1 : pollMs, t -> round());
    });
  }

  @Override
  public Future<?> stop() {
    stopped = true;
    redis.close();
    return pg.close();
  }
}
