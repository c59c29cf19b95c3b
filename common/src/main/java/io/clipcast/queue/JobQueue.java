package io.clipcast.queue;

import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Redis job queue (docs/architecture.md "Redis queue"). Postgres says what must run; this says when and who. Every transition is one
 * Lua script, so any number of schedulers and workers on any number of nodes promote each job once and hold it
 * one at a time. All times are on the Redis clock ({@code TIME}), so a node with a skewed clock never fires early.
 * Job ids go to Redis in their short form ({@link JobIds}) and come back as given: only this class translates.
 */
public final class JobQueue {
  private static final QueueScripts.Script SCHEDULE = QueueScripts.load("schedule");
  private static final QueueScripts.Script PROMOTE_DUE = QueueScripts.load("promote_due");
  private static final QueueScripts.Script CLAIM = QueueScripts.load("claim");
  private static final QueueScripts.Script ACK_MANY = QueueScripts.load("ack_many");
  private static final QueueScripts.Script NACK = QueueScripts.load("nack");
  private static final QueueScripts.Script EXTEND = QueueScripts.load("extend");
  private static final QueueScripts.Script CANCEL = QueueScripts.load("cancel");
  private static final QueueScripts.Script RESCHEDULE = QueueScripts.load("reschedule");
  private static final QueueScripts.Script REQUEUE_EXPIRED = QueueScripts.load("requeue_expired");
  private static final QueueScripts.Script RESTORE_MISSING = QueueScripts.load("restore_missing");
  private static final QueueScripts.Script INSPECT = QueueScripts.load("inspect");

  private final Redis redis;
  private final String prefix;
  private final List<String> keys;
  private final QueueSettings settings;
  private final List<String> limitArgs;
  private final String claimScan;
  /** At most queue.scheduleBatch jobs per schedule call, queue.scheduleCallsInFlight calls on their way at once. */
  private final ScheduleBatcher schedules;

  public JobQueue(Redis redis, QueueSettings settings) {
    this.redis = redis;
    this.settings = settings;
    this.prefix = keyPrefix(settings.keyPrefix());
    this.keys = QueueScripts.keys(prefix);
    this.schedules = new ScheduleBatcher(this::scheduleMany, settings.scheduleBatch(), settings.scheduleCallsInFlight());
    this.limitArgs = settings.limits().args();
    this.claimScan = Integer.toString(settings.claimScan());
  }

  /**
   * All queue keys start with this; the hash tag keeps them in one Redis Cluster slot. Its {@code v3} is the key layout
   * (docs/operations/redis.md "Upgrading"): a new layout gets a new tag, so the reconciler rebuilds the queue from Postgres into
   * it, as after a flush, instead of new scripts misreading old keys.
   */
  public static String keyPrefix(String configuredPrefix) {
    return configuredPrefix + "{queue:v3}:";
  }

  public String prefix() {
    return prefix;
  }

  /** Channel on which schedulers are told that an earlier job arrived (payload: its due time). */
  public String wakeChannel() {
    return prefix + "wake";
  }

  /** List whose entries wake blocked workers (BLPOP on a dedicated connection). */
  public String signalKey() {
    return prefix + "signal";
  }

  public QueueSettings settings() {
    return settings;
  }

  /**
   * Queues a job due at {@code dueAtMs} (epoch ms, Redis clock; ≤ now = ready at once). False if already queued.
   * Schedules made while others are on their way go together in one call ({@link ScheduleBatcher}).
   */
  public Future<Boolean> schedule(String jobId, String platform, String userId, String account, long dueAtMs) {
    for (String name : new String[] {jobId, platform, userId}) {
      // refused here, so that one bad job never fails the batch it would have travelled in (schedule.lua checks too)
      if (name.indexOf(' ') >= 0) {
        return Future.failedFuture(new QueueException("queue: a job id, platform or user contains a space: " + name, null));
      }
    }
    return schedules.add(new JobSpec(jobId, platform, userId, account, dueAtMs));
  }

  private Future<List<Boolean>> scheduleMany(List<JobSpec> jobs) {
    List<String> args = new ArrayList<>(1 + jobs.size() * 5);
    args.add(cap());
    for (JobSpec j : jobs) {
      args.addAll(List.of(JobIds.toRedis(j.jobId()), j.platform(), j.userId(), j.account(), Long.toString(j.dueAtMs())));
    }
    return QueueScripts.run(redis, SCHEDULE, keys, args).map(r -> {
      List<Boolean> queued = new ArrayList<>(r.size());
      for (int i = 0; i < r.size(); i++) queued.add(r.get(i).toInteger() == 1);
      return queued;
    });
  }

  public Future<Boolean> schedule(String jobId, String platform, String userId, long dueAtMs) {
    return schedule(jobId, platform, userId, userId, dueAtMs);
  }

  /** Moves up to {@code limit} due jobs (by Redis time) to the ready queues. */
  public Future<Promotion> promoteDue(int limit) {
    return run(PROMOTE_DUE, Integer.toString(limit), cap()).map(r ->
        new Promotion(r.get(0).toInteger(), r.get(1).toLong(), r.get(2).toLong(), r.get(3).toLong()));
  }

  /**
   * Hands the next ready job to {@code workerId} for {@code leaseMs}: platforms take turns, users take turns within a
   * platform, and a job whose platform or account bucket is empty stays queued. {@code platform} null = any.
   */
  public Future<Claim> claim(String platform, String workerId, long leaseMs) {
    return claimMany(platform, workerId, leaseMs, 1).map(b -> b.leases().isEmpty()
        ? new Claim(null, b.retryAfterMs())
        : new Claim(b.leases().get(0), -1));
  }

  /** Up to {@code max} jobs in one round trip, in the same turn order as {@link #claim}. */
  public Future<ClaimBatch> claimMany(String platform, String workerId, long leaseMs, int max) {
    return ackAndClaim(List.of(), platform, workerId, leaseMs, max);
  }

  /**
   * Acknowledges {@code finished} (as {@link #ackMany}: {@link ClaimBatch#acked()} is false where a token was stale) and
   * claims up to {@code max} more jobs, in one call: one script, so the acks and the claim are one atomic step.
   */
  public Future<ClaimBatch> ackAndClaim(List<Lease> finished, String platform, String workerId, long leaseMs, int max) {
    // straight into the array the request is built from: this runs once per claim, for up to a pool's worth of acks
    String[] args = new String[5 + limitArgs.size() + 2 * finished.size()];
    int a = 0;
    args[a++] = platform == null ? "" : platform;
    args[a++] = workerId;
    args[a++] = Long.toString(leaseMs);
    args[a++] = claimScan;
    args[a++] = Integer.toString(max);
    for (String limit : limitArgs) args[a++] = limit;
    for (Lease l : finished) {
      args[a++] = JobIds.toRedis(l.jobId());
      args[a++] = l.token();
    }
    return QueueScripts.run(redis, CLAIM, keys, args).map(r -> {
      long now = r.get(1).toLong();
      int acks = r.get(2).toInteger();
      List<Boolean> acked = new ArrayList<>(acks);
      for (int i = 3; i < 3 + acks; i++) acked.add(r.get(i).toInteger() == 1);
      List<Lease> leases = new ArrayList<>((r.size() - 3 - acks) / 2);
      for (int i = 3 + acks; i + 1 < r.size(); i += 2) leases.add(lease(r.get(i).toString(), r.get(i + 1).toString(), now));
      return new ClaimBatch(leases, r.get(0).toLong(), acked);
    });
  }

  /**
   * A claimed job from claim.lua's id and meta {@code platform|user|account|attempt|due|token}. Cut at the first five
   * {@code |} by hand rather than by split, which builds a list and an array per job; the token, last, may hold any character.
   */
  private static Lease lease(String redisId, String meta, long claimedAtMs) {
    int user = meta.indexOf('|') + 1;
    int account = meta.indexOf('|', user) + 1;
    int attempt = meta.indexOf('|', account) + 1;
    int due = meta.indexOf('|', attempt) + 1;
    int token = meta.indexOf('|', due) + 1;
    if (user == 0 || account == 0 || attempt == 0 || due == 0 || token == 0) {
      throw new QueueException("queue: a claimed job's meta is not platform|user|account|attempt|due|token: " + meta, null);
    }
    return new Lease(JobIds.fromRedis(redisId), meta.substring(0, user - 1), meta.substring(user, account - 1),
        meta.substring(account, attempt - 1), Integer.parseInt(meta, attempt, due - 1, 10), meta.substring(token), claimedAtMs,
        Long.parseLong(meta, due, token - 1, 10));
  }

  /** Extends a lease; fails with {@link StaleLeaseException} when the token is no longer the job's. Returns the new expiry. */
  public Future<Long> extend(Lease lease, long leaseMs) {
    return run(EXTEND, JobIds.toRedis(lease.jobId()), lease.token(), Long.toString(leaseMs)).compose(r -> r.toLong() == 0
        ? Future.failedFuture(new StaleLeaseException(lease.jobId(), "extend"))
        : Future.succeededFuture(r.toLong()));
  }

  /** The job is finished (published, failed for good, or dropped): it leaves the queue. */
  public Future<Void> ack(Lease lease) {
    return ackMany(List.of(lease)).compose(ok -> ok.get(0)
        ? Future.succeededFuture()
        : Future.failedFuture(new StaleLeaseException(lease.jobId(), "ack")));
  }

  /** Acknowledges several leases in one round trip; false where the token was stale (nothing changed for that one). */
  public Future<List<Boolean>> ackMany(List<Lease> leases) {
    List<String> args = new ArrayList<>(leases.size() * 2);
    for (Lease l : leases) {
      args.add(JobIds.toRedis(l.jobId()));
      args.add(l.token());
    }
    return QueueScripts.run(redis, ACK_MANY, keys, args).map(r -> {
      List<Boolean> ok = new ArrayList<>(r.size());
      for (int i = 0; i < r.size(); i++) ok.add(r.get(i).toInteger() == 1);
      return ok;
    });
  }

  /**
   * The job goes back to wait {@code delayMs} (on the Redis clock, so the worker's clock does not matter), keeping
   * its attempt count.
   */
  public Future<Void> nack(Lease lease, long delayMs) {
    return run(NACK, JobIds.toRedis(lease.jobId()), lease.token(), Long.toString(Math.max(0, delayMs)), cap()).compose(r -> r.toInteger() == 1
        ? Future.succeededFuture()
        : Future.failedFuture(new StaleLeaseException(lease.jobId(), "nack")));
  }

  /**
   * Back in the queue after {@code delayMs} to check on work already in flight (a platform still processing): its
   * claims spend no rate bucket (the buckets pace new posts; this delay paces the checks), and only wait out a pause
   * or an app bucket that is empty at that moment.
   */
  public Future<Void> recheck(Lease lease, long delayMs) {
    return run(NACK, JobIds.toRedis(lease.jobId()), lease.token(), Long.toString(Math.max(0, delayMs)), cap(), "1").compose(r -> r.toInteger() == 1
        ? Future.succeededFuture()
        : Future.failedFuture(new StaleLeaseException(lease.jobId(), "recheck")));
  }

  /** Removes a waiting job (delayed or ready). A job a worker holds is not touched ({@link QueueOutcome#LEASED}). */
  public Future<QueueOutcome> cancel(String jobId) {
    return run(CANCEL, JobIds.toRedis(jobId)).map(JobQueue::outcome);
  }

  public Future<QueueOutcome> reschedule(String jobId, long dueAtMs) {
    return run(RESCHEDULE, JobIds.toRedis(jobId), Long.toString(dueAtMs), cap()).map(JobQueue::outcome);
  }

  /** Returns jobs whose lease expired to ready; their old tokens stop working. */
  public Future<Requeue> requeueExpired(int limit) {
    return run(REQUEUE_EXPIRED, Integer.toString(limit), cap()).map(r -> new Requeue(r.get(0).toInteger(), r.get(1).toLong()));
  }

  /** Re-adds the jobs Redis does not know (ZADD NX semantics: known jobs are left as they are). Returns how many. */
  public Future<Integer> restoreMissing(List<JobSpec> jobs) {
    if (jobs.isEmpty()) return Future.succeededFuture(0);
    List<String> args = new ArrayList<>(List.of(cap()));
    for (JobSpec j : jobs) {
      args.addAll(List.of(JobIds.toRedis(j.jobId()), j.platform(), j.userId(), j.account(), Long.toString(j.dueAtMs()),
          j.recheck() ? "1" : "0"));
    }
    return QueueScripts.run(redis, RESTORE_MISSING, keys, args).map(Response::toInteger);
  }

  public Future<QueueStats> inspect() {
    return run(INSPECT).map(r -> {
      Map<String, Long> ready = new LinkedHashMap<>();
      for (int i = 5; i + 1 < r.size(); i += 2) ready.put(r.get(i).toString(), r.get(i + 1).toLong());
      return new QueueStats(r.get(0).toLong(), r.get(1).toLong(), r.get(2).toLong(), ready, r.get(3).toLong(), r.get(4).toLong());
    });
  }

  /** Current Redis time in epoch ms: the clock every due time is compared with. */
  public Future<Long> redisTimeMs() {
    return redis.send(Request.cmd(Command.TIME)).map(r -> r.get(0).toLong() * 1000 + r.get(1).toLong() / 1000);
  }

  private Future<Response> run(QueueScripts.Script script, String... args) {
    return QueueScripts.run(redis, script, keys, List.of(args));
  }

  private String cap() {
    return Integer.toString(settings.signalCap());
  }

  private static QueueOutcome outcome(Response r) {
    switch (r.toString()) {
      case "cancelled":
      case "rescheduled":
        return QueueOutcome.DONE;
      case "leased":
        return QueueOutcome.LEASED;
      default:
        return QueueOutcome.ABSENT;
    }
  }
}
