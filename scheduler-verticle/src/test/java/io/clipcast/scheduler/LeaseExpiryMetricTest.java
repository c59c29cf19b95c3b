package io.clipcast.scheduler;

import io.clipcast.testing.TestServices;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static io.clipcast.scheduler.SchedulerFixture.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/** {@code clipcast_queue_requeued_total}: each lease the promotion loop finds run out and returns to ready counts once. */
class LeaseExpiryMetricTest {
  @Test
  void everyExpiredLeaseTheLoopReturnsIsCountedOnce() throws Exception {
    try (SchedulerFixture f = new SchedulerFixture(TestServices.get().redis.url(), new JsonObject().put("leaseMs", 500))) {
      List<Future<Boolean>> adds = new ArrayList<>();
      for (int i = 0; i < 7; i++) adds.add(f.queue.schedule("expiring-" + i, "telegram", "user" + i, 0));
      await(Future.all(adds));
      for (int i = 0; i < 7; i++) assertNotNull(await(f.queue.claim(null, "vanished", 500)).lease(), "claimed and abandoned");

      SimpleMeterRegistry registry = new SimpleMeterRegistry();
      QueueMetrics metrics = new QueueMetrics(registry);
      PromotionLoop loop = new PromotionLoop(f.vertx, f.queue, metrics, 1, 1000);
      f.vertx.runOnContext(v -> loop.start());
      long deadline = System.currentTimeMillis() + 10_000;
      while (registry.counter("clipcast.queue.requeued").count() < 7 && System.currentTimeMillis() < deadline) Thread.sleep(50);
      Thread.sleep(700);   // a further pass finds nothing more to return
      f.vertx.runOnContext(v -> loop.stop());
      assertEquals(7.0, registry.counter("clipcast.queue.requeued").count(), 0.0);
      assertEquals(7, await(f.queue.inspect()).leaseExpiries(), "the queue's own cluster-wide count agrees");
    }
  }
}
