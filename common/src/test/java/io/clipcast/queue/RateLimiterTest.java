package io.clipcast.queue;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.redis.client.Redis;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

import static io.clipcast.queue.QueueFixture.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RateLimiterTest {
  private final QueueFixture f = new QueueFixture();

  @AfterEach
  void close() {
    f.close();
  }

  /** One worker: acquires from its bucket as fast as answers come back, until Redis time passes {@code endMs}. */
  private Future<Void> hammer(RateLimiter limiter, String key, long endMs, ConcurrentLinkedQueue<Long> grants) {
    Promise<Void> done = Promise.promise();
    step(limiter, key, endMs, grants, done);
    return done.future();
  }

  private void step(RateLimiter limiter, String key, long endMs, ConcurrentLinkedQueue<Long> grants, Promise<Void> done) {
    limiter.acquire(key, 5, 3).onComplete(ar -> {
      if (ar.failed()) {
        done.fail(ar.cause());
        return;
      }
      if (ar.result().redisNowMs() >= endMs) {
        done.complete();
        return;
      }
      if (ar.result().granted()) grants.add(ar.result().redisNowMs());
      step(limiter, key, endMs, grants, done);
    });
  }

  @Test
  void twentyWorkersOnAFivePerSecondBucketGetAtMostRateTimesTimePlusBurst() {
    long start = await(f.queue.redisTimeMs());
    long end = start + 10_000;
    ConcurrentLinkedQueue<Long> grantsA = new ConcurrentLinkedQueue<>();
    ConcurrentLinkedQueue<Long> grantsB = new ConcurrentLinkedQueue<>();
    List<Future<Void>> workers = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      Redis own = f.client(1); // each worker on its own connection
      RateLimiter limiter = new RateLimiter(own, f.keyPrefix);
      workers.add(hammer(limiter, "app:a", end, grantsA));
      if (i < 4) workers.add(hammer(limiter, "app:b", end, grantsB)); // a second bucket, hammered at the same time
    }
    await(Future.all(workers));
    long inWindowA = grantsA.stream().filter(t -> t >= start && t < end).count();
    long inWindowB = grantsB.stream().filter(t -> t >= start && t < end).count();
    System.out.printf("rate limiter: bucket A granted %d, bucket B granted %d in 10 s of Redis time (limit 5/s, burst 3)%n",
        inWindowA, inWindowB);
    assertTrue(inWindowA <= 5 * 10 + 3, "grants " + inWindowA + " exceed 5 x 10 s + burst 3");
    assertTrue(inWindowA >= 5 * 10 - 2, "the bucket is not starved either: " + inWindowA);
    assertTrue(inWindowB <= 53 && inWindowB >= 48, "bucket B gets its own full allowance: " + inWindowB);
  }

  @Test
  void claimLeavesThrottledJobsQueuedAndSaysWhenToAskAgain() {
    QueueFixture limited = new QueueFixture(f.redisUrl, QueueFixture.only("vk", QueueFixture.limits(0, 1, 1.0, 1)), 60_000);
    try {
      JobQueue q = limited.queue;
      await(q.schedule("j1", "vk", "u1", "acct1", 0));
      await(q.schedule("j2", "vk", "u1", "acct1", 0));
      await(q.schedule("k1", "vk", "u2", "acct2", 0));
      List<String> got = new ArrayList<>();
      Claim c;
      while ((c = await(q.claim(null, "w", 60_000))).claimed()) got.add(c.lease().jobId());
      assertEquals(List.of("j1", "k1"), got, "one job per account per second; acct2 is not slowed by acct1");
      assertTrue(c.retryAfterMs() > 0 && c.retryAfterMs() <= 1000, "the worker learns when to ask again: " + c.retryAfterMs());
      assertEquals(1, await(q.inspect()).ready(), "the throttled job stays queued");
    } finally {
      limited.close();
    }
  }

  @Test
  void pauseStopsABucketForTheRetryAfter() {
    QueueFixture limited = new QueueFixture(f.redisUrl, QueueFixture.only("telegram", QueueFixture.limits(30, 30, 0, 1)), 60_000);
    try {
      RateLimiter limiter = new RateLimiter(limited.redis, limited.keyPrefix);
      await(limited.queue.schedule("j1", "telegram", "u1", 0));
      await(limiter.pause(RateLimiter.appKey("telegram"), 5_000));
      Claim c = await(limited.queue.claim(null, "w", 60_000));
      assertNull(c.lease(), "a paused platform hands out nothing");
      assertTrue(c.retryAfterMs() > 4_000 && c.retryAfterMs() <= 5_000, "retry after " + c.retryAfterMs());
      await(limiter.pause(RateLimiter.appKey("telegram"), 1_000));
      assertTrue(await(limited.queue.claim(null, "w", 60_000)).retryAfterMs() > 4_000, "a shorter pause does not cut a longer one");
    } finally {
      limited.close();
    }
  }
}
