package io.clipcast.platforms.catalog;

import io.clipcast.config.ConfigLayers;
import io.clipcast.queue.Claim;
import io.clipcast.queue.ClaimBatch;
import io.clipcast.queue.JobQueue;
import io.clipcast.queue.Lease;
import io.clipcast.queue.QueueFixture;
import io.clipcast.queue.RateLimits;
import io.clipcast.testing.TestServices;
import io.vertx.core.Future;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static io.clipcast.queue.QueueFixture.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 13 row 11, with the shipped catalog's rate limits on a real Redis queue: users who each publish with their own
 * account never wait for each other (no platform documents an app-wide per-second limit for publishing), while each
 * account's own documented limit still holds.
 */
class ShippedRateLimitsTest {
  private static final RateLimits SHIPPED = PlatformCatalog.shipped().rateLimits(ConfigLayers.fromDefaults().build());

  @Test
  void aHundredUsersWithTheirOwnVkAccountsAreAllClaimedAtOnceAndEachAccountKeepsItsLimit() {
    try (QueueFixture f = new QueueFixture(TestServices.get().redis.url(), SHIPPED, 60_000)) {
      JobQueue q = f.queue;
      List<Future<Boolean>> adds = new ArrayList<>();
      for (int i = 0; i < 100; i++) adds.add(q.schedule("post-" + i, "vk", "user-" + i, "acct-" + i, 0));
      await(Future.all(adds));
      await(q.schedule("second-0", "vk", "user-0", "acct-0", 0)); // user 0's second clip, same VK account
      long start = await(q.redisTimeMs());

      Set<String> claimed = new HashSet<>();
      ClaimBatch b;
      do {
        b = await(q.claimMany(null, "w", 60_000, 25));
        for (Lease l : b.leases()) claimed.add(l.jobId());
      } while (!b.leases().isEmpty());
      long tookMs = await(q.redisTimeMs()) - start;

      assertEquals(100, claimed.stream().filter(id -> id.startsWith("post-")).count(),
          "all 100 users' posts are claimable at the same moment (today: 5, then 1 a second)");
      assertTrue(tookMs < 2_000, "promptly: " + tookMs + " ms");
      assertTrue(!claimed.contains("second-0"), "the same VK account's second post waits for its own bucket");
      assertTrue(b.retryAfterMs() > 3_000 && b.retryAfterMs() <= 5_000, "one new post per 5 s per VK token: retry after " + b.retryAfterMs());
    }
  }

  @Test
  void onEveryPlatformOneUsersAccountNeverHoldsUpAnothers() {
    try (QueueFixture f = new QueueFixture(TestServices.get().redis.url(), SHIPPED, 60_000)) {
      JobQueue q = f.queue;
      List<Future<Boolean>> adds = new ArrayList<>();
      for (String platform : SHIPPED.all().keySet()) {
        for (int i = 0; i < 20; i++) adds.add(q.schedule(platform + "-" + i, platform, "user-" + i, platform + "-acct-" + i, 0));
      }
      await(Future.all(adds));
      int expected = 20 * SHIPPED.all().size();
      int got = 0;
      Claim c;
      while ((c = await(q.claim(null, "w", 60_000))).claimed()) got++;
      assertEquals(expected, got, "every platform hands out all 20 users' first posts at once");
      assertNull(c.lease());
    }
  }
}
