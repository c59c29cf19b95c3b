package io.clipcast.stats;

import io.clipcast.platforms.ConnectorRegistry;
import io.clipcast.platforms.PostStats;
import io.clipcast.platforms.credentials.Credentials;
import io.clipcast.platforms.credentials.StoredConnection;
import io.clipcast.platforms.StatsReader;
import io.clipcast.queue.PlatformLimits;
import io.clipcast.queue.RateLimiter;
import io.clipcast.queue.RateLimits;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One round: takes the published posts whose stats read is due (SKIP LOCKED, and pushed 10 minutes ahead at once, so
 * any number of stats nodes share the work without reading a post twice), reads each through its connector within the
 * platform's cluster-wide rate limit, stores the counters and schedules the next read. Platforms without stats are
 * taken off the schedule; a failed read is tried again at the next round's pace. An expired token is refreshed through
 * the node's {@link Credentials} first; when the platform refuses the refresh, the connection is marked as needing a
 * reconnect and its posts leave the schedule, instead of failing at every round.
 */
final class StatsCollector {
  private static final Logger log = LoggerFactory.getLogger(StatsCollector.class);
  private static final String TAKE_DUE =
      "UPDATE publications p SET stats_next_at = now() + interval '10 minutes' FROM platform_connections c"
          + " WHERE p.id IN (SELECT id FROM publications WHERE status = 'published' AND stats_next_at <= now()"
          + "   ORDER BY stats_next_at LIMIT $1 FOR UPDATE SKIP LOCKED) AND c.id = p.connection_id"
          + " RETURNING p.id, p.user_id, p.platform, p.external_id, p.upload_state, p.published_at, p.stats_reads, c.id AS conn_id,"
          + " c.status AS conn_status, c.external_account_id, c.display_name, c.avatar_url, c.access_token_enc, c.refresh_token_enc,"
          + " c.expires_at, c.scopes, c.metadata";
  /** Published posts not yet on the schedule get their first read time. */
  private static final String ENROL =
      "UPDATE publications SET stats_next_at = published_at + make_interval(secs => $1) WHERE status = 'published'"
          + " AND stats_next_at IS NULL AND stats_reads = 0 AND published_at IS NOT NULL";

  private final Pool pg;
  private final ConnectorRegistry connectors;
  private final Credentials credentials;
  private final RateLimiter limiter;
  private final RateLimits limits;
  private final StatsSchedule schedule;
  private final JsonObject stats;

  StatsCollector(Pool pg, ConnectorRegistry connectors, Credentials credentials, RateLimiter limiter, RateLimits limits, JsonObject stats) {
    this.pg = pg;
    this.connectors = connectors;
    this.credentials = credentials;
    this.limiter = limiter;
    this.limits = limits;
    this.schedule = new StatsSchedule(stats);
    this.stats = stats;
  }

  /** Reads what is due now; the number of posts read. */
  Future<Integer> round() {
    double first = stats.getJsonArray("afterPublishSeconds").isEmpty() ? 0 : stats.getJsonArray("afterPublishSeconds").getLong(0);
    return pg.preparedQuery(ENROL).execute(Tuple.of(first))
        .compose(v -> pg.preparedQuery(TAKE_DUE).execute(Tuple.of(stats.getInteger("batch"))))
        .compose(rows -> {
          List<Future<Boolean>> reads = new ArrayList<>();
          for (Row r : rows) reads.add(read(r).otherwise(e -> {
            log.warn("stats of publication {} not read: {}", r.getUUID("id"), e.getMessage());
            return false;
          }));
          return Future.join(reads).map(cf -> (int) reads.stream().filter(f -> Boolean.TRUE.equals(f.result())).count());
        });
  }

  private Future<Boolean> read(Row r) {
    String platform = r.getString("platform");
    StatsReader reader = connectors.statsReader(platform).orElse(null);
    JsonObject uploadState = json(r.getValue("upload_state"));
    // a platform (or post) without counters leaves the schedule: nobody asks again
    if (reader == null || !reader.readable(r.getString("external_id"), uploadState) || !credentials.available() || r.getBuffer("access_token_enc") == null || !"connected".equals(r.getString("conn_status"))) {
      return offSchedule(r).map(false);
    }
    PlatformLimits l = limits.of(platform);
    // a counter read shares the connection's bucket with its publishes (VK: 3 calls/s per token), or the app's where the platform has one
    PlatformLimits.Bucket bucket = l == null ? null : l.bucketFor(platform, r.getUUID("conn_id").toString());
    Future<RateLimiter.Grant> grant = bucket == null ? Future.succeededFuture(new RateLimiter.Grant(true, 0, 0))
        : limiter.acquire(bucket.key(), bucket.perSecond(), bucket.burst());
    return grant.compose(g -> {
      if (!g.granted()) return later(r, g.waitMs()).map(false);
      StoredConnection c = connection(r);
      return credentials.fresh(c, credentials.open(c), connectors.get(platform).orElseThrow(), false).transform(ar -> {
        if (ar.succeeded()) {
          return reader.stats(ar.result(), r.getString("external_id"), uploadState).compose(s -> store(r, s).map(true));
        }
        if (!Credentials.isAuth(ar.cause())) return Future.failedFuture(ar.cause());
        log.info("{} connection {} needs a reconnect (stats of publication {} stop): {}", platform, c.id(), r.getUUID("id"),
            ar.cause().getMessage());
        return credentials.markNeedsReconnect(c.id()).compose(v -> offSchedule(r)).map(false);
      });
    });
  }

  private Future<Void> store(Row r, PostStats s) {
    StatsSchedule.Slot slot = schedule.following(r.getOffsetDateTime("published_at").toInstant(), r.getInteger("stats_reads"), Instant.now());
    int reads = slot.index();
    Instant next = slot.due();
    return pg.withTransaction(tx -> tx.preparedQuery("INSERT INTO publication_stats (publication_id, collected_at, views, likes, comments,"
            + " shares) VALUES ($1, now(), $2, $3, $4, $5) ON CONFLICT DO NOTHING")
        .execute(Tuple.of(r.getUUID("id"), n(s.views()), n(s.likes()), n(s.comments()), n(s.shares())))
        .compose(v -> tx.preparedQuery("UPDATE publications SET stats_reads = $2, stats_next_at = $3 WHERE id = $1")
            .execute(Tuple.of(r.getUUID("id"), reads, next == null ? OffsetDateTime.MAX : next.atOffset(ZoneOffset.UTC)))))
        .mapEmpty();
  }

  private Future<Void> later(Row r, long waitMs) {
    return pg.preparedQuery("UPDATE publications SET stats_next_at = now() + make_interval(secs => $2) WHERE id = $1")
        .execute(Tuple.of(r.getUUID("id"), Math.max(1, waitMs) / 1000.0)).mapEmpty();
  }

  private Future<Void> offSchedule(Row r) {
    return pg.preparedQuery("UPDATE publications SET stats_next_at = 'infinity' WHERE id = $1").execute(Tuple.of(r.getUUID("id"))).mapEmpty();
  }

  private static StoredConnection connection(Row r) {
    OffsetDateTime expires = r.getOffsetDateTime("expires_at");
    return new StoredConnection(r.getUUID("conn_id"), r.getUUID("user_id"), r.getString("platform"), r.getString("external_account_id"),
        r.getString("display_name"), r.getString("avatar_url"), r.getBuffer("access_token_enc").getBytes(),
        r.getBuffer("refresh_token_enc") == null ? null : r.getBuffer("refresh_token_enc").getBytes(),
        expires == null ? null : expires.toInstant(),
        r.getArrayOfStrings("scopes") == null ? List.of() : Arrays.asList(r.getArrayOfStrings("scopes")), json(r.getValue("metadata")));
  }

  private static long n(Long v) {
    return v == null ? 0 : v;
  }

  private static JsonObject json(Object value) {
    if (value == null) return new JsonObject();
    return value instanceof JsonObject o ? o : new JsonObject(value.toString());
  }
}
