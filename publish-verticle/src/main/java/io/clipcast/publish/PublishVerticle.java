package io.clipcast.publish;

import io.clipcast.platforms.ConnectorRegistry;
import io.clipcast.db.PgPools;
import io.clipcast.platforms.catalog.PlatformCatalog;
import io.clipcast.publish.pipeline.AttemptRunner;
import io.clipcast.queue.JobQueue;
import io.clipcast.queue.QueueSettings;
import io.clipcast.queue.RateLimiter;
import io.clipcast.queue.WorkSignal;
import io.clipcast.queue.WorkerPool;
import io.clipcast.redis.RedisClients;
import io.clipcast.storage.ClipStore;
import io.clipcast.storage.ClipStores;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Redis;
import io.vertx.sqlclient.Pool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Claims publication jobs of every enabled platform (the queue takes turns across platforms and users) and runs up to
 * {@code publish.concurrency} attempts at once per instance; ops scale it with {@code verticles.publish} per node.
 * Stopping it stops claiming; attempts in hand finish or, if the node dies, their leases expire and another worker
 * resumes them from their saved upload state.
 */
public class PublishVerticle extends VerticleBase {
  private static final Logger log = LoggerFactory.getLogger(PublishVerticle.class);

  private Pool pg;
  private Redis redis;
  private Redis blocking;
  private ClipStore store;
  private WorkerPool workers;

  @Override
  public Future<?> start() {
    JsonObject config = config();
    pg = PgPools.shared(vertx, config.getJsonObject("db"));
    redis = RedisClients.pooled(vertx, config.getJsonObject("redis"));
    blocking = RedisClients.dedicated(vertx, config.getJsonObject("redis"));
    JobQueue queue = new JobQueue(redis, QueueSettings.fromConfig(config, PlatformCatalog.shipped().rateLimits(config)));
    store = ClipStores.fromConfig(vertx, config);
    AttemptRunner runner = new AttemptRunner(vertx, config, pg, queue,
        new RateLimiter(redis, config.getJsonObject("redis").getString("keyPrefix")), new ConnectorRegistry(vertx, config), store);
    String node = config.getJsonObject("node").getString("id", "");
    String workerId = (node.isBlank() ? "pid" + ProcessHandle.current().pid() : node) + "/" + context.deploymentID();
    return WorkSignal.open(blocking, queue).map(signal -> {
      workers = new WorkerPool(vertx, queue, signal, null, workerId, config.getJsonObject("publish").getInteger("concurrency"),
          runner::run);
      workers.start();
      log.info("publish instance {} claiming with {} slots", workerId, config.getJsonObject("publish").getInteger("concurrency"));
      return null;
    });
  }

  @Override
  public Future<?> stop() {
    Future<Void> stopped = workers == null ? Future.succeededFuture() : workers.stop();
    return stopped.eventually(() -> {
      redis.close();
      blocking.close();
      return Future.join(pg.close(), store.close());
    });
  }
}
