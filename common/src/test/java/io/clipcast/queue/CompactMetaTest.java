package io.clipcast.queue;

import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.UUID;

import static io.clipcast.queue.QueueFixture.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A job waiting in {@code delayed} is stored with the compact meta {@code #<owner>|<attempt>} under its short id
 * (lib.lua, {@link JobIds}); whatever reads it back sees the job as it was scheduled.
 */
class CompactMetaTest {
  private final QueueFixture f = new QueueFixture();
  private final JobQueue q = f.queue;
  private final String user = UUID.randomUUID().toString();
  private final String account = UUID.randomUUID().toString();

  @AfterEach
  void close() {
    f.close();
  }


  private static String id() {
    return UUID.randomUUID().toString();
  }

  /** The job's meta as stored (null: none). */
  private String storedMeta(String jobId) {
    Response r = await(f.redis.send(Request.cmd(Command.HGET).arg(q.prefix() + "meta").arg(JobIds.toRedis(jobId))));
    return r == null ? null : r.toString();
  }

  private long ownerFields() {
    return await(f.redis.send(Request.cmd(Command.HLEN).arg(q.prefix() + "owners"))).toLong();
  }

  private void promoteAll(long lastDue) throws InterruptedException {
    Thread.sleep(Math.max(0, lastDue + 20 - f.now()));
    await(q.promoteDue(1000));
  }

  @Test
  void aFutureJobWaitsCompactAndIsWholeAgainWhenPromoted() throws Exception {
    String a = id(), b = id();
    long due = f.now() + 300;
    assertTrue(await(q.schedule(a, "vk", user, account, due)));
    assertTrue(await(q.schedule(b, "vk", user, account, due + 1)));
    assertFalse(await(q.schedule(a, "vk", user, account, due)), "still idempotent");
    String meta = storedMeta(a);
    assertTrue(meta.matches("#\\d+\\|0"), meta);
    assertEquals(meta, storedMeta(b), "one owner entry for the same platform, user and account");
    assertEquals(2, ownerFields(), "the triple's code and its expansion");

    promoteAll(due + 1);
    assertEquals("vk|" + user + "|" + account + "|0|" + due + "|", storedMeta(a), "the full meta, due from the delayed score");
    Lease first = f.claimOne();
    assertEquals(a, first.jobId());
    assertEquals("vk", first.platform());
    assertEquals(user, first.userId());
    assertEquals(account, first.account());
    assertEquals(1, first.attempt());
    assertEquals(due, first.dueAtMs());
    assertEquals(b, f.claimOne().jobId());
    await(q.ack(first));
    assertNull(storedMeta(a));
  }

  @Test
  void aJobDueNowKeepsTheFullMeta() {
    String a = id();
    long due = f.now() - 5;
    assertTrue(await(q.schedule(a, "tiktok", user, account, due)));
    assertEquals("tiktok|" + user + "|" + account + "|0|" + due + "|", storedMeta(a));
    assertEquals(0, ownerFields(), "nothing interned for a job that never waits");
    Lease l = f.claimOne();
    assertEquals(a, l.jobId());
    assertEquals(account, l.account());
    assertEquals(due, l.dueAtMs());
  }

  @Test
  void cancelAndRescheduleACompactJob() throws Exception {
    String cancelled = id(), moved = id();
    long now = f.now();
    await(q.schedule(cancelled, "vk", user, account, now + 60_000));
    await(q.schedule(moved, "rutube", user, account, now + 60_000));
    assertEquals(QueueOutcome.DONE, await(q.cancel(cancelled)));
    assertNull(storedMeta(cancelled));
    assertEquals(QueueOutcome.ABSENT, await(q.cancel(cancelled)));

    assertEquals(QueueOutcome.DONE, await(q.reschedule(moved, now + 120_000)), "delayed → later");
    assertTrue(storedMeta(moved).startsWith("#"), "still waiting: still compact");
    assertEquals(1, await(q.inspect()).delayed());
    assertEquals(QueueOutcome.DONE, await(q.reschedule(moved, now)), "delayed → ready");
    assertEquals("rutube|" + user + "|" + account + "|0|" + now + "|", storedMeta(moved));
    Lease l = f.claimOne();
    assertEquals(moved, l.jobId());
    assertEquals("rutube", l.platform());
    assertEquals(user, l.userId());
    assertEquals(account, l.account());
    assertEquals(now, l.dueAtMs());

    // a retried job (attempt 1) rescheduled while it waits keeps its attempt count through the compact form
    long retryAt = f.now() + 60_000;
    await(q.nack(l, 60_000));
    assertEquals(QueueOutcome.DONE, await(q.reschedule(moved, retryAt)));
    assertTrue(storedMeta(moved).matches("#\\d+\\|1"), storedMeta(moved));
    assertEquals(QueueOutcome.DONE, await(q.reschedule(moved, 0)));
    Lease again = f.claimOne();
    assertEquals(2, again.attempt());
    assertEquals(account, again.account());
  }

  @Test
  void aReadyJobRescheduledLaterBecomesCompact() throws Exception {
    String a = id();
    await(q.schedule(a, "dzen", user, account, 0));
    long due = f.now() + 200;
    assertEquals(QueueOutcome.DONE, await(q.reschedule(a, due)));
    assertTrue(storedMeta(a).matches("#\\d+\\|0"), storedMeta(a));
    assertEquals(0, await(q.inspect()).ready());
    promoteAll(due);
    Lease l = f.claimOne();
    assertEquals(a, l.jobId());
    assertEquals("dzen", l.platform());
    assertEquals(due, l.dueAtMs());
  }

  @Test
  void restoredJobsWaitCompactAndKeepTheirRecheckFlag() throws Exception {
    String plain = id(), recheck = id(), now0 = id();
    String otherUser = UUID.randomUUID().toString();
    long due = f.now() + 300;
    List<JobSpec> lost = List.of(
        new JobSpec(plain, "vk", user, account, due),
        new JobSpec(recheck, "youtube", otherUser, otherUser, due + 1, true),
        new JobSpec(now0, "vk", user, account, 0));
    assertEquals(3, await(q.restoreMissing(lost)));
    assertEquals(0, await(q.restoreMissing(lost)), "never twice");
    assertTrue(storedMeta(plain).matches("#\\d+\\|0"), storedMeta(plain));
    assertTrue(storedMeta(recheck).matches("#\\d+\\|0"), storedMeta(recheck));
    assertFalse(storedMeta(plain).equals(storedMeta(recheck)), "two owners");
    assertEquals("vk|" + user + "|" + account + "|0|0|", storedMeta(now0));
    assertEquals(4, ownerFields());

    assertEquals(now0, f.claimOne().jobId());
    promoteAll(due + 1);
    Lease p = await(q.claim("vk", "w", 60_000)).lease();
    assertEquals(plain, p.jobId());
    assertEquals(account, p.account());
    assertEquals(due, p.dueAtMs());
    Lease r = await(q.claim("youtube", "w", 60_000)).lease();
    assertEquals(recheck, r.jobId());
    assertEquals(otherUser, r.userId());
    assertEquals(due + 1, r.dueAtMs());
    assertEquals(1L, await(f.redis.send(Request.cmd(Command.SISMEMBER).arg(q.prefix() + "recheck")
        .arg(JobIds.toRedis(recheck)))).toLong(), "still a recheck");
  }

  @Test
  void aJobWhoseOwnerEntryIsLostIsDroppedForTheReconcilerToRestore() throws Exception {
    String a = id();
    long due = f.now() + 200;
    await(q.schedule(a, "vk", user, account, due));
    await(f.redis.send(Request.cmd(Command.DEL).arg(q.prefix() + "owners")));
    promoteAll(due);
    assertNull(f.claimOne(), "no ready job under a meta nobody can read");
    assertNull(storedMeta(a), "its meta is gone, so restore_missing puts it back");
    assertEquals(1, await(q.restoreMissing(List.of(new JobSpec(a, "vk", user, account, 0)))));
    assertEquals(account, f.claimOne().account());
  }
}
