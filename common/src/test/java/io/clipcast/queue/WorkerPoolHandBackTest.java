package io.clipcast.queue;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import static io.clipcast.queue.QueueFixture.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The graceful stop of a {@link WorkerPool} on real Redis: jobs that finish in time are acknowledged as usual, and a
 * job whose handler never finishes is handed back at the deadline, claimable by another worker at once — not one
 * lease time (here a whole minute) later.
 */
class WorkerPoolHandBackTest {
  private final QueueFixture f = new QueueFixture();

  @AfterEach
  void close() {
    f.close();
  }

  private WorkerPool started(int concurrency, java.util.function.Function<Lease, Future<QueueInstruction>> handler,
                             Set<String> handedBack, AtomicInteger acked) {
    Redis blocking = Redis.createClient(f.vertx, new RedisOptions().setConnectionString(f.redisUrl).setMaxPoolSize(1));
    WorkSignal signal = await(WorkSignal.open(blocking, f.queue));
    WorkerPool[] pool = new WorkerPool[1];
    Promise<Void> ready = Promise.promise();
    context = f.vertx.getOrCreateContext(); // the pool lives on one context, as in a verticle
    context.runOnContext(v -> {
      pool[0] = new WorkerPool(f.vertx, f.queue, signal, null, "stopping-node", concurrency, handler)
          .onAcked(l -> acked.incrementAndGet())
          .onHandedBack(l -> handedBack.add(l.jobId()));
      pool[0].start();
      ready.complete();
    });
    await(ready.future());
    return pool[0];
  }

  private io.vertx.core.Context context;

  private Future<Void> stopOnContext(WorkerPool pool, long handBackAfterMs) {
    Promise<Void> done = Promise.promise();
    context.runOnContext(v -> pool.stop(handBackAfterMs).onComplete(done));
    return done.future();
  }

  @Test
  void aHandlerThatNeverFinishesIsHandedBackAtTheDeadlineAndIsClaimableAtOnce() throws Exception {
    for (int i = 0; i < 3; i++) await(f.queue.schedule("stuck" + i, "vk", "u" + i, 0));
    Set<String> started = ConcurrentHashMap.newKeySet();
    Set<String> handedBack = ConcurrentHashMap.newKeySet();
    AtomicInteger acked = new AtomicInteger();
    Map<String, Lease> leases = new ConcurrentHashMap<>();
    WorkerPool pool = started(4, lease -> {
      started.add(lease.jobId());
      leases.put(lease.jobId(), lease);
      return Promise.<QueueInstruction>promise().future(); // an upload that would outlast any stop
    }, handedBack, acked);
    long until = System.currentTimeMillis() + 10_000;
    while (started.size() < 3 && System.currentTimeMillis() < until) Thread.sleep(10);
    assertEquals(3, started.size(), "all three in hand");
    assertEquals(3, await(f.queue.inspect()).leased());

    long t0 = System.nanoTime();
    stopOnContext(pool, 400).await(10, TimeUnit.SECONDS);
    long tookMs = (System.nanoTime() - t0) / 1_000_000;
    assertTrue(tookMs >= 390 && tookMs < 3_000, "the stop waited for the deadline, then handed back at once: " + tookMs + " ms");
    assertEquals(Set.of("stuck0", "stuck1", "stuck2"), handedBack);
    assertEquals(0, acked.get());
    QueueStats s = await(f.queue.inspect());
    assertEquals(0, s.leased(), "no lease left to expire");

    // another node claims them right away, though the lease (60 s) of the stopped node would still run
    ClaimBatch next = await(f.queue.claimMany(null, "next-node", 60_000, 10));
    assertEquals(Set.of("stuck0", "stuck1", "stuck2"), next.leases().stream().map(Lease::jobId).collect(Collectors.toSet()));
    // whatever the abandoned attempt still does, its token no longer counts
    assertEquals(List.of(false, false, false), await(f.queue.ackMany(List.copyOf(leases.values()))));
    assertEquals(List.of(true, true, true), await(f.queue.ackMany(next.leases())));
  }

  @Test
  void jobsThatFinishBeforeTheDeadlineAreAcknowledgedAndTheStopDoesNotWaitLonger() throws Exception {
    for (int i = 0; i < 4; i++) await(f.queue.schedule("quick" + i, "vk", "u" + i, 0));
    Set<String> started = ConcurrentHashMap.newKeySet();
    Set<String> handedBack = ConcurrentHashMap.newKeySet();
    AtomicInteger acked = new AtomicInteger();
    WorkerPool pool = started(4, lease -> {
      started.add(lease.jobId());
      return f.vertx.timer(300).map(t -> QueueInstruction.ACK);
    }, handedBack, acked);
    long until = System.currentTimeMillis() + 10_000;
    while (started.size() < 4 && System.currentTimeMillis() < until) Thread.sleep(5);
    long t0 = System.nanoTime();
    stopOnContext(pool, 20_000).await(10, TimeUnit.SECONDS);
    long tookMs = (System.nanoTime() - t0) / 1_000_000;
    assertTrue(tookMs < 5_000, "done as soon as the jobs were: " + tookMs + " ms");
    assertEquals(4, acked.get(), "every ack confirmed before the stop completed");
    assertEquals(Set.of(), handedBack);
    QueueStats s = await(f.queue.inspect());
    assertEquals(0, s.delayed() + s.ready() + s.leased());
  }
}
