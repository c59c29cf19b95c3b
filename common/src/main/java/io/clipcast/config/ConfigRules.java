package io.clipcast.config;

import io.vertx.core.json.JsonObject;

/** Range checks the type check cannot express (ports, counts, sizes). */
final class ConfigRules {
  private ConfigRules() {}

  static void check(JsonObject c) {
    for (String v : c.getJsonObject("verticles").fieldNames()) {
      range(c, "verticles." + v, 0, 256);
    }
    port(c, "http.port");
    range(c, "http.idleTimeoutSeconds", 1, 86_400);
    range(c, "http.headerTimeoutSeconds", 1, 3_600);
    range(c, "http.requestTimeoutSeconds", 1, 3_600);
    port(c, "ops.port");
    port(c, "db.port");
    port(c, "cluster.port");
    port(c, "cluster.eventBusPort");
    port(c, "sandbox.port");
    port(c, "dev.postgresPort");
    port(c, "dev.redisPort");
    range(c, "db.pool.maxSize", 1, 1000);
    range(c, "db.pool.maxWaitQueueSize", 1, 1_000_000);
    range(c, "db.pool.connectTimeoutMs", 1, 600_000);
    range(c, "db.pool.idleTimeoutMs", 0, Integer.MAX_VALUE);
    range(c, "db.connectRetries", 0, 100);
    range(c, "redis.pool.maxSize", 1, 1000);
    range(c, "redis.pool.maxWaiting", 1, 1_000_000);
    range(c, "redis.cluster.slotCacheTtlMs", 1000, 86_400_000);
    range(c, "queue.leaseMs", 1000, 3_600_000);
    range(c, "queue.claimScan", 1, 10_000);
    range(c, "queue.promoteBatch", 1, 100_000);
    range(c, "queue.schedulerMaxSleepMs", 1, 60_000);
    range(c, "queue.promoteTickMs", 1, 1000);
    range(c, "queue.requeueCheckMs", 1, 3_600_000);
    range(c, "queue.blockTimeoutMs", 10, 60_000);
    range(c, "queue.signalCap", 1, 1_000_000);
    range(c, "queue.scheduleBatch", 1, 10_000);
    range(c, "queue.scheduleCallsInFlight", 1, 64);
    range(c, "queue.reconcileIntervalMs", 100, 86_400_000);
    range(c, "queue.reconcileBatch", 1, 100_000);
    range(c, "queue.reconcilePageGapMs", 0, 60_000);
    range(c, "queue.metricsIntervalMs", 100, 3_600_000);
    range(c, "retry.maxRetries", 0, 100);
    range(c, "retry.minDelayMs", 0, 86_400_000);
    var delays = c.getJsonObject("retry").getJsonArray("delaysMs");
    if (delays.isEmpty() || !delays.stream().allMatch(d -> d instanceof Number && ((Number) d).longValue() > 0)) {
      throw new ConfigException("retry.delaysMs", "Config key 'retry.delaysMs' must be a non-empty list of positive milliseconds, got " + delays + ".");
    }
    // platforms.enabled is checked by the platform catalog (platforms module), which owns the rules files
    range(c, "readiness.timeoutMs", 1, 600_000);
    range(c, "shutdown.timeoutMs", 1, 600_000);
    range(c, "shutdown.handBackMarginMs", 0, 600_000);
    range(c, "cluster.joinTimeoutSeconds", 1, 3600);
    range(c, "clips.uploadIdleSeconds", 1, 86_400);
    range(c, "clips.staleUploadMinutes", 1, 10_080);
    range(c, "clips.sweepIntervalSeconds", 1, 86_400);
    RedisConfigRules.check(c);
    if (c.getJsonObject("cluster").getBoolean("enabled") && c.getJsonObject("cluster").getJsonArray("members").isEmpty()) {
      throw new ConfigException("cluster.members", "Config key 'cluster.members' must list at least one host[:port] when cluster.enabled is true"
          + " (multicast discovery is off); e.g. CLIPCAST_CLUSTER_MEMBERS=10.0.0.5:5701,10.0.0.6:5701.");
    }
    TransportSecurityRules.check(c);
  }

  private static void port(JsonObject c, String key) {
    range(c, key, 0, 65535);
  }

  private static void range(JsonObject c, String key, long min, long max) {
    long v = ((Number) ConfigLayers.getPath(c, key)).longValue();
    if (v < min || v > max) {
      throw new ConfigException(key, "Config key '" + key + "' must be between " + min + " and " + max + ", got " + v + ".");
    }
  }
}
