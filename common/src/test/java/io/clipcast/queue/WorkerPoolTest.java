package io.clipcast.queue;

import io.clipcast.testing.TestServices;
import io.vertx.core.Future;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import static io.clipcast.queue.QueueFixture.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WorkerPoolTest {
  private final QueueFixture f = new QueueFixture();

  @AfterEach
  void close() {
    f.close();
  }

  @Test
  void runsAtMostItsConcurrencyAcksSuccessesAndRetriesRetryableFailures() throws Exception {
    List<Future<Boolean>> adds = new ArrayList<>();
    for (int i = 0; i < 300; i++) adds.add(f.queue.schedule("j" + i, "p" + (i % 3), "u" + (i % 10), 0));
    await(Future.all(adds));

    AtomicInteger running = new AtomicInteger();
    AtomicInteger peak = new AtomicInteger();
    Map<String, Integer> attempts = new ConcurrentHashMap<>();
    AtomicInteger acked = new AtomicInteger();
    // every job fails its first attempt with a retryable error (retried after 0..200 ms), then succeeds
    RetryPolicy policy = new RetryPolicy(List.of(200L), 3, 0, bound -> bound);
    Redis blocking = Redis.createClient(f.vertx, new RedisOptions().setConnectionString(f.redisUrl).setMaxPoolSize(1));
    WorkSignal signal = await(WorkSignal.open(blocking, f.queue));
    WorkerPool[] pool = new WorkerPool[1];
    f.vertx.runOnContext(v -> {
      pool[0] = new WorkerPool(f.vertx, f.queue, signal, null, "pool", 8, lease -> {
        peak.accumulateAndGet(running.incrementAndGet(), Math::max);
        attempts.merge(lease.jobId(), 1, Integer::sum);
        return f.vertx.timer(2).compose(t -> {
          running.decrementAndGet();
          if (lease.attempt() > 1) return Future.succeededFuture(QueueInstruction.ACK);
          // the handler decides with the policy and answers with the decision as a value
          RetryDecision d = policy.decide(lease.attempt(), ErrorClass.RETRYABLE, 0);
          return Future.succeededFuture(QueueInstruction.requeueAfter(d.delayMs()));
        });
      }).onAcked(l -> acked.incrementAndGet());
      pool[0].start();
    });
    // the retried jobs sit in the delayed set: promote them as a scheduler would
    long deadline = System.currentTimeMillis() + 30_000;
    while (acked.get() < 300 && System.currentTimeMillis() < deadline) {
      await(f.queue.promoteDue(1000));
      Thread.sleep(20);
    }
    f.vertx.runOnContext(v -> pool[0].stop());

    assertEquals(300, acked.get(), "every job finished");
    assertTrue(peak.get() <= 8, "never more than 8 at once: " + peak.get());
    assertTrue(peak.get() >= 4, "and it does run them in parallel: " + peak.get());
    assertTrue(attempts.values().stream().allMatch(n -> n == 2), "each job failed once, was retried once");
    QueueStats s = await(f.queue.inspect());
    assertEquals(0, s.delayed() + s.ready() + s.leased());
  }

  @Test
  void permanentFailureLeavesTheQueueWithoutRetry() throws Exception {
    await(f.queue.schedule("bad", "vk", "u1", 0));
    RetryPolicy policy = new RetryPolicy(List.of(200L), 3, 0, bound -> bound);
    Redis blocking = Redis.createClient(f.vertx, new RedisOptions().setConnectionString(f.redisUrl).setMaxPoolSize(1));
    WorkSignal signal = await(WorkSignal.open(blocking, f.queue));
    AtomicInteger calls = new AtomicInteger();
    AtomicInteger acked = new AtomicInteger();
    f.vertx.runOnContext(v -> new WorkerPool(f.vertx, f.queue, signal, null, "pool", 2, lease -> {
      calls.incrementAndGet();
      assertEquals(RetryDecision.Kind.FAIL, policy.decide(lease.attempt(), ErrorClass.PERMANENT, 0).kind());
      return Future.succeededFuture(QueueInstruction.ACK);
    }).onAcked(l -> acked.incrementAndGet()).start());
    long deadline = System.currentTimeMillis() + 5_000;
    while (acked.get() < 1 && System.currentTimeMillis() < deadline) Thread.sleep(20);
    Thread.sleep(300);
    assertEquals(1, calls.get());
    assertEquals(1, acked.get());
    QueueStats s = await(f.queue.inspect());
    assertEquals(0, s.delayed() + s.ready() + s.leased(), "gone from the queue; Postgres records the failure");
  }

  @Test
  void claimManyHonoursTurnsAndAckManyReportsStaleTokens() {
    for (int i = 0; i < 5; i++) await(f.queue.schedule("a" + i, "vk", "userA", 0));
    await(f.queue.schedule("b0", "vk", "userB", 0));
    ClaimBatch batch = await(f.queue.claimMany(null, "w", 60_000, 3));
    assertEquals(3, batch.leases().size());
    assertTrue(batch.leases().stream().anyMatch(l -> l.jobId().equals("b0")), "B's turn comes within the batch");
    Lease forged = new Lease(batch.leases().get(0).jobId(), "vk", "userA", "userA", 1, "not-the-token", 0, 0);
    List<Boolean> ok = await(f.queue.ackMany(List.of(batch.leases().get(1), forged)));
    assertEquals(List.of(true, false), ok);
    assertEquals(2, await(f.queue.inspect()).leased(), "the forged ack changed nothing");
    assertEquals(-1, await(f.queue.claimMany(null, "w", 60_000, 10)).retryAfterMs(), "fewer than asked: nothing else ready");
  }
}
