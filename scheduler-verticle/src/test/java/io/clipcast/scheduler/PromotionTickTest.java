package io.clipcast.scheduler;

import io.clipcast.testing.TestServices;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static io.clipcast.scheduler.SchedulerFixture.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code queue.promoteTickMs}: jobs falling due one by one are promoted a tick's worth at a time, at most a tick late. */
class PromotionTickTest {
  private static final long TICK_MS = 40;

  @Test
  void jobsDueWithinATickArePromotedTogether() throws Exception {
    try (SchedulerFixture f = new SchedulerFixture(TestServices.get().redis.url(), new JsonObject())) {
      long start = await(f.queue.redisTimeMs()) + 500;
      List<Future<Boolean>> adds = new ArrayList<>();
      for (int i = 0; i < 30; i++) adds.add(f.queue.schedule("tick-" + i, "telegram", "user" + i, start + 2L * i)); // over 58 ms
      await(Future.all(adds));

      SimpleMeterRegistry registry = new SimpleMeterRegistry();
      PromotionLoop loop = new PromotionLoop(f.vertx, f.queue, new QueueMetrics(registry), TICK_MS, 1000);
      f.vertx.runOnContext(v -> loop.start());
      long deadline = System.currentTimeMillis() + 10_000;
      while (registry.counter("clipcast.queue.promoted").count() < 30 && System.currentTimeMillis() < deadline) Thread.sleep(20);
      f.vertx.runOnContext(v -> loop.stop());

      assertEquals(30.0, registry.counter("clipcast.queue.promoted").count(), 0.0);
      DistributionSummary lag = registry.get("clipcast.queue.promotion.lag.ms").summary();
      // 58 ms of due times and passes ≥ 40 ms apart: 2 passes, 3 when the first lands just before a due time, one
      // more if the first pass ran before the first due time; never one per job
      assertTrue(lag.count() <= 4, "passes that promoted: " + lag.count());
      // a pass is at most a tick after the due time, plus the time the machine takes to run it
      assertTrue(lag.max() <= TICK_MS + 250, "worst promotion lag ms: " + lag.max());
    }
  }
}
