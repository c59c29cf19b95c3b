package io.clipcast.launcher;

import io.clipcast.e2e.PublishWorld;
import io.clipcast.queue.JobQueue;
import io.clipcast.queue.QueueSettings;
import io.clipcast.queue.QueueStats;
import io.clipcast.queue.RateLimits;
import io.clipcast.redis.RedisClients;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;

import java.util.concurrent.TimeUnit;

/** Reads the world's queue in Redis (its key prefix) the way the scheduler's metrics do. */
final class QueueProbe {
  private QueueProbe() {}

  /** Works after the world's node has stopped too: its own Vert.x and Redis client. */
  static QueueStats stats(PublishWorld world) throws Exception {
    Vertx vertx = Vertx.vertx();
    try {
      Redis redis = RedisClients.pooled(vertx, world.config.getJsonObject("redis"));
      return new JobQueue(redis, QueueSettings.fromConfig(world.config, RateLimits.none())).inspect().await(10, TimeUnit.SECONDS);
    } finally {
      vertx.close().await(10, TimeUnit.SECONDS);
    }
  }
}
