package io.clipcast.scheduler;

import io.clipcast.queue.JobQueue;
import io.clipcast.queue.JobSpec;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static net.logstash.logback.argument.StructuredArguments.kv;

/**
 * Postgres is the source of truth: every publication that is scheduled, queued or retrying must be in Redis, and so must
 * one that is publishing with a recheck or a pending deadline due ({@code next_attempt_at}), or it would wait forever. This
 * pages through them and re-adds what Redis lacks (never duplicating). One node per period does the work (a Redis
 * lock), so adding schedulers does not multiply the load. Pages are small and a short gap follows each one, so a pass
 * over tens of thousands of waiting jobs never holds Redis (one script, single-threaded) or the Postgres pool for long
 * at a stretch: run back to back, such a pass put tens of milliseconds on the API's POST tail every period.
 */
final class Reconciler {
  private static final Logger log = LoggerFactory.getLogger(Reconciler.class);
  private static final String PENDING = "SELECT id, platform, user_id, connection_id, status, scheduled_for, next_attempt_at"
      + " FROM publications WHERE (status IN ('scheduled', 'queued', 'retrying') OR (status = 'publishing' AND next_attempt_at IS NOT NULL)"
      // an attempt in flight whose job Redis lost (flush, failover) and whose worker died: nothing would ever claim it
      // again. Once a lease would have lapsed since the claim, it is treated like an expired lease (a takeover); a job
      // Redis still holds (its meta entry) is never restored twice (restore_missing.lua).
      + " OR (status = 'publishing' AND updated_at < now() - make_interval(secs => $3)))"
      + " AND id > $1 ORDER BY id LIMIT $2";

  private final Vertx vertx;
  private final Pool pg;
  private final Redis redis;
  private final JobQueue queue;
  private final int batch;
  private final long intervalMs;
  private final long pageGapMs;
  private final String owner;

  Reconciler(Vertx vertx, Pool pg, Redis redis, JobQueue queue, int batch, long intervalMs, long pageGapMs, String owner) {
    this.vertx = vertx;
    this.pageGapMs = pageGapMs;
    this.pg = pg;
    this.redis = redis;
    this.queue = queue;
    this.batch = batch;
    this.intervalMs = intervalMs;
    this.owner = owner;
  }

  /** Runs a pass if no other node did within this period; returns how many jobs were restored (0 if skipped). */
  Future<Integer> runIfDue() {
    Request lock = Request.cmd(Command.SET).arg(queue.prefix() + "reconcile-lock").arg(owner).arg("NX").arg("PX")
        .arg(Math.max(1, intervalMs - intervalMs / 10));
    return redis.send(lock).compose(r -> r == null ? Future.succeededFuture(0) : reconcile());
  }

  /** One full pass over the pending publications; a {@code publishing} one with a next attempt is a processing recheck. */
  Future<Integer> reconcile() {
    // Postgres orders uuids bytewise, so the all-zero uuid is the smallest
    return page(new UUID(0, 0), 0).onSuccess(n -> {
      if (n > 0) log.warn("reconciler restored jobs Redis had lost", kv("restored", n));
    });
  }

  private Future<Integer> page(UUID after, int restoredSoFar) {
    return pg.preparedQuery(PENDING).execute(Tuple.of(after, batch, queue.settings().leaseMs() / 1000.0)).compose(rows -> {
      List<JobSpec> specs = new ArrayList<>();
      UUID last = after;
      for (Row row : rows) {
        last = row.getUUID("id");
        specs.add(new JobSpec(last.toString(), row.getString("platform"), row.getUUID("user_id").toString(),
            row.getUUID("connection_id").toString(), dueAt(row), "publishing".equals(row.getString("status"))));
      }
      UUID next = last;
      return queue.restoreMissing(specs).compose(n -> {
        if (rows.size() < batch) return Future.succeededFuture(restoredSoFar + n);
        if (pageGapMs <= 0) return page(next, restoredSoFar + n);
        return vertx.timer(pageGapMs).compose(t -> page(next, restoredSoFar + n));
      });
    });
  }

  private static long dueAt(Row row) {
    OffsetDateTime at;
    switch (row.getString("status")) {
      case "scheduled":
        at = row.getOffsetDateTime("scheduled_for");
        break;
      case "retrying":
      case "publishing":
        at = row.getOffsetDateTime("next_attempt_at");
        break;
      default:
        at = null; // queued: due now
    }
    return at == null ? 0 : at.toInstant().toEpochMilli();
  }
}
