package io.clipcast.launcher;

import io.clipcast.e2e.PublishWorld;
import io.clipcast.queue.JobQueue;
import io.clipcast.queue.QueueSettings;
import io.clipcast.queue.QueueStats;
import io.clipcast.queue.RateLimits;
import io.clipcast.redis.RedisClients;
import io.vertx.redis.client.Redis;

import java.util.concurrent.TimeUnit;

/** Reads the world's queue in Redis (its key prefix) the way the scheduler's metrics do. */
final class QueueProbe {
  private QueueProbe() {}

  static QueueStats stats(PublishWorld world) throws Exception {
    Redis redis = RedisClients.pooled(world.node.vertx(), world.config.getJsonObject("redis"));
    try {
      return new JobQueue(redis, QueueSettings.fromConfig(world.config, RateLimits.none())).inspect().await(10, TimeUnit.SECONDS);
    } finally {
      redis.close();
    }
  }
}
