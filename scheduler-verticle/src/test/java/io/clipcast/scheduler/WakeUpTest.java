package io.clipcast.scheduler;

import io.clipcast.queue.Lease;
import io.clipcast.testing.TestServices;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static io.clipcast.scheduler.SchedulerFixture.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A scheduler sleeping until a far job is woken over pub/sub when an earlier one is scheduled. */
class WakeUpTest {
  @Test
  void earlierJobWakesTheSleepingScheduler() throws Exception {
    // a long sleep cap, so only the pub/sub wake-up can make the second job on time
    try (SchedulerFixture f = new SchedulerFixture(TestServices.get().redis.url(), new JsonObject().put("schedulerMaxSleepMs", 30_000))) {
      f.deploySchedulers(1);
      long now = await(f.queue.redisTimeMs());
      await(f.queue.schedule("far", "vk", "u1", now + 25_000));
      Thread.sleep(300); // the scheduler has looked and gone to sleep for ~25 s
      long late = nearJobLateness(f);
      System.out.printf("wake-up: claimed %d ms after due%n", late);
      assertTrue(late >= 0 && late < 100, "claimed " + late + " ms after due, not at the next 25 s wake-up");
    }
  }

  /** Redis dropped the subscriber (a restart, a failover): the scheduler subscribes again and is woken as before. */
  @Test
  void aLostWakeUpSubscriptionIsRestored() throws Exception {
    try (SchedulerFixture f = new SchedulerFixture(TestServices.get().redis.url(), new JsonObject().put("schedulerMaxSleepMs", 30_000))) {
      f.deploySchedulers(1);
      long now = await(f.queue.redisTimeMs());
      await(f.queue.schedule("far", "vk", "u1", now + 25_000));
      Thread.sleep(300);
      io.vertx.redis.client.Redis admin = io.vertx.redis.client.Redis.createClient(f.vertx, f.redisUrl());
      long killed = await(admin.send(io.vertx.redis.client.Request.cmd(io.vertx.redis.client.Command.CLIENT)
          .arg("KILL").arg("TYPE").arg("pubsub"))).toLong();
      assertTrue(killed >= 1, "the scheduler's subscription was cut");
      long deadline = System.currentTimeMillis() + 10_000;
      while (System.currentTimeMillis() < deadline && await(admin.send(io.vertx.redis.client.Request.cmd(io.vertx.redis.client.Command.PUBSUB)
          .arg("NUMSUB").arg(f.queue.wakeChannel()))).get(1).toLong() == 0) {
        Thread.sleep(50);
      }
      admin.close();
      long late = nearJobLateness(f);
      assertTrue(late >= 0 && late < 100, "claimed " + late + " ms after due: the restored subscription woke the scheduler");
    }
  }

  /** Schedules a job due in 300 ms while the scheduler sleeps; how late after its due time a worker claimed it. */
  private static long nearJobLateness(SchedulerFixture f) throws Exception {
    long due = await(f.queue.redisTimeMs()) + 300;
    await(f.queue.schedule("near", "vk", "u1", due));
    CompletableFuture<Lease> got = new CompletableFuture<>();
    Worker w = await(Worker.start(f.vertx, f.redisUrl(), f.settings(), "w", lease -> {
      got.complete(lease);
      return f.queue.ack(lease);
    }));
    Lease lease = got.get(5, TimeUnit.SECONDS);
    w.stop();
    assertEquals("near", lease.jobId());
    return lease.claimedAtMs() - due;
  }
}
