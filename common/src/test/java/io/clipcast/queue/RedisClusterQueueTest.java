package io.clipcast.queue;

import io.clipcast.config.ConfigLayers;
import io.clipcast.devservices.RedisClusterProcesses;
import io.clipcast.devservices.RedisNode;
import io.clipcast.redis.RedisClients;
import io.clipcast.testing.TestServices;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Redis;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static io.clipcast.queue.QueueFixture.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The queue on a real 3-master Redis Cluster ({@code redis.mode = cluster}): every script runs, all its keys sit in the
 * one slot of the {@code {queue:v3}} hash tag on one master, and a batch worked by two WorkerPools (blocking on their own
 * cluster connections) finishes every job once (docs/operations/redis.md).
 */
class RedisClusterQueueTest {
  private static RedisClusterProcesses cluster;
  private static java.nio.file.Path dir;
  private static Vertx vertx;
  private static JsonObject redisConfig;
  private static Redis redis;

  @BeforeAll
  static void startCluster() throws Exception {
    dir = Files.createTempDirectory("clipcast-cluster-");
    cluster = RedisClusterProcesses.start(TestServices.binCache(), dir, 3, TestServices::freePort);
    vertx = Vertx.vertx();
    redisConfig = ConfigLayers.fromDefaults().overlay(new JsonObject().put("redis", new JsonObject()
        .put("mode", "cluster").put("endpoints", new JsonArray(cluster.endpoints()))), "test").build().getJsonObject("redis");
    redis = RedisClients.pooled(vertx, redisConfig);
  }

  @AfterAll
  static void stopCluster() throws Exception {
    if (vertx != null) vertx.close().await(30, TimeUnit.SECONDS);
    if (cluster != null) cluster.close();
    if (dir != null) {
      try (var walk = Files.walk(dir)) {
        walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  private static String prefix() {
    return "c" + UUID.randomUUID().toString().substring(0, 8) + ":";
  }

  private static QueueSettings settings(String prefix, long leaseMs, RateLimits limits) {
    return new QueueSettings(prefix, leaseMs, 16, 1000, 1000, 200, 1024, 200, 2, limits);
  }

  @Test
  void everyScriptRunsWithItsKeysInOneSlot() throws Exception {
    String prefix = prefix();
    RateLimits limits = QueueFixture.only("tg", QueueFixture.limits(0, 1, 1, 1)); // one post per second per account
    JobQueue q = new JobQueue(redis, settings(prefix, 60_000, limits));
    long now = await(q.redisTimeMs());

    // schedule, claim, extend, ack
    assertTrue(await(q.schedule("ready", "vk", "u1", 0)));
    assertFalse(await(q.schedule("ready", "vk", "u1", 0)), "idempotent");
    Lease l = await(q.claim(null, "w", 60_000)).lease();
    assertEquals("ready", l.jobId());
    assertTrue(await(q.extend(l, 120_000)) > now);
    await(q.ack(l));

    // promote_due, nack, recheck
    await(q.schedule("soon", "vk", "u2", now + 2_000));
    await(q.schedule("later", "vk", "u3", now + 600_000));
    assertNull(await(q.claim(null, "w", 60_000)).lease(), "nothing due yet");
    Thread.sleep(Math.max(0, now + 2_050 - await(q.redisTimeMs())));
    assertEquals(1, await(q.promoteDue(100)).promoted());
    Lease soon = await(q.claim("vk", "w", 60_000)).lease();
    await(q.nack(soon, 0));
    Lease again = await(q.claim("vk", "w", 60_000)).lease();
    assertEquals(2, again.attempt());
    await(q.recheck(again, 0));
    Lease rechecked = await(q.claim("vk", "w", 60_000)).lease();
    assertEquals("soon", rechecked.jobId());
    await(q.ack(rechecked));

    // cancel, reschedule, requeue_expired
    assertEquals(QueueOutcome.DONE, await(q.cancel("later")));
    await(q.schedule("moved", "vk", "u4", now + 600_000));
    assertEquals(QueueOutcome.DONE, await(q.reschedule("moved", 0)));
    Lease shortLease = await(q.claim("vk", "w", 200)).lease();
    assertEquals("moved", shortLease.jobId());
    Thread.sleep(250);
    assertEquals(1, await(q.requeueExpired(100)).requeued());
    assertEquals("moved", await(q.claim("vk", "w2", 60_000)).lease().jobId());

    // restore_missing (the reconciler's write), inspect
    assertEquals(1, await(q.restoreMissing(List.of(new JobSpec("restored", "vk", "u5", "u5", now + 600_000)))));
    assertEquals(0, await(q.restoreMissing(List.of(new JobSpec("restored", "vk", "u5", "u5", now + 600_000)))));
    QueueStats stats = await(q.inspect());
    assertEquals(1, stats.delayed());
    assertEquals(1, stats.leased());

    // rate_acquire, pause; and the claim script's buckets
    RateLimiter limiter = new RateLimiter(redis, prefix);
    assertTrue(await(limiter.acquire("app:vk", 1, 1)).granted());
    assertFalse(await(limiter.acquire("app:vk", 1, 1)).granted(), "the bucket holds across calls");
    await(q.schedule("t1", "tg", "u6", 0));
    await(q.schedule("t2", "tg", "u6", 0));
    assertNotNull(await(q.claim("tg", "w", 60_000)).lease());
    Claim throttled = await(q.claim("tg", "w", 60_000));
    assertNull(throttled.lease());
    assertTrue(throttled.retryAfterMs() > 0, "the account bucket is empty for a second");
    long until = await(limiter.pause(RateLimiter.accountKey("tg", "u6"), 5_000));
    assertTrue(until > now);
    Thread.sleep(1_050);
    assertTrue(await(q.claim("tg", "w", 60_000)).retryAfterMs() > 3_000, "the pause holds the bucket after it refilled");

    assertAllKeysInTheQueueSlot(prefix);
  }

  @Test
  void aBlockedWorkerIsWokenOnTheSlotsMaster() throws Exception {
    JobQueue q = new JobQueue(redis, settings(prefix(), 60_000, RateLimits.none()));
    WorkSignal signal = await(WorkSignal.open(RedisClients.dedicated(vertx, redisConfig), q));
    assertFalse(await(signal.await(50)), "nothing queued: the wait times out");
    long start = System.nanoTime();
    Future<Boolean> woken = signal.await(10_000);
    Thread.sleep(100);
    await(q.schedule("j", "vk", "u", 0)); // pushes a wake token onto the signal list
    assertTrue(await(woken));
    assertTrue(System.nanoTime() - start < 5_000_000_000L, "woken by the token, not by the timeout");
    await(signal.close());
  }

  /** Every key of the queue is on the master serving the {queue:v3} slot, and every one is a declared key. */
  private static void assertAllKeysInTheQueueSlot(String prefix) throws Exception {
    long slot = (Long) cluster.nodes().get(0).call("CLUSTER", "KEYSLOT", JobQueue.keyPrefix(prefix) + "meta");
    RedisNode owner = cluster.ownerOf((int) slot);
    Set<String> declared = new HashSet<>(QueueScripts.keys(JobQueue.keyPrefix(prefix)));
    List<String> undeclared = new ArrayList<>();
    Set<String> found = new HashSet<>();
    for (RedisNode n : cluster.nodes()) {
      List<?> keys = (List<?>) n.call("KEYS", prefix + "*");
      if (n != owner) {
        assertTrue(keys.isEmpty(), "no queue key outside the slot's master: " + keys);
        continue;
      }
      assertFalse(keys.isEmpty());
      for (Object k : keys) {
        assertEquals(slot, (Long) n.call("CLUSTER", "KEYSLOT", k.toString()), k.toString());
        found.add(k.toString());
        if (!declared.contains(k.toString())) undeclared.add(k.toString());
      }
    }
    assertEquals(List.of(), undeclared, "every key a script touched is declared in KEYS");
    for (String k : List.of("ready", "turns")) {
      assertTrue(found.contains(JobQueue.keyPrefix(prefix) + k), "a job is still ready, so the ready set and the turns exist: " + k);
    }
    assertTrue(found.contains(JobQueue.keyPrefix(prefix) + "owners"), "jobs waited with compact metas, so owners exists");
  }

  @Test
  void aBatchThroughWorkerPoolsFinishesEveryJobOnce() throws Exception {
    int jobs = 1_000;
    JobQueue q = new JobQueue(redis, settings(prefix(), 10_000, RateLimits.none()));
    Map<String, Integer> runs = new ConcurrentHashMap<>();
    AtomicInteger acked = new AtomicInteger();
    List<WorkerPool> pools = new ArrayList<>();
    for (int p = 0; p < 2; p++) {
      // each pool as on its own node: its own command client and its own blocking connection
      JobQueue nodeQueue = new JobQueue(RedisClients.pooled(vertx, redisConfig), q.settings());
      WorkSignal signal = await(WorkSignal.open(RedisClients.dedicated(vertx, redisConfig), nodeQueue));
      String id = "pool" + p;
      vertx.runOnContext(v -> {
        WorkerPool pool = new WorkerPool(vertx, nodeQueue, signal, null, id, 8, lease -> {
          runs.merge(lease.jobId(), 1, Integer::sum);
          return vertx.timer(2).map(t -> QueueInstruction.ACK);
        }).onAcked(l -> acked.incrementAndGet());
        synchronized (pools) {
          pools.add(pool);
        }
        pool.start();
      });
    }
    long now = await(q.redisTimeMs());
    for (int chunk = 0; chunk < jobs; chunk += 200) {
      List<Future<Boolean>> adds = new ArrayList<>();
      for (int i = chunk; i < chunk + 200; i++) {
        long due = i % 2 == 0 ? 0 : now + (i % 1_500); // half ready now, half promoted within 1.5 s
        adds.add(q.schedule("job-" + i, List.of("vk", "telegram", "youtube", "tiktok").get(i % 4), "user" + (i % 50), due));
      }
      await(Future.all(adds));
    }
    long deadline = System.currentTimeMillis() + 30_000;
    while (acked.get() < jobs && System.currentTimeMillis() < deadline) {
      await(q.promoteDue(1000)); // as the scheduler would
      Thread.sleep(50);
    }
    Thread.sleep(300); // a duplicate delivery would show itself here
    synchronized (pools) {
      pools.forEach(p -> vertx.runOnContext(v -> p.stop()));
    }
    assertEquals(jobs, acked.get(), "every job acknowledged");
    assertEquals(jobs, runs.size());
    assertTrue(runs.values().stream().allMatch(n -> n == 1), "each ran once");
    QueueStats s = await(q.inspect());
    assertEquals(0, s.delayed() + s.ready() + s.leased(), "nothing left behind");
  }
}
