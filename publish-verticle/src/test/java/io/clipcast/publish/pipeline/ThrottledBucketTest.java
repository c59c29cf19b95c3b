package io.clipcast.publish.pipeline;

import io.clipcast.config.ConfigLayers;
import io.clipcast.platforms.catalog.PlatformCatalog;
import io.clipcast.queue.Claim;
import io.clipcast.queue.JobQueue;
import io.clipcast.queue.QueueFixture;
import io.clipcast.queue.RateLimiter;
import io.clipcast.queue.RateLimits;
import io.clipcast.testing.TestServices;
import org.junit.jupiter.api.Test;

import static io.clipcast.queue.QueueFixture.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A platform's "slow down" for one connection pauses that connection, not every user of the platform (issue 13 row 11). */
class ThrottledBucketTest {
  private static final RateLimits SHIPPED = PlatformCatalog.shipped().rateLimits(ConfigLayers.fromDefaults().build());

  @Test
  void oneBotsFloodLimitPausesOnlyThatConnection() {
    try (QueueFixture f = new QueueFixture(TestServices.get().redis.url(), SHIPPED, 60_000)) {
      JobQueue q = f.queue;
      RateLimiter limiter = new RateLimiter(f.redis, f.keyPrefix);
      // Telegram answered 429 retry_after 30 to user 1's bot: AttemptRunner pauses this bucket
      String bucket = ThrottledBucket.of(SHIPPED, "telegram", "conn-1");
      assertEquals(RateLimiter.accountKey("telegram", "conn-1"), bucket, "Telegram limits per bot, not per deployment");
      await(limiter.pause(bucket, 30_000));
      await(q.schedule("p1", "telegram", "user-1", "conn-1", 0));
      await(q.schedule("p2", "telegram", "user-2", "conn-2", 0));
      Claim c = await(q.claim(null, "w", 60_000));
      assertEquals("p2", c.claimed() ? c.lease().jobId() : null, "user 2's own bot posts right away");
      Claim held = await(q.claim(null, "w", 60_000));
      assertNull(held.lease(), "user 1's post waits for its bot's retry_after");
      assertTrue(held.retryAfterMs() > 25_000, "retry after " + held.retryAfterMs());
    }
  }

  @Test
  void aPlatformWithAnAppWideLimitPausesTheAppBucket() {
    RateLimits appWide = QueueFixture.only("youtube", QueueFixture.limits(1.0, 5, 0, 1));
    assertEquals(RateLimiter.appKey("youtube"), ThrottledBucket.of(appWide, "youtube", "conn-1"));
    assertEquals(RateLimiter.accountKey("youtube", "conn-1"), ThrottledBucket.of(SHIPPED, "youtube", "conn-1"),
        "the shipped catalog has no app-wide YouTube bucket");
  }
}
