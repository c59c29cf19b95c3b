package io.clipcast.scheduler;

import io.clipcast.db.PgPools;
import io.clipcast.queue.JobQueue;
import io.clipcast.queue.QueueSettings;
import io.clipcast.queue.RateLimits;
import io.clipcast.redis.RedisClients;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import io.vertx.sqlclient.Pool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Promotes due jobs (woken early over pub/sub when an earlier job arrives), returns expired leases to ready, and
 * reconciles Postgres with Redis every {@code queue.reconcileIntervalMs}. Exports {@code clipcast_queue_*} metrics.
 */
public class SchedulerVerticle extends VerticleBase {
  private static final Logger log = LoggerFactory.getLogger(SchedulerVerticle.class);

  private Redis redis;
  private RedisConnection subscriber;
  private Pool pg;
  private PromotionLoop loop;
  private Reconciler reconciler;
  private volatile boolean stopped;

  @Override
  public Future<?> start() {
    JsonObject config = config();
    JsonObject q = config.getJsonObject("queue");
    String nodeId = config.getJsonObject("node").getString("id");
    redis = RedisClients.pooled(vertx, config.getJsonObject("redis"));
    JobQueue queue = new JobQueue(redis, QueueSettings.fromConfig(config, RateLimits.none()));
    QueueMetrics metrics = new QueueMetrics(nodeId);
    loop = new PromotionLoop(vertx, queue, metrics, q.getLong("promoteTickMs"), q.getLong("requeueCheckMs"));
    pg = PgPools.shared(vertx, config.getJsonObject("db"));
    reconciler = new Reconciler(vertx, pg, redis, queue, q.getInteger("reconcileBatch"), q.getLong("reconcileIntervalMs"),
        q.getLong("reconcilePageGapMs"), nodeId + "/" + context.deploymentID());

    return subscribe(queue.wakeChannel()).onSuccess(v -> {
      loop.start();
      vertx.setPeriodic(0, q.getLong("reconcileIntervalMs"), id -> reconciler.runIfDue()
          .onFailure(e -> log.warn("reconcile failed: {}", e.getMessage())));
      vertx.setPeriodic(0, q.getLong("metricsIntervalMs"), id -> metrics.refresh(queue));
    });
  }

  /**
   * Listens for wake-ups on its own connection. A lost connection (Redis restarted, a Sentinel failover) is replaced:
   * until then the loop still wakes every {@code queue.schedulerMaxSleepMs}, so promotions are late, never lost.
   */
  private Future<Void> subscribe(String channel) {
    return redis.connect().compose(conn -> {
      subscriber = conn;
      conn.handler(this::onPush);
      conn.exceptionHandler(e -> conn.close());
      conn.endHandler(v -> resubscribeLater(channel));
      return conn.send(Request.cmd(Command.SUBSCRIBE).arg(channel)).<Void>mapEmpty();
    });
  }

  private void resubscribeLater(String channel) {
    if (stopped) return;
    vertx.setTimer(config().getJsonObject("queue").getLong("blockTimeoutMs"), t -> {
      if (stopped) return;
      subscribe(channel).onSuccess(v -> {
        log.info("wake-up subscription restored");
        loop.wake(); // anything promoted-worthy that arrived meanwhile
      }).onFailure(e -> resubscribeLater(channel));
    });
  }

  private void onPush(Response msg) {
    // pub/sub pushes arrive as ["message", channel, payload]
    if (msg != null && msg.size() >= 3 && "message".equals(msg.get(0).toString())) {
      loop.wake();
    }
  }

  @Override
  public Future<?> stop() {
    stopped = true;
    loop.stop();
    if (subscriber != null) subscriber.close();
    redis.close();
    return pg.close();
  }
}
