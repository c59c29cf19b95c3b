package io.clipcast.queue;

import io.vertx.core.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import static io.clipcast.queue.QueueFixture.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link JobQueue#ackAndClaim}: the finished jobs of a worker and its next claim in one script (claim.lua). */
class AckAndClaimTest {
  private final QueueFixture f = new QueueFixture();

  @AfterEach
  void close() {
    f.close();
  }

  @Test
  void acksTheFinishedJobsAndRefusesAStaleTokenThenClaims() {
    for (int i = 0; i < 4; i++) await(f.queue.schedule("j" + i, "vk", "u" + i, 0));
    List<Lease> first = await(f.queue.claimMany(null, "w", 60_000, 2)).leases();
    Lease forged = new Lease(first.get(1).jobId(), "vk", first.get(1).userId(), first.get(1).account(), 1, "1:1.9:someone-else", 0, 0);

    ClaimBatch next = await(f.queue.ackAndClaim(List.of(first.get(0), forged), null, "w", 60_000, 5));
    assertEquals(List.of(true, false), next.acked(), "the stale token is refused");
    assertEquals(2, next.leases().size(), "and the claim still hands out what is ready");
    assertEquals(-1, next.retryAfterMs());
    QueueStats s = await(f.queue.inspect());
    assertEquals(3, s.leased(), "the forged ack changed nothing: its job is still held");

    ClaimBatch again = await(f.queue.ackAndClaim(List.of(first.get(0)), null, "w", 60_000, 5));
    assertEquals(List.of(false), again.acked(), "a job acknowledged once is not acknowledged twice");
    ClaimBatch rest = await(f.queue.ackAndClaim(List.of(first.get(1), next.leases().get(0), next.leases().get(1)), null, "w", 60_000, 5));
    assertEquals(List.of(true, true, true), rest.acked());
    s = await(f.queue.inspect());
    assertEquals(0, s.delayed() + s.ready() + s.leased());
  }

  @Test
  void aLeaseThatExpiredAndWasTakenOverIsNotAcknowledgedByItsOldHolder() throws Exception {
    QueueFixture shortLeases = new QueueFixture(f.redisUrl, RateLimits.none(), 100);
    try {
      JobQueue q = shortLeases.queue;
      await(q.schedule("j1", "vk", "u1", 0));
      Lease old = await(q.claimMany(null, "slow", 100, 1)).leases().get(0);
      Thread.sleep(250);
      assertEquals(1, await(q.requeueExpired(10)).requeued());
      ClaimBatch taken = await(q.ackAndClaim(List.of(), null, "fast", 60_000, 1));
      Lease fresh = taken.leases().get(0);
      assertEquals(2, fresh.attempt());

      assertEquals(List.of(false), await(q.ackAndClaim(List.of(old), null, "slow", 60_000, 1)).acked(),
          "the fencing token of the first attempt no longer holds");
      assertEquals(1, await(q.inspect()).leased(), "the new holder keeps the job");
      assertEquals(List.of(true), await(q.ackAndClaim(List.of(fresh), null, "fast", 60_000, 1)).acked());
    } finally {
      shortLeases.close();
    }
  }

  /**
   * Several workers on their own connections, each acknowledging its previous batch in the call that claims the
   * next: every job is handed out exactly once and acknowledged exactly once, and the queue ends empty.
   */
  @Test
  void concurrentWorkersEachGetEveryJobExactlyOnce() {
    int jobs = 3000;
    List<Future<Boolean>> adds = new ArrayList<>();
    for (int i = 0; i < jobs; i++) adds.add(f.queue.schedule("j" + i, "p" + (i % 4), "u" + (i % 37), 0));
    await(Future.all(adds));

    Map<String, Integer> handedOut = new ConcurrentHashMap<>();
    AtomicInteger acked = new AtomicInteger();
    List<Future<Void>> workers = new ArrayList<>();
    for (int w = 0; w < 6; w++) {
      JobQueue q = new JobQueue(f.client(2), f.queue.settings());
      workers.add(work(q, "w" + w, List.of(), handedOut, acked));
    }
    await(Future.all(workers));

    assertEquals(jobs, handedOut.size(), "every job was handed out");
    assertTrue(handedOut.values().stream().allMatch(n -> n == 1), "and none twice");
    assertEquals(jobs, acked.get(), "every ack held");
    QueueStats s = await(f.queue.inspect());
    assertEquals(0, s.delayed() + s.ready() + s.leased());
  }

  private Future<Void> work(JobQueue q, String worker, List<Lease> finished, Map<String, Integer> handedOut, AtomicInteger acked) {
    return q.ackAndClaim(finished, null, worker, 60_000, 7).compose(batch -> {
      batch.acked().forEach(ok -> {
        if (ok) acked.incrementAndGet();
      });
      batch.leases().forEach(l -> handedOut.merge(l.jobId(), 1, Integer::sum));
      if (batch.leases().isEmpty()) {
        return Future.succeededFuture();
      }
      return work(q, worker, batch.leases(), handedOut, acked);
    });
  }

  @Test
  void aBatchTakesPlatformsAndUsersInTurnsAsSingleClaimsWould() {
    // the same jobs claimed one at a time and in one batch come out in the same order
    Map<String, List<String>> orders = new HashMap<>();
    for (int batch : new int[] {1, 40}) {
      QueueFixture g = new QueueFixture();
      try {
        for (int i = 0; i < 40; i++) await(g.queue.schedule("j" + i, "p" + (i % 3), "u" + (i % 5), 0));
        List<String> order = new ArrayList<>();
        while (true) {
          List<Lease> got = await(g.queue.claimMany(null, "w", 60_000, batch)).leases();
          if (got.isEmpty()) break;
          got.forEach(l -> order.add(l.jobId()));
        }
        orders.put("batch" + batch, order);
      } finally {
        g.close();
      }
    }
    assertEquals(40, orders.get("batch1").size());
    assertEquals(orders.get("batch1"), orders.get("batch40"));
  }
}
