package io.clipcast.scheduler;

import io.clipcast.db.Migrations;
import io.clipcast.queue.JobQueue;
import io.clipcast.queue.QueueSettings;
import io.clipcast.queue.RateLimits;
import io.clipcast.redis.RedisClients;
import io.clipcast.testing.TestServices;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Redis;

import java.util.UUID;
import java.util.concurrent.TimeUnit;

/** A node's worth of scheduler test setup: config on a fresh database and key prefix, Vert.x, a queue client. */
final class SchedulerFixture implements AutoCloseable {
  final Vertx vertx = Vertx.vertx();
  final JsonObject config;
  final Redis redis;
  final JobQueue queue;

  SchedulerFixture(String redisUrl, JsonObject queueOverrides) {
    config = TestServices.get().config();
    config.getJsonObject("redis").put("url", redisUrl).put("keyPrefix", "s" + UUID.randomUUID().toString().substring(0, 8) + ":");
    config.getJsonObject("queue").mergeIn(queueOverrides);
    Migrations.migrateBlocking(config.getJsonObject("db"));
    redis = RedisClients.pooled(vertx, config.getJsonObject("redis"));
    queue = new JobQueue(redis, settings());
  }

  QueueSettings settings() {
    return QueueSettings.fromConfig(config, RateLimits.none());
  }

  String redisUrl() {
    return config.getJsonObject("redis").getString("url");
  }

  String deploySchedulers(int instances) {
    return await(vertx.deployVerticle(SchedulerVerticle::new, new DeploymentOptions().setInstances(instances).setConfig(config)));
  }

  static <T> T await(Future<T> f) {
    try {
      return f.await(120, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  @Override
  public void close() {
    try {
      vertx.close().await(30, TimeUnit.SECONDS);
    } catch (Exception ignored) {
      // closing a test Vert.x
    }
  }
}
