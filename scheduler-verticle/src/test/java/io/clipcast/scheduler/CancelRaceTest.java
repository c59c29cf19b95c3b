package io.clipcast.scheduler;

import io.clipcast.queue.Lease;
import io.clipcast.queue.QueueOutcome;
import io.clipcast.testing.TestServices;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import static io.clipcast.scheduler.SchedulerFixture.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * 10,000 jobs each cancelled at about its due time while 3 schedulers promote and 2 workers claim: a job whose
 * cancel succeeded is never claimed, and nothing is left half-removed.
 */
class CancelRaceTest {
  @Test
  void cancelledJobIsNeverClaimed() throws Exception {
    try (SchedulerFixture f = new SchedulerFixture(TestServices.get().redis.url(), new JsonObject())) {
      f.deploySchedulers(3);
      Set<String> claimed = ConcurrentHashMap.newKeySet();
      List<Worker> workers = new ArrayList<>();
      for (int i = 0; i < 2; i++) {
        workers.add(await(Worker.start(f.vertx, f.redisUrl(), f.settings(), "w" + i, lease -> {
          claimed.add(lease.jobId());
          return f.queue.ack(lease);
        })));
      }
      Map<String, QueueOutcome> cancels = new ConcurrentHashMap<>();
      Random random = new Random(7);
      for (int batch = 0; batch < 100; batch++) {
        long now = await(f.queue.redisTimeMs());
        List<Future<?>> ops = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
          String id = "job-" + batch + "-" + i;
          long due = now + random.nextInt(20);
          long cancelAfter = random.nextInt(25);
          Promise<Void> cancelled = Promise.promise();
          f.queue.schedule(id, "p" + (i % 3), "user" + (i % 5), due).onComplete(ar ->
              f.vertx.setTimer(Math.max(1, cancelAfter), t -> f.queue.cancel(id).onSuccess(o -> cancels.put(id, o))
                  .<Void>mapEmpty().onComplete(cancelled)));
          ops.add(cancelled.future());
        }
        await(Future.all(ops));
      }
      Thread.sleep(1_500); // anything still promotable would be claimed by now
      workers.forEach(Worker::stop);

      long done = cancels.values().stream().filter(o -> o == QueueOutcome.DONE).count();
      System.out.printf("cancel race: %d cancelled before a worker got them, %d claimed first%n", done, claimed.size());
      assertEquals(10_000, cancels.size());
      for (var e : cancels.entrySet()) {
        if (e.getValue() == QueueOutcome.DONE) {
          assertTrue(!claimed.contains(e.getKey()), e.getKey() + " was cancelled and still claimed");
        }
      }
      assertTrue(done > 0 && !claimed.isEmpty(), "both sides of the race happened (cancelled " + done + ", claimed " + claimed.size() + ")");
      var stats = await(f.queue.inspect());
      assertEquals(0, stats.delayed() + stats.ready() + stats.leased(), "nothing left half-removed: " + stats);
    }
  }
}
