package io.clipcast.queue;

import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.clipcast.queue.QueueFixture.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JobQueueTest {
  private final QueueFixture f = new QueueFixture();
  private final JobQueue q = f.queue;

  @AfterEach
  void close() {
    f.close();
  }

  private long now() {
    return f.now();
  }

  private Lease claim() {
    return f.claimOne();
  }

  @Test
  void dueJobIsReadyAtOnceAndLeavesOnAck() {
    assertTrue(await(q.schedule("j1", "vk", "u1", "acct1", 0)));
    assertFalse(await(q.schedule("j1", "vk", "u1", "acct1", 0)), "scheduling twice is a no-op");
    Lease lease = claim();
    assertEquals("j1", lease.jobId());
    assertEquals("vk", lease.platform());
    assertEquals("u1", lease.userId());
    assertEquals("acct1", lease.account());
    assertEquals(1, lease.attempt());
    assertEquals(-1, await(q.claim(null, "w2", 60_000)).retryAfterMs(), "nothing else is ready");
    assertEquals(1, await(q.inspect()).leased());
    await(q.ack(lease));
    QueueStats s = await(q.inspect());
    assertEquals(0, s.leased());
    assertEquals(0, s.delayed());
    assertEquals(0, s.ready());
    assertInstanceOf(StaleLeaseException.class, assertThrows(AssertionError.class, () -> await(q.ack(lease))).getCause());
  }

  @Test
  void futureJobWaitsForPromotionOnRedisTime() throws Exception {
    long due = now() + 300;
    await(q.schedule("j1", "vk", "u1", due));
    assertNull(claim(), "not due yet");
    assertEquals(0, await(q.promoteDue(100)).promoted());
    Thread.sleep(350);
    Promotion p = await(q.promoteDue(100));
    assertEquals(1, p.promoted());
    assertEquals(-1, p.nextDueInMs());
    Lease lease = claim();
    assertTrue(lease.claimedAtMs() >= due, "never early on the Redis clock");
    assertEquals(due, lease.dueAtMs());
  }

  @Test
  void promotionReportsTimeToNextDue() {
    long now = now();
    await(q.schedule("a", "vk", "u1", now + 5_000));
    await(q.schedule("b", "vk", "u1", now + 9_000));
    Promotion p = await(q.promoteDue(10));
    assertEquals(0, p.promoted());
    assertTrue(p.nextDueInMs() > 4_000 && p.nextDueInMs() <= 5_000, "next due in " + p.nextDueInMs());
  }

  @Test
  void aRecheckIsNotChargedToTheAccountBucketAgainButANackIs() {
    // one post per account per ~17 minutes: the second hand-out of the same account only happens as a recheck
    QueueFixture limited = new QueueFixture(f.redisUrl, QueueFixture.only("rutube", QueueFixture.limits(0, 1, 0.001, 1)), 60_000);
    try {
      JobQueue lq = limited.queue;
      await(lq.schedule("p1", "rutube", "u1", "acct1", 0));
      await(lq.schedule("p2", "rutube", "u1", "acct1", 0));
      Lease first = await(lq.claim(null, "w", 60_000)).lease();
      assertEquals("p1", first.jobId());
      assertNull(await(lq.claim(null, "w", 60_000)).lease(), "p2 waits for the account bucket");
      await(lq.recheck(first, 0));
      Lease again = await(lq.claim(null, "w", 60_000)).lease();
      assertEquals("p1", again == null ? null : again.jobId(), "the recheck of p1 is handed out despite the empty bucket");
      await(lq.nack(again, 0));
      assertNull(await(lq.claim(null, "w", 60_000)).lease(), "a plain requeue pays the account bucket like a new job");
      assertEquals(2, await(lq.inspect()).ready());
    } finally {
      limited.close();
    }
  }

  @Test
  void nackRequeuesAfterDelayWithTheSameAttemptCount() throws Exception {
    await(q.schedule("j1", "vk", "u1", 0));
    Lease first = claim();
    await(q.nack(first, 200));
    assertNull(claim(), "waits its delay");
    Thread.sleep(250);
    await(q.promoteDue(10));
    Lease second = claim();
    assertEquals(2, second.attempt(), "every hand-out raises the attempt (fencing token)");
    assertThrows(AssertionError.class, () -> await(q.nack(first, 0)), "the old token cannot nack");
    assertThrows(AssertionError.class, () -> await(q.extend(first, 1000)), "nor extend");
    assertTrue(await(q.extend(second, 120_000)) > second.claimedAtMs() + 60_000);
  }

  @Test
  void expiredLeaseGoesBackToReadyAndOldTokenIsRejected() throws Exception {
    QueueFixture shortLease = new QueueFixture(f.redisUrl, RateLimits.none(), 1_000);
    try {
      JobQueue sq = shortLease.queue;
      await(sq.schedule("j1", "vk", "u1", 0));
      Lease vanished = await(sq.claim(null, "crashy", 1_000)).lease();
      assertEquals(0, await(sq.requeueExpired(10)).requeued(), "lease still valid");
      Thread.sleep(1_100);
      Requeue r = await(sq.requeueExpired(10));
      assertEquals(1, r.requeued());
      Lease again = await(sq.claim(null, "healthy", 1_000)).lease();
      assertEquals("j1", again.jobId());
      assertEquals(2, again.attempt());
      assertThrows(AssertionError.class, () -> await(sq.ack(vanished)), "the vanished worker's ack is rejected");
      await(sq.ack(again));
      assertEquals(1, await(sq.inspect()).leaseExpiries());
    } finally {
      shortLease.close();
    }
  }

  @Test
  void cancelAndRescheduleWhereverTheJobIs() {
    long now = now();
    await(q.schedule("delayed", "vk", "u1", now + 60_000));
    await(q.schedule("ready", "vk", "u1", 0));
    await(q.schedule("held", "tiktok", "u2", 0));
    Lease held = await(q.claim("tiktok", "w", 60_000)).lease();
    assertEquals("held", held.jobId());

    assertEquals(QueueOutcome.DONE, await(q.cancel("delayed")));
    assertEquals(QueueOutcome.DONE, await(q.cancel("ready")));
    assertEquals(QueueOutcome.LEASED, await(q.cancel("held")), "a job a worker holds is not pulled from under it");
    assertEquals(QueueOutcome.ABSENT, await(q.cancel("nope")));
    QueueStats s = await(q.inspect());
    assertEquals(0, s.delayed());
    assertEquals(0, s.ready());
    assertNull(claim());

    await(q.schedule("later", "vk", "u1", 0));
    assertEquals(QueueOutcome.DONE, await(q.reschedule("later", now + 60_000)), "ready → delayed");
    assertNull(claim());
    assertEquals(1, await(q.inspect()).delayed());
    assertEquals(QueueOutcome.DONE, await(q.reschedule("later", 0)), "delayed → ready");
    assertEquals("later", claim().jobId());
    assertEquals(QueueOutcome.LEASED, await(q.reschedule("held", 0)));
  }

  @Test
  void platformFilterOnlyClaimsThatPlatform() {
    await(q.schedule("v", "vk", "u1", 0));
    await(q.schedule("t", "telegram", "u1", 0));
    assertEquals("t", await(q.claim("telegram", "w", 60_000)).lease().jobId());
    assertNull(await(q.claim("telegram", "w", 60_000)).lease());
    assertEquals("v", await(q.claim(null, "w", 60_000)).lease().jobId());
  }

  @Test
  void restoreMissingNeverDuplicates() {
    long now = now();
    await(q.schedule("known", "vk", "u1", now + 60_000));
    int restored = await(q.restoreMissing(List.of(
        new JobSpec("known", "vk", "u1", "u1", now + 60_000),
        new JobSpec("lost1", "vk", "u1", "c1", now + 60_000),
        new JobSpec("lost2", "vk", "u2", "c2", 0))));
    assertEquals(2, restored);
    assertEquals(0, await(q.restoreMissing(List.of(new JobSpec("lost1", "vk", "u1", "c1", 0)))));
    QueueStats s = await(q.inspect());
    assertEquals(2, s.delayed());
    assertEquals(Map.of("vk", 1L), s.readyByPlatform());
  }

  @Test
  void scriptsReloadAfterRedisForgetsThem() {
    await(q.schedule("j1", "vk", "u1", 0));
    await(f.redis.send(Request.cmd(Command.SCRIPT).arg("FLUSH")));
    assertEquals("j1", claim().jobId(), "NOSCRIPT is answered by loading the script again");
  }

  @Test
  void everyKeySharesOneClusterSlotTag() {
    await(q.schedule("j1", "vk", "u1", 0));
    await(q.schedule("j2", "vk", "u1", await(q.redisTimeMs()) + 60_000));
    claim();
    List<String> keys = new ArrayList<>();
    await(f.redis.send(Request.cmd(Command.KEYS).arg(f.keyPrefix + "*"))).forEach(k -> keys.add(k.toString()));
    assertFalse(keys.isEmpty());
    for (String k : keys) assertTrue(k.startsWith(f.keyPrefix + "{queue:v3}:"), k);
  }

  @Test
  void aLongReadyListStaysFifoAndLosesOnlyTheCancelledJobs() {
    // 250 ready jobs of one user (the `ready` sorted set; cancel scans a platform's jobs a page of 200 at a time)
    for (int i = 0; i < 250; i++) assertTrue(await(q.schedule("j" + i, "vk", "u1", 0)));
    await(q.schedule("other", "vk", "u2", 0));
    assertEquals(QueueOutcome.DONE, await(q.cancel("j180")));
    assertEquals(QueueOutcome.DONE, await(q.cancel("j0")));
    assertEquals(QueueOutcome.DONE, await(q.reschedule("j249", now() + 60_000)));
    assertEquals(250 - 2, await(q.inspect()).ready(), "ready = 247 of u1 + 1 of u2");
    List<String> order = new ArrayList<>();
    Lease l;
    while ((l = claim()) != null) order.add(l.jobId());
    // u2's one job was queued into the turn of u1's first job (lib.lua "Ready jobs": tags); that job was cancelled, so
    // u2 goes first, then u1's jobs in the order they were queued
    List<String> expected = new ArrayList<>(List.of("other", "j1"));
    for (int i = 2; i < 249; i++) if (i != 180) expected.add("j" + i);
    assertEquals(expected, order, "u1 and u2 take turns; u1's jobs come in the order they were queued");
  }

  @Test
  void aSpaceInAnIdOrUserIsRefusedBeforeAnythingIsWritten() {
    assertThrows(AssertionError.class, () -> await(q.schedule("j 1", "vk", "u1", 0)));
    assertThrows(AssertionError.class, () -> await(q.restoreMissing(List.of(
        new JobSpec("ok", "vk", "u1", "u1", 0), new JobSpec("j2", "vk", "u 2", "u 2", 0)))));
    assertTrue(await(q.schedule("ok", "vk", "u1", 0)), "the refused batch wrote nothing, not even its valid job");
    assertEquals(QueueOutcome.ABSENT, await(q.cancel("j 1")));
  }

  @Test
  void onePromotionKeepsDueOrderWithinAUserAndTurnsInOrderOfFirstDueJob() throws Exception {
    long due = now() + 200;
    // due order: b1 a1 a2 b2 a3 (on vk), t1 (on telegram); a user whose list is non-empty already keeps its place
    await(q.schedule("a0", "vk", "ua", 0)); // ua is in the rotation before the promotion
    String[][] jobs = {{"b1", "ub"}, {"a1", "ua"}, {"a2", "ua"}, {"b2", "ub"}, {"a3", "ua"}};
    for (int i = 0; i < jobs.length; i++) await(q.schedule(jobs[i][0], "vk", jobs[i][1], due + i));
    await(q.schedule("t1", "telegram", "ut", due + 10));
    Thread.sleep(Math.max(0, due + 60 - now()));
    assertEquals(6, await(q.promoteDue(100)).promoted());
    List<String> vk = new ArrayList<>();
    Lease l;
    while ((l = await(q.claim("vk", "w", 60_000)).lease()) != null) vk.add(l.jobId());
    assertEquals(List.of("a0", "b1", "a1", "b2", "a2", "a3"), vk);
    assertEquals("t1", claim().jobId());
    assertEquals(0, await(q.inspect()).ready());
  }
}
