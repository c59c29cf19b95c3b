package io.clipcast.publish;

import io.clipcast.platforms.ConnectorRegistry;
import io.clipcast.db.PgPools;
import io.clipcast.metrics.NodeMetrics;
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
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;
import io.vertx.micrometer.backends.BackendRegistries;
import io.vertx.redis.client.Redis;
import io.vertx.sqlclient.Pool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Claims publication jobs of every enabled platform (the queue takes turns across platforms and users) and runs up to
 * {@code publish.concurrency} attempts at once per instance; ops scale it with {@code verticles.publish} per node.
 * Stopping it stops claiming and lets the attempts in hand finish; whatever still runs {@code shutdown.handBackMarginMs}
 * before the node's {@code shutdown.timeoutMs} is handed back to the queue (counted in
 * {@code clipcast_lease_handbacks_total{platform}}), due at once, and another worker resumes it from its saved upload
 * state. Only then are its Postgres and Redis connections closed (and, after every verticle, the cluster left). If the
 * node dies instead, the leases expire and another worker resumes the same way, one lease time later.
 */
public class PublishVerticle extends VerticleBase {
  private static final Logger log = LoggerFactory.getLogger(PublishVerticle.class);

  private Pool pg;
  private Redis redis;
  private Redis blocking;
  private ClipStore store;
  private WorkerPool workers;
  private PublishDrain drain;

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
      MeterRegistry registry = BackendRegistries.getNow(NodeMetrics.registryName(node));
      MeterRegistry metrics = registry != null ? registry : new SimpleMeterRegistry(); // deployed without the launcher (tests)
      workers = new WorkerPool(vertx, queue, signal, null, workerId, config.getJsonObject("publish").getInteger("concurrency"),
          runner::run).onHandedBack(lease -> handBacks(metrics, lease.platform()).increment());
      workers.start();
      // counted once started: an instance that failed to start is never stopped, and nobody waits for it
      drain = PublishDrain.of(vertx);
      drain.started();
      log.info("publish instance {} claiming with {} slots", workerId, config.getJsonObject("publish").getInteger("concurrency"));
      return null;
    });
  }

  private static Counter handBacks(MeterRegistry registry, String platform) {
    return Counter.builder("clipcast.lease.handbacks").tag("platform", platform)
        .description("Unfinished jobs a stopping publish node handed back to the queue").register(registry);
  }

  /** Milliseconds the attempts in hand may still run before they are handed back: the node's stop budget less a margin. */
  static long handBackAfterMs(JsonObject config) {
    JsonObject shutdown = config.getJsonObject("shutdown");
    return Math.max(0, shutdown.getLong("timeoutMs") - shutdown.getLong("handBackMarginMs"));
  }

  @Override
  public Future<?> stop() {
    Future<Void> stopped = workers == null ? Future.succeededFuture() : workers.stop(handBackAfterMs(config()));
    // the database and Redis close only after every attempt in hand, on every instance of this node, has finished or
    // been handed back
    return stopped.eventually(() -> drain == null ? Future.succeededFuture() : drain.drained(context)).eventually(() -> {
      redis.close();
      blocking.close();
      return Future.join(pg.close(), store.close());
    });
  }
}
