package io.clipcast.queue;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static io.clipcast.queue.QueueFixture.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 13 row 11: a recheck (a publication claimed again only to poll its processing status) spends no rate bucket,
 * so it never delays anyone's publish; a platform's pause still holds it.
 */
class RecheckBucketsTest {
  private final QueueFixture f = new QueueFixture();

  @AfterEach
  void close() {
    f.close();
  }

  private Lease claim(JobQueue q, long leaseMs) {
    return await(q.claim(null, "w", leaseMs)).lease();
  }

  @Test
  void aRecheckSpendsNoAppTokenSoAnotherUsersPublishIsNotDelayed() throws Exception {
    // an app-wide bucket of one token per 500 ms, as a platform documenting an app-wide limit would have
    QueueFixture limited = new QueueFixture(f.redisUrl, QueueFixture.only("youtube", QueueFixture.limits(2.0, 1, 0, 1)), 60_000);
    try {
      JobQueue q = limited.queue;
      await(q.schedule("p1", "youtube", "u1", "acct1", 0));
      Lease first = claim(q, 60_000);
      assertEquals("p1", first.jobId(), "u1's post takes the app token");
      await(q.recheck(first, 0)); // YouTube still processing: poll again
      Thread.sleep(600); // the app bucket has one token again
      Lease poll = claim(q, 60_000);
      assertEquals("p1", poll == null ? null : poll.jobId(), "the status poll is handed out");
      await(q.schedule("q1", "youtube", "u2", "acct2", 0));
      Lease other = claim(q, 60_000);
      assertEquals("q1", other == null ? null : other.jobId(), "u2's publish finds the token the poll did not spend");
    } finally {
      limited.close();
    }
  }

  @Test
  void aRecheckTakenOverAfterALostLeaseIsStillARecheck() throws Exception {
    // one new post per account per ~17 minutes: a hand-out of the same account again can only be a recheck
    QueueFixture limited = new QueueFixture(f.redisUrl, QueueFixture.only("rutube", QueueFixture.limits(0, 1, 0.001, 1)), 60_000);
    try {
      JobQueue q = limited.queue;
      await(q.schedule("p1", "rutube", "u1", "acct1", 0));
      Lease first = claim(q, 60_000);
      await(q.recheck(first, 0));
      Lease poll = claim(q, 200);
      assertEquals("p1", poll.jobId());
      Thread.sleep(300); // the worker polling it dies: its lease runs out
      assertEquals(1, await(q.requeueExpired(10)).requeued());
      Lease again = claim(q, 60_000);
      assertEquals("p1", again == null ? null : again.jobId(), "the taken-over poll spends no account token either");
      await(q.nack(again, 0));
      assertNull(claim(q, 60_000), "a plain retry is a new attempt and pays the account bucket");
    } finally {
      limited.close();
    }
  }

  @Test
  void aRecheckTheReconcilerRestoresIsStillARecheck() {
    // one new post per account per ~17 minutes: only a recheck of the same account can be handed out again at once
    QueueFixture limited = new QueueFixture(f.redisUrl, QueueFixture.only("rutube", QueueFixture.limits(0, 1, 0.001, 1)), 60_000);
    try {
      JobQueue q = limited.queue;
      await(q.schedule("p0", "rutube", "u1", "acct1", 0));
      assertEquals("p0", claim(q, 60_000).jobId(), "the account's one token goes to its first post");
      // Redis lost the polled publication p1; Postgres says it is publishing with a next attempt: a recheck
      assertEquals(1, await(q.restoreMissing(java.util.List.of(new JobSpec("p1", "rutube", "u1", "acct1", 0, true)))));
      Lease poll = claim(q, 60_000);
      assertEquals("p1", poll == null ? null : poll.jobId(), "the restored poll spends no account token");
      await(q.restoreMissing(java.util.List.of(new JobSpec("p2", "rutube", "u1", "acct1", 0, false))));
      assertNull(claim(q, 60_000), "a restored new post still waits for the account's bucket");
    } finally {
      limited.close();
    }
  }

  @Test
  void aPausedConnectionHoldsItsRechecksButNotOtherConnections() {
    QueueFixture limited = new QueueFixture(f.redisUrl, QueueFixture.only("telegram", QueueFixture.limits(0, 1, 0.3, 1)), 60_000);
    try {
      JobQueue q = limited.queue;
      RateLimiter limiter = new RateLimiter(limited.redis, limited.keyPrefix);
      await(q.schedule("p1", "telegram", "u1", "bot1", 0));
      Lease first = claim(q, 60_000);
      await(q.recheck(first, 0));
      await(limiter.pause(RateLimiter.accountKey("telegram", "bot1"), 5_000)); // bot1's flood limit: retry_after 5 s
      await(q.schedule("q1", "telegram", "u2", "bot2", 0));
      Claim c = await(q.claim(null, "w", 60_000));
      assertEquals("q1", c.claimed() ? c.lease().jobId() : null, "another user's bot is not held by bot1's flood limit");
      Claim held = await(q.claim(null, "w", 60_000));
      assertNull(held.lease(), "bot1's own poll waits out its pause");
      assertTrue(held.retryAfterMs() > 4_000 && held.retryAfterMs() <= 5_000, "retry after " + held.retryAfterMs());
    } finally {
      limited.close();
    }
  }
}
