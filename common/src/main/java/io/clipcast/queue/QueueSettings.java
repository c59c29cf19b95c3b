package io.clipcast.queue;

import io.vertx.core.json.JsonObject;

/** The queue's tunables, from the {@code queue} and {@code redis} config blocks plus the platforms' rate limits. */
public record QueueSettings(String keyPrefix, long leaseMs, int claimScan, int promoteBatch, long schedulerMaxSleepMs,
                            long blockTimeoutMs, int signalCap, int scheduleBatch, int scheduleCallsInFlight, RateLimits limits) {

  public static QueueSettings fromConfig(JsonObject config, RateLimits limits) {
    JsonObject q = config.getJsonObject("queue");
    return new QueueSettings(config.getJsonObject("redis").getString("keyPrefix"), q.getLong("leaseMs"),
        q.getInteger("claimScan"), q.getInteger("promoteBatch"), q.getLong("schedulerMaxSleepMs"),
        q.getLong("blockTimeoutMs"), q.getInteger("signalCap"), q.getInteger("scheduleBatch"), q.getInteger("scheduleCallsInFlight"), limits);
  }
}
