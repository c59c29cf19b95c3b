package io.clipcast.ops;

import io.clipcast.db.PgPools;
import io.clipcast.redis.RedisClients;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.sqlclient.Pool;

import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Is this node able to do its work: Postgres and Redis answer within {@code readiness.timeoutMs}, and the
 * cluster is joined when clustering is on. Each check is independent, so the answer names what is down.
 */
public final class ReadinessProbe {
  private final Vertx vertx;
  private final Pool pg;
  private final Redis redis;
  private final long timeoutMs;

  public ReadinessProbe(Vertx vertx, Pool pg, Redis redis, long timeoutMs) {
    this.vertx = vertx;
    this.pg = pg;
    this.redis = redis;
    this.timeoutMs = timeoutMs;
  }

  public static ReadinessProbe fromConfig(Vertx vertx, JsonObject config) {
    return new ReadinessProbe(vertx, PgPools.shared(vertx, config.getJsonObject("db")),
        RedisClients.pooled(vertx, config.getJsonObject("redis")),
        config.getJsonObject("readiness").getLong("timeoutMs"));
  }

  /** {"ready":bool,"failed":[names],"checks":{name:{"ok":bool,"latencyMs"|"error"}}}; never fails. */
  public Future<JsonObject> check() {
    Future<JsonObject> postgres = timed(() -> pg.query("SELECT 1").execute());
    Future<JsonObject> redisCheck = timed(() -> redis.send(Request.cmd(Command.PING)));
    Future<JsonObject> cluster = Future.succeededFuture(ClusterView.joined(vertx)
        ? new JsonObject().put("ok", true).put("clustered", vertx.isClustered())
        : new JsonObject().put("ok", false).put("error", "this node has left the cluster"));
    return Future.join(postgres, redisCheck, cluster).transform(ignored -> {
      JsonObject checks = new JsonObject()
          .put("postgres", postgres.result())
          .put("redis", redisCheck.result())
          .put("cluster", cluster.result());
      JsonArray failed = new JsonArray();
      checks.forEach(e -> {
        if (!((JsonObject) e.getValue()).getBoolean("ok")) failed.add(e.getKey());
      });
      return Future.succeededFuture(new JsonObject().put("ready", failed.isEmpty()).put("failed", failed).put("checks", checks));
    });
  }

  private Future<JsonObject> timed(Supplier<Future<?>> call) {
    long start = System.nanoTime();
    Future<?> f;
    try {
      f = call.get();
    } catch (RuntimeException e) {
      f = Future.failedFuture(e);
    }
    return f.timeout(timeoutMs, TimeUnit.MILLISECONDS).transform(ar -> Future.succeededFuture(ar.succeeded()
        ? new JsonObject().put("ok", true).put("latencyMs", (System.nanoTime() - start) / 1_000_000)
        : new JsonObject().put("ok", false).put("error", String.valueOf(ar.cause().getMessage()))));
  }

  public Future<Void> close() {
    redis.close();
    return pg.close();
  }
}
