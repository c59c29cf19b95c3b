package io.clipcast.scheduler;

import io.clipcast.devservices.EmbeddedRedis;
import io.clipcast.queue.QueueStats;
import io.clipcast.testing.TestServices;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.clipcast.scheduler.SchedulerFixture.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Redis restarts (AOF) lose nothing; a Redis that lost everything is refilled from Postgres by the reconciler. */
class RedisDurabilityTest {
  private EmbeddedRedis redis;

  @BeforeEach
  void startRedis() throws Exception {
    redis = EmbeddedRedis.start(TestServices.binCache(), TestServices.get().root.resolve("dur-" + System.nanoTime()), TestServices.freePort());
  }

  @AfterEach
  void stopRedis() {
    redis.close();
  }

  @Test
  void restartWithAofLosesNothing() throws Exception {
    try (SchedulerFixture f = new SchedulerFixture(redis.url(), new JsonObject())) {
      long now = await(f.queue.redisTimeMs());
      List<Future<Boolean>> adds = new ArrayList<>();
      for (int i = 0; i < 200; i++) adds.add(f.queue.schedule("later-" + i, "vk", "u" + (i % 9), now + 600_000 + i));
      for (int i = 0; i < 50; i++) adds.add(f.queue.schedule("ready-" + i, "telegram", "u" + (i % 4), 0));
      await(Future.all(adds));
      var held = await(f.queue.claim("telegram", "w", 600_000)).lease();
      QueueStats before = await(f.queue.inspect());
      Thread.sleep(1_100); // appendfsync everysec: what a real crash could lose is at most the last second

      redis.stop();
      redis.start();

      QueueStats after = awaitReconnected(f);
      assertEquals(before.delayed(), after.delayed());
      assertEquals(before.leased(), after.leased());
      assertEquals(before.readyByPlatform(), after.readyByPlatform());
      await(f.queue.ack(held)); // the lease and its token survived too
      int claimed = 0;
      while (await(f.queue.claim(null, "w", 60_000)).claimed()) claimed++;
      assertEquals(49, claimed, "every ready job is still claimable");
    }
  }

  @Test
  void reconcilerRestoresEverythingAfterFlushall() throws Exception {
    try (SchedulerFixture f = new SchedulerFixture(redis.url(), new JsonObject().put("reconcileIntervalMs", 1000))) {
      Pool pg = io.clipcast.db.PgPools.shared(f.vertx, f.config.getJsonObject("db"));
      Map<String, Integer> byStatus = Map.of("scheduled", 100, "queued", 100, "retrying", 100, "published", 20, "cancelled", 20);
      seed(pg, byStatus);
      f.deploySchedulers(2);
      // the first reconcile (at start) fills the empty Redis from Postgres
      QueueStats filled = awaitStats(f, s -> s.delayed() + s.ready() == 300);
      assertEquals(200, filled.delayed(), "scheduled and retrying wait for their time");
      assertEquals(100, filled.ready(), "queued are ready now");

      await(f.redis.send(Request.cmd(Command.FLUSHALL)));
      assertEquals(0, await(f.queue.inspect()).delayed());
      QueueStats restored = awaitStats(f, s -> s.delayed() + s.ready() == 300); // within one reconcile period (+ margin)
      assertEquals(200, restored.delayed());
      assertEquals(100, restored.ready());
      Thread.sleep(2_500); // two more periods: nothing duplicated
      QueueStats later = await(f.queue.inspect());
      assertEquals(200, later.delayed());
      assertEquals(100, later.ready());
    }
  }

  private static void seed(Pool pg, Map<String, Integer> byStatus) {
    SeededOwner owner = SeededOwner.insert(pg);
    OffsetDateTime future = OffsetDateTime.now(ZoneOffset.UTC).plusHours(1);
    List<Tuple> rows = new ArrayList<>();
    byStatus.forEach((status, n) -> {
      for (int i = 0; i < n; i++) {
        rows.add(Tuple.of(UUID.randomUUID(), owner.user(), owner.clip(), owner.connection(), status, future, future));
      }
    });
    await(pg.preparedQuery("INSERT INTO publications (id, user_id, clip_id, connection_id, platform, status, scheduled_for, next_attempt_at)"
        + " VALUES ($1, $2, $3, $4, 'vk', $5, $6, $7)").executeBatch(rows));
  }

  private static QueueStats awaitStats(SchedulerFixture f, java.util.function.Predicate<QueueStats> p) throws InterruptedException {
    long deadline = System.currentTimeMillis() + 5_000;
    QueueStats s = await(f.queue.inspect());
    while (!p.test(s) && System.currentTimeMillis() < deadline) {
      Thread.sleep(50);
      s = await(f.queue.inspect());
    }
    return s;
  }

  private static QueueStats awaitReconnected(SchedulerFixture f) throws InterruptedException {
    long deadline = System.currentTimeMillis() + 10_000;
    while (true) {
      try {
        return f.queue.inspect().await(2, java.util.concurrent.TimeUnit.SECONDS);
      } catch (Exception e) {
        if (System.currentTimeMillis() > deadline) throw new AssertionError("Redis did not come back", e);
        Thread.sleep(100);
      }
    }
  }
}
