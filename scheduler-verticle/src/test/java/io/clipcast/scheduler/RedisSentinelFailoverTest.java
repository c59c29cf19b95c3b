package io.clipcast.scheduler;

import io.clipcast.db.Migrations;
import io.clipcast.db.PgPools;
import io.clipcast.devservices.RedisNode;
import io.clipcast.devservices.RedisSentinelProcesses;
import io.clipcast.queue.JobIds;
import io.clipcast.queue.JobQueue;
import io.clipcast.queue.Lease;
import io.clipcast.queue.QueueInstruction;
import io.clipcast.queue.QueueSettings;
import io.clipcast.queue.QueueStats;
import io.clipcast.queue.RateLimits;
import io.clipcast.queue.WorkSignal;
import io.clipcast.queue.WorkerPool;
import io.clipcast.redis.RedisClients;
import io.clipcast.testing.TestServices;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Redis;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static io.clipcast.scheduler.SchedulerFixture.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code redis.mode = sentinel} with a real primary, replica and sentinel. In the middle of a batch the replication link
 * breaks for {@link #LAG_MS} and then the primary is killed with SIGKILL, so the sentinel promotes a replica that misses
 * the primary's last writes: schedules, claims and acks. Every publication still ends published exactly once:
 * a lost ack or claim comes back through its lease (the handler finds the publication already published and only
 * acknowledges), and a lost schedule is restored by the reconciler from Postgres. Prints what was lost and how it came
 * back (docs/operations/redis.md "Failover").
 */
class RedisSentinelFailoverTest {
  private static final int PUBLICATIONS = 600;
  private static final long LAG_MS = 700;
  private static final long LEASE_MS = 3_000;

  /** One delivery of a job to a handler. */
  private record Delivery(String jobId, int attempt, long atMs, boolean posted) {}

  @Test
  void failoverLosesRecentWritesAndEveryPublicationStillEndsOnce() throws Exception {
    try (RedisSentinelProcesses redis = RedisSentinelProcesses.start(TestServices.binCache(),
        Files.createTempDirectory(TestServices.get().root, "sentinel-"), "clipcast", 1, TestServices::freePort)) {
      JsonObject config = TestServices.get().config();
      config.getJsonObject("redis").put("mode", "sentinel").put("endpoints", new JsonArray(redis.endpoints()))
          .put("sentinel", new JsonObject().put("masterName", redis.masterName()))
          .put("keyPrefix", "f" + UUID.randomUUID().toString().substring(0, 8) + ":");
      // the scheduler reconciles once at start; the pass after the failover is the test's own, to count what it restores
      config.getJsonObject("queue").put("leaseMs", LEASE_MS).put("reconcileIntervalMs", 86_400_000).put("blockTimeoutMs", 200);
      Migrations.migrateBlocking(config.getJsonObject("db"));
      Vertx vertx = Vertx.vertx();
      try {
        run(vertx, config, redis);
      } finally {
        vertx.close().await(30, TimeUnit.SECONDS);
      }
    }
  }

  private void run(Vertx vertx, JsonObject config, RedisSentinelProcesses redis) throws Exception {
    JsonObject redisConfig = config.getJsonObject("redis");
    Redis client = RedisClients.pooled(vertx, redisConfig);
    QueueSettings settings = QueueSettings.fromConfig(config, RateLimits.none());
    JobQueue queue = new JobQueue(client, settings);
    Pool pg = PgPools.shared(vertx, config.getJsonObject("db"));
    await(vertx.deployVerticle(SchedulerVerticle::new, new DeploymentOptions().setConfig(config)));
    List<UUID> ids = seed(pg);

    // two publish nodes: each its own clients, a WorkerPool of 8, a blocking connection that must follow the failover
    Map<String, List<Delivery>> deliveries = new ConcurrentHashMap<>();
    Map<String, Long> ackedAt = new ConcurrentHashMap<>();
    AtomicInteger posts = new AtomicInteger();
    List<WorkerPool> pools = new CopyOnWriteArrayList<>();
    for (int n = 0; n < 2; n++) {
      JobQueue nodeQueue = new JobQueue(RedisClients.pooled(vertx, redisConfig), settings);
      WorkSignal signal = await(WorkSignal.open(RedisClients.dedicated(vertx, redisConfig), nodeQueue));
      String node = "node" + n;
      vertx.runOnContext(v -> {
        WorkerPool pool = new WorkerPool(vertx, nodeQueue, signal, null, node, 8, lease -> publish(vertx, pg, lease, deliveries, posts))
            .onAcked(l -> ackedAt.putIfAbsent(l.jobId(), System.currentTimeMillis()));
        pools.add(pool);
        pool.start();
      });
    }

    // a blocking connection opened before the failover, on a queue of its own: it must reach the new primary after it
    JobQueue probeQueue = new JobQueue(client, new QueueSettings(settings.keyPrefix() + "probe:", LEASE_MS, 16, 1000, 1000, 200, 1024, 200, 2,
        RateLimits.none()));
    WorkSignal probe = await(WorkSignal.open(RedisClients.dedicated(vertx, redisConfig), probeQueue));
    assertEquals(false, await(probe.await(50)));

    // the API side: publications are queued in Postgres, then handed to Redis; a refused hand-off is left to the reconciler
    Set<String> scheduled = ConcurrentHashMap.newKeySet();
    Set<String> refused = ConcurrentHashMap.newKeySet();
    RedisNode oldPrimary = redis.primary();
    RedisNode replica = redis.replica();
    long killedAt = 0;
    for (int i = 0; i < PUBLICATIONS; i += 20) {
      List<Future<?>> chunk = new ArrayList<>();
      for (UUID id : ids.subList(i, i + 20)) {
        chunk.add(queue.schedule(id.toString(), "vk", "u" + (id.hashCode() & 7), 0)
            .onSuccess(ok -> scheduled.add(id.toString())).onFailure(e -> refused.add(id.toString())));
      }
      Future.join(chunk).transform(ar -> Future.succeededFuture()).await(10, TimeUnit.SECONDS);
      if (i == PUBLICATIONS / 2) {
        // the replication link breaks (as in a partition): from here the primary's writes reach only the primary.
        // Frozen, the replica cannot reconnect; a frozen replica alone would lose nothing (the kernel buffers its stream).
        replica.freeze();
        oldPrimary.call("CLIENT", "KILL", "TYPE", "replica");
        Thread.sleep(LAG_MS);
      }
      if (i == PUBLICATIONS / 2 + 40) {
        oldPrimary.kill();
        killedAt = System.currentTimeMillis();
        replica.resume();
      }
      Thread.sleep(50);
    }
    redis.awaitPrimary(replica, 30_000);
    long promotedAt = System.currentTimeMillis();
    assertTrue(signalReachesNewPrimary(probe, probeQueue), "the worker's blocking connection follows the failover");

    // what the new primary lacks of what Postgres still has to do: those the reconciler must restore
    List<String> missing = new ArrayList<>();
    for (Map.Entry<String, String> row : pendingInPostgres(pg).entrySet()) {
      if (replica.call("HEXISTS", JobQueue.keyPrefix(redisConfig.getString("keyPrefix")) + "meta", JobIds.toRedis(row.getKey())).equals(0L)) {
        missing.add(row.getKey());
      }
    }
    missing.retainAll(pendingInPostgres(pg).keySet()); // one published and acknowledged meanwhile was not missing
    int restored = await(new Reconciler(vertx, pg, client, queue, 500, 86_400_000, 0, "test").reconcile());
    assertEquals(missing.size(), restored, "the reconciler restores exactly what the new primary lacks");

    long deadline = System.currentTimeMillis() + 30_000;
    while (publishedInPostgres(pg) < PUBLICATIONS && System.currentTimeMillis() < deadline) Thread.sleep(100);
    QueueStats stats = awaitEmpty(queue);
    pools.forEach(p -> vertx.runOnContext(v -> p.stop()));

    // what the failover lost, and how it came back
    long kill = killedAt;
    int ackLost = 0;
    int claimLost = 0;
    int leaseExpired = 0;
    for (List<Delivery> ds : deliveries.values()) {
      if (ds.size() < 2) continue;
      Delivery first = ds.get(0);
      Delivery again = ds.get(1);
      Long acked = ackedAt.get(first.jobId());
      if (acked != null && acked < kill && again.atMs() > kill) ackLost++;
      else if (again.attempt() <= first.attempt()) claimLost++;
      else leaseExpired++;
    }
    long lostSchedules = missing.stream().filter(scheduled::contains).count();
    long refusedRestored = missing.stream().filter(refused::contains).count();
    System.out.printf("sentinel failover: replication link down %d ms, primary killed, new primary after %d ms;%n"
            + "  schedules acknowledged by the old primary and lost: %d, refused during the outage: %d -> %d restored by the reconciler;%n"
            + "  acks lost (job delivered again after a confirmed ack): %d; claims lost (same attempt handed out again): %d;"
            + " other redeliveries after an expired lease: %d; second deliveries found the publication already published: %d;%n"
            + "  publications posted: %d of %d, each once%n",
        LAG_MS, promotedAt - kill, lostSchedules, refused.size(), restored, ackLost, claimLost, leaseExpired,
        deliveries.values().stream().mapToLong(ds -> ds.stream().skip(1).filter(d -> !d.posted()).count()).sum(), posts.get(), PUBLICATIONS);

    assertEquals(PUBLICATIONS, publishedInPostgres(pg), "every publication ended published");
    assertEquals(PUBLICATIONS, posts.get(), "each posted once");
    assertTrue(deliveries.values().stream().allMatch(ds -> ds.stream().filter(Delivery::posted).count() == 1), "never twice");
    assertEquals(0, stats.delayed() + stats.ready() + stats.leased(), "the queue is empty again");
    assertEquals(missing.size(), lostSchedules + refusedRestored);
    assertTrue(restored + ackLost + claimLost > 0, "the lagging replica did lose recent writes (else this test proves nothing)");
  }

  /** Waits on {@code signal} (reconnecting as a worker would) while a job is queued; true once its wake-up arrives. */
  private static boolean signalReachesNewPrimary(WorkSignal signal, JobQueue queue) throws Exception {
    long deadline = System.currentTimeMillis() + 15_000;
    boolean queued = false;
    while (System.currentTimeMillis() < deadline) {
      if (!queued) queued = queue.schedule("probe", "vk", "u", 0).transform(ar -> Future.succeededFuture(ar.succeeded()))
          .await(5, TimeUnit.SECONDS);
      try {
        if (queued && signal.await(1_000).await(5, TimeUnit.SECONDS)) return true;
      } catch (Exception lostConnection) {
        Thread.sleep(200); // the next wait opens a new connection
      }
    }
    return false;
  }

  /** The publish step: posts unless Postgres says it already was (the platform call and its record are one step here). */
  private static Future<QueueInstruction> publish(Vertx vertx, Pool pg, Lease lease, Map<String, List<Delivery>> deliveries, AtomicInteger posts) {
    return vertx.timer(80).compose(t -> pg.preparedQuery(
            "UPDATE publications SET status = 'published', published_at = now() WHERE id = $1 AND status = 'queued' RETURNING id")
        .execute(Tuple.of(UUID.fromString(lease.jobId()))).map(rows -> {
          boolean posted = rows.rowCount() == 1;
          if (posted) posts.incrementAndGet();
          deliveries.computeIfAbsent(lease.jobId(), k -> new CopyOnWriteArrayList<>())
              .add(new Delivery(lease.jobId(), lease.attempt(), System.currentTimeMillis(), posted));
          return QueueInstruction.ACK;
        }));
  }

  private static List<UUID> seed(Pool pg) {
    SeededOwner owner = SeededOwner.insert(pg);
    List<UUID> ids = new ArrayList<>();
    List<Tuple> rows = new ArrayList<>();
    for (int i = 0; i < PUBLICATIONS; i++) {
      UUID id = UUID.randomUUID();
      ids.add(id);
      rows.add(Tuple.of(id, owner.user(), owner.clip(), owner.connection()));
    }
    await(pg.preparedQuery("INSERT INTO publications (id, user_id, clip_id, connection_id, platform, status)"
        + " VALUES ($1, $2, $3, $4, 'vk', 'queued')").executeBatch(rows));
    return ids;
  }

  private static Map<String, String> pendingInPostgres(Pool pg) {
    Map<String, String> out = new java.util.HashMap<>();
    await(pg.query("SELECT id, status FROM publications WHERE status = 'queued'").execute())
        .forEach(r -> out.put(r.getUUID("id").toString(), r.getString("status")));
    return out;
  }

  private static long publishedInPostgres(Pool pg) {
    return await(pg.query("SELECT count(*) FROM publications WHERE status = 'published'").execute()).iterator().next().getLong(0);
  }

  private static QueueStats awaitEmpty(JobQueue queue) throws InterruptedException {
    long deadline = System.currentTimeMillis() + LEASE_MS * 3;
    QueueStats s = await(queue.inspect());
    while (s.delayed() + s.ready() + s.leased() > 0 && System.currentTimeMillis() < deadline) {
      Thread.sleep(100);
      s = await(queue.inspect());
    }
    return s;
  }
}
