package io.clipcast.scheduler;

import io.clipcast.queue.Lease;
import io.clipcast.queue.StaleLeaseException;
import io.clipcast.testing.TestServices;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import static io.clipcast.scheduler.SchedulerFixture.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Workers that claim and vanish: their jobs come back after the lease, with a higher attempt; their acks are refused. */
class LeaseRecoveryTest {
  @Test
  void vanishedWorkersJobsAreRedeliveredAndTheirLateAcksRejected() throws Exception {
    try (SchedulerFixture f = new SchedulerFixture(TestServices.get().redis.url(), new JsonObject().put("leaseMs", 1000))) {
      f.deploySchedulers(1);
      List<Future<Boolean>> adds = new ArrayList<>();
      for (int i = 0; i < 50; i++) adds.add(f.queue.schedule("job-" + i, "vk", "user" + (i % 7), 0));
      await(Future.all(adds));

      // crashy workers: claim everything and never ack, extend or nack
      List<Lease> abandoned = new ArrayList<>();
      for (int i = 0; i < 50; i++) abandoned.add(await(f.queue.claim(null, "crashy-" + (i % 3), 1000)).lease());
      assertTrue(abandoned.stream().allMatch(l -> l != null && l.attempt() == 1));

      Map<String, Lease> redelivered = new ConcurrentHashMap<>();
      Worker healthy = await(Worker.start(f.vertx, f.redisUrl(), f.settings(), "healthy", lease -> {
        redelivered.put(lease.jobId(), lease);
        return f.queue.ack(lease);
      }));
      long deadline = System.currentTimeMillis() + 15_000;
      while (redelivered.size() < 50 && System.currentTimeMillis() < deadline) Thread.sleep(50);
      healthy.stop();

      assertEquals(50, redelivered.size(), "every abandoned job was delivered again");
      assertTrue(redelivered.values().stream().allMatch(l -> l.attempt() == 2), "with a higher attempt number");
      for (Lease old : abandoned) {
        Throwable refused = assertThrowsCause(() -> await(f.queue.ack(old)));
        assertInstanceOf(StaleLeaseException.class, refused, "the vanished worker's late ack is rejected");
      }
      assertEquals(50, await(f.queue.inspect()).leaseExpiries());
    }
  }

  private static Throwable assertThrowsCause(Runnable r) {
    try {
      r.run();
    } catch (AssertionError e) {
      return e.getCause();
    }
    throw new AssertionError("expected a failure");
  }
}
