package io.clipcast.publication;

import io.clipcast.queue.QueueInstruction;
import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import static io.clipcast.publication.PublicationStatus.CANCELLED;
import static io.clipcast.publication.PublicationStatus.FAILED;
import static io.clipcast.publication.PublicationStatus.PUBLISHED;
import static io.clipcast.publication.PublicationStatus.PUBLISHING;
import static io.clipcast.publication.PublicationStatus.QUEUED;
import static io.clipcast.publication.PublicationStatus.RETRYING;
import static io.clipcast.publication.PublicationStatus.SCHEDULED;
import static io.clipcast.publication.PublicationStatus.UNKNOWN;
import static io.clipcast.publication.PublicationStatus.WAITING_RECONNECT;

/**
 * The one owner of a publication's status. {@link #TABLE} lists every move (from, to, who may make it, how it is
 * fenced); every statement that writes {@code publications.status} is in this class and refuses moves the table does
 * not hold. Each move is one statement: a conditional UPDATE plus its event row, so a move that loses a race matches no
 * row and changes nothing. Committed moves are announced on the clustered event bus ({@link StatusChange#ADDRESS}).
 *
 * <p>An attempt's end arrives as an {@link AttemptOutcome}; {@link #conclude} writes it and answers the queue
 * instruction (ack, or requeue after a delay) the worker pool carries out in Redis.
 */
public final class PublicationLifecycle {

  /** One allowed move. */
  public record Move(PublicationStatus from, PublicationStatus to, Actor actor, Fencing fencing) {}

  /** The transition table (docs/architecture.md shows it as a table). */
  public static final List<Move> TABLE = List.of(
      // the claim: a due job is picked up (one event per hop), or a publishing one is rechecked / taken over
      new Move(SCHEDULED, QUEUED, Actor.WORKER, Fencing.FENCE),
      new Move(RETRYING, QUEUED, Actor.WORKER, Fencing.FENCE),
      new Move(QUEUED, PUBLISHING, Actor.WORKER, Fencing.FENCE),
      new Move(PUBLISHING, PUBLISHING, Actor.WORKER, Fencing.FENCE),
      // the end of an attempt
      new Move(PUBLISHING, PUBLISHED, Actor.WORKER, Fencing.FENCE),
      new Move(PUBLISHING, RETRYING, Actor.WORKER, Fencing.FENCE),
      new Move(PUBLISHING, FAILED, Actor.WORKER, Fencing.FENCE),
      new Move(PUBLISHING, UNKNOWN, Actor.WORKER, Fencing.FENCE),
      new Move(PUBLISHING, WAITING_RECONNECT, Actor.WORKER, Fencing.FENCE),
      // user commands
      new Move(SCHEDULED, CANCELLED, Actor.API, Fencing.STATUS),
      new Move(QUEUED, CANCELLED, Actor.API, Fencing.STATUS),
      new Move(RETRYING, CANCELLED, Actor.API, Fencing.STATUS),
      new Move(WAITING_RECONNECT, CANCELLED, Actor.API, Fencing.STATUS),
      new Move(SCHEDULED, SCHEDULED, Actor.API, Fencing.STATUS),
      new Move(FAILED, QUEUED, Actor.API, Fencing.STATUS),
      new Move(UNKNOWN, QUEUED, Actor.API, Fencing.STATUS),
      // disconnect cancels what has not started; reconnect resumes what waited for it
      new Move(SCHEDULED, CANCELLED, Actor.CONNECTION, Fencing.STATUS),
      new Move(QUEUED, CANCELLED, Actor.CONNECTION, Fencing.STATUS),
      new Move(RETRYING, CANCELLED, Actor.CONNECTION, Fencing.STATUS),
      new Move(WAITING_RECONNECT, CANCELLED, Actor.CONNECTION, Fencing.STATUS),
      new Move(WAITING_RECONNECT, QUEUED, Actor.CONNECTION, Fencing.STATUS),
      // a pull platform's verified fetcher fetched the feed that lists the post (api/feeds/FeedFetchers)
      new Move(PUBLISHING, PUBLISHED, Actor.FEED, Fencing.STATUS));

  public static boolean allows(Actor actor, PublicationStatus from, PublicationStatus to) {
    return TABLE.stream().anyMatch(m -> m.actor() == actor && m.from() == from && m.to() == to);
  }

  /** Whether any actor may move {@code from} to {@code to}. */
  public static boolean exists(PublicationStatus from, PublicationStatus to) {
    return TABLE.stream().anyMatch(m -> m.from() == from && m.to() == to);
  }

  private static void require(Actor actor, List<PublicationStatus> from, PublicationStatus to) {
    for (PublicationStatus f : from) {
      if (!allows(actor, f, to)) throw new IllegalArgumentException(actor + " may not move " + f + " to " + to);
    }
  }

  private static String[] values(List<PublicationStatus> statuses) {
    return statuses.stream().map(PublicationStatus::value).toArray(String[]::new);
  }

  // ---- single moves (API) ------------------------------------------------------------------------------------

  private static final String MOVE =
      "WITH old AS (SELECT id, status, attempts FROM publications WHERE id = $1 AND user_id = $2 AND status = ANY($3) FOR UPDATE),"
          + " upd AS (UPDATE publications p SET status = $4, updated_at = now(), version = p.version + 1,"
          + "   scheduled_for = COALESCE($6, p.scheduled_for),"
          // a user's retry gets a fresh set of attempts; after "unknown" the user has looked and wants it posted, so
          // the saved upload state (which makes connectors refuse to re-send) is dropped
          + "   attempts = CASE WHEN $7 THEN 0 ELSE p.attempts END,"
          + "   last_error = CASE WHEN $7 THEN NULL ELSE p.last_error END,"
          + "   last_error_code = CASE WHEN $7 THEN NULL ELSE p.last_error_code END,"
          + "   next_attempt_at = CASE WHEN $7 THEN NULL ELSE p.next_attempt_at END,"
          + "   upload_state = CASE WHEN $7 AND old.status = 'unknown' THEN '{}'::jsonb ELSE p.upload_state END"
          + "   FROM old WHERE p.id = old.id RETURNING p.id, p.user_id, p.platform, old.status AS from_status, old.attempts)"
          + " INSERT INTO publication_events (publication_id, from_status, to_status, attempt, detail)"
          + " SELECT id, from_status, $4, attempts, $5 FROM upd"
          + " RETURNING id, publication_id, from_status, attempt, at, (SELECT platform FROM upd) AS platform";

  private final Pool pg;
  private final EventBus bus;

  public PublicationLifecycle(Pool pg, EventBus bus) {
    this.pg = pg;
    this.bus = bus;
  }

  /** A user's cancel: empty when the publication is not the user's or not in a cancellable status. */
  public Future<Optional<StatusChange>> cancel(UUID id, UUID userId) {
    return apiMove(id, userId, List.of(SCHEDULED, QUEUED, RETRYING, WAITING_RECONNECT), CANCELLED,
        new JsonObject().put("by", "user"), null, false);
  }

  /** A user's new due time for a scheduled publication. */
  public Future<Optional<StatusChange>> reschedule(UUID id, UUID userId, Instant at) {
    return apiMove(id, userId, List.of(SCHEDULED), SCHEDULED, new JsonObject().put("by", "user").put("scheduledFor", at.toString()),
        at.atOffset(ZoneOffset.UTC), false);
  }

  /** A user's retry of a failed or unknown publication, with a fresh set of attempts. */
  public Future<Optional<StatusChange>> retry(UUID id, UUID userId) {
    return apiMove(id, userId, List.of(FAILED, UNKNOWN), QUEUED, new JsonObject().put("by", "user").put("retry", true), null, true);
  }

  private Future<Optional<StatusChange>> apiMove(UUID id, UUID userId, List<PublicationStatus> from, PublicationStatus to,
                                                 JsonObject detail, OffsetDateTime scheduledFor, boolean freshAttempts) {
    require(Actor.API, from, to);
    return pg.preparedQuery(MOVE).execute(Tuple.from(new Object[] {id, userId, values(from), to.value(), detail, scheduledFor, freshAttempts}))
        .map(rows -> {
          if (rows.size() == 0) return Optional.<StatusChange>empty();
          Row r = rows.iterator().next();
          return Optional.of(new StatusChange(r.getLong("id"), id.toString(), userId.toString(), r.getString("platform"),
              r.getString("from_status"), to.value(), r.getInteger("attempt"), r.getOffsetDateTime("at").toInstant().toString(), detail));
        })
        .onSuccess(c -> c.ifPresent(this::announce));
  }

  // ---- connection moves --------------------------------------------------------------------------------------

  private static final List<PublicationStatus> NOT_STARTED = List.of(SCHEDULED, QUEUED, RETRYING, WAITING_RECONNECT);

  private static final String CONNECTION_MOVE =
      "WITH old AS (SELECT id, status FROM publications WHERE connection_id = $1 AND user_id = $2 AND status = ANY($3) FOR UPDATE),"
          + " upd AS (UPDATE publications p SET status = $4, updated_at = now(), version = p.version + 1"
          + "   FROM old WHERE p.id = old.id RETURNING p.id, p.platform, p.attempts, old.status AS from_status),"
          + " e AS (INSERT INTO publication_events (publication_id, from_status, to_status, attempt, detail)"
          + "   SELECT id, from_status, $4, attempts, $5 FROM upd RETURNING id, publication_id, from_status, attempt, at)"
          + " SELECT e.id, e.publication_id, e.from_status, e.attempt, e.at, upd.platform FROM e JOIN upd ON upd.id = e.publication_id";

  /**
   * Disconnect: the connection's publications that have not started are cancelled, inside the caller's transaction.
   * The changes are returned, not announced: announce them after commit.
   */
  public Future<List<StatusChange>> cancelForDisconnect(SqlClient tx, UUID connectionId, UUID userId) {
    return connectionMove(tx, connectionId, userId, NOT_STARTED, CANCELLED, new JsonObject().put("by", "disconnect"));
  }

  /** Reconnect: the publications that waited for this connection go back to queued (announced; the caller enqueues them). */
  public Future<List<StatusChange>> resumeAfterReconnect(UUID connectionId, UUID userId) {
    return connectionMove(pg, connectionId, userId, List.of(WAITING_RECONNECT), QUEUED, new JsonObject().put("by", "reconnect"))
        .onSuccess(changes -> changes.forEach(this::announce));
  }

  private Future<List<StatusChange>> connectionMove(SqlClient client, UUID connectionId, UUID userId, List<PublicationStatus> from,
                                                    PublicationStatus to, JsonObject detail) {
    require(Actor.CONNECTION, from, to);
    return client.preparedQuery(CONNECTION_MOVE).execute(Tuple.of(connectionId, userId, values(from), to.value(), detail)).map(rows -> {
      List<StatusChange> changes = new ArrayList<>();
      for (Row e : rows) {
        changes.add(new StatusChange(e.getLong("id"), e.getUUID("publication_id").toString(), userId.toString(), e.getString("platform"),
            e.getString("from_status"), to.value(), e.getInteger("attempt"), e.getOffsetDateTime("at").toInstant().toString(), detail));
      }
      return changes;
    });
  }

  // ---- a pull platform's fetch -------------------------------------------------------------------------------

  private static final String FEED_PUBLISHED =
      "WITH upd AS (UPDATE publications p SET status = 'published', updated_at = now(), version = p.version + 1,"
          + "   external_id = COALESCE(p.external_id, p.id::text), external_url = COALESCE($3, p.external_url), published_at = now(),"
          + "   last_error = NULL, last_error_code = NULL, next_attempt_at = NULL,"
          + "   upload_state = p.upload_state || jsonb_build_object('result', $4::jsonb)"
          + "   WHERE p.connection_id = $1 AND p.id = ANY($2) AND p.status = 'publishing' RETURNING p.id, p.user_id, p.platform, p.attempts),"
          + " e AS (INSERT INTO publication_events (publication_id, from_status, to_status, attempt, detail)"
          + "   SELECT id, 'publishing', 'published', attempts, $5 FROM upd RETURNING id, publication_id, attempt, at)"
          + " SELECT e.id, e.publication_id, e.attempt, e.at, upd.platform, upd.user_id FROM e JOIN upd ON upd.id = e.publication_id";

  /**
   * The platform's verified fetcher fetched the connection's feed, which listed {@code listed}: those still
   * {@code publishing} are published now (their external id is the feed item's guid, the publication id).
   * {@code fetch} says what is known about that fetch and what it does not tell (the caller's words: who fetched, how
   * that was verified, what the user still checks by hand); it is kept as the attempt's result and shown in the
   * timeline event. Returns the moves made.
   */
  public Future<List<StatusChange>> publishedByFetch(UUID connectionId, List<UUID> listed, Instant fetchedAt, String url, JsonObject fetch) {
    require(Actor.FEED, List.of(PUBLISHING), PUBLISHED);
    if (listed.isEmpty()) return Future.succeededFuture(List.of());
    JsonObject result = (fetch == null ? new JsonObject() : fetch.copy()).put("feedFetchedAt", fetchedAt.toString());
    JsonObject detail = result.copy().put("url", url).put("by", "feedFetch");
    return pg.preparedQuery(FEED_PUBLISHED).execute(Tuple.of(connectionId, listed.toArray(UUID[]::new), url, result, detail)).map(rows -> {
      List<StatusChange> changes = new ArrayList<>();
      for (Row e : rows) {
        changes.add(new StatusChange(e.getLong("id"), e.getUUID("publication_id").toString(), e.getUUID("user_id").toString(),
            e.getString("platform"), PUBLISHING.value(), PUBLISHED.value(), e.getInteger("attempt"),
            e.getOffsetDateTime("at").toInstant().toString(), detail));
      }
      return changes;
    }).onSuccess(changes -> changes.forEach(this::announce));
  }

  // ---- the worker: claim -------------------------------------------------------------------------------------

  /** Statuses a claim picks up: a due job, or a publishing one coming back for a recheck or after a lost lease. */
  private static final List<PublicationStatus> CLAIMABLE = List.of(SCHEDULED, QUEUED, RETRYING, PUBLISHING);

  /**
   * The claim's event rows, one per hop of the table's WORKER moves from where the row is to {@code publishing}
   * (scheduled → queued → publishing); a takeover records publishing → publishing, a recheck records nothing.
   */
  private static String claimHops() {
    List<String> rows = new ArrayList<>();
    for (PublicationStatus from : CLAIMABLE) {
      if (from == PUBLISHING) continue;
      List<Move> path = workerPath(from, PUBLISHING);
      for (int i = 0; i < path.size(); i++) {
        rows.add("('" + from.value() + "', '" + path.get(i).from().value() + "', '" + path.get(i).to().value() + "', " + (i + 1) + ")");
      }
    }
    require(Actor.WORKER, List.of(PUBLISHING), PUBLISHING);
    rows.add("('takeover', 'publishing', 'publishing', 1)");
    return String.join(", ", rows);
  }

  /** The shortest chain of WORKER moves from {@code from} to {@code to} (breadth first over the table). */
  static List<Move> workerPath(PublicationStatus from, PublicationStatus to) {
    Map<PublicationStatus, List<Move>> reached = new LinkedHashMap<>();
    reached.put(from, List.of());
    List<PublicationStatus> frontier = List.of(from);
    while (!frontier.isEmpty() && !reached.containsKey(to)) {
      List<PublicationStatus> next = new ArrayList<>();
      for (PublicationStatus s : frontier) {
        for (Move m : TABLE) {
          if (m.actor() != Actor.WORKER || m.from() != s || reached.containsKey(m.to())) continue;
          List<Move> path = new ArrayList<>(reached.get(s));
          path.add(m);
          reached.put(m.to(), path);
          next.add(m.to());
        }
      }
      frontier = next;
    }
    if (!reached.containsKey(to)) throw new IllegalStateException("no worker path from " + from + " to " + to);
    return reached.get(to);
  }

  private static final String CLAIM_HEAD =
      "WITH old AS (SELECT id, status, attempts, fence, next_attempt_at FROM publications"
          + "   WHERE id = $1 AND status IN (" + CLAIMABLE.stream().map(s -> "'" + s.value() + "'").collect(Collectors.joining(", "))
          + ") FOR UPDATE),"
          + " upd AS (UPDATE publications p SET status = 'publishing', fence = old.fence + 1,"
          + "   attempts = old.attempts + CASE WHEN old.status = 'publishing' AND old.next_attempt_at IS NOT NULL THEN 0 ELSE 1 END,"
          + "   late = p.late OR (p.started_at IS NULL AND p.scheduled_for IS NOT NULL AND now() > p.scheduled_for + interval '60 seconds'),"
          + "   next_attempt_at = NULL, started_at = COALESCE(p.started_at, now()),"
          + "   bytes_sent = CASE WHEN old.status = 'publishing' AND old.next_attempt_at IS NOT NULL THEN p.bytes_sent END, updated_at = now(), version = p.version + 1"
          + "   FROM old WHERE p.id = old.id"
          + "   RETURNING p.*, CASE WHEN old.status <> 'publishing' THEN old.status"
          + "     WHEN old.next_attempt_at IS NULL THEN 'takeover' ELSE 'recheck' END AS origin),"
          + " ins AS (INSERT INTO publication_events (publication_id, from_status, to_status, attempt, detail)"
          + "   SELECT u.id, h.f, h.t, u.attempts, CASE WHEN h.origin = 'takeover' THEN '{\"takeover\":true}'::jsonb ELSE '{}'::jsonb END"
          + "   FROM upd u JOIN (VALUES " + claimHops() + ") AS h(origin, f, t, ord) ON h.origin = u.origin ORDER BY h.ord"
          + "   RETURNING id, from_status, to_status, attempt, at)";

  /**
   * The claim statement: the row moves to {@code publishing} with a new fence (the worker's token for every later
   * write). {@code select} reads what the worker needs from {@code upd u} (the claimed row) and {@code ins i} (the
   * event rows, in order); it runs as one statement, so the claim costs one round trip.
   */
  public static String claimStatement(String select) {
    return CLAIM_HEAD + " " + select;
  }

  /** Runs {@link #claimStatement}; no rows when the publication is not claimable (cancelled, done, gone). */
  public Future<RowSet<Row>> claim(UUID id, String select) {
    return pg.preparedQuery(claimStatement(select)).execute(Tuple.of(id));
  }

  // ---- the worker: the end of an attempt ---------------------------------------------------------------------

  /** The claimed attempt a worker concludes: the row and the fence its claim got. */
  public record AttemptRef(UUID id, UUID userId, String platform, int fence) {}

  private static final String FINISH =
      "WITH upd AS (UPDATE publications SET status = $3, updated_at = now(), version = version + 1,"
          + "   external_id = COALESCE($4, external_id), external_url = COALESCE($5, external_url),"
          + "   published_at = CASE WHEN $3 = 'published' THEN now() ELSE published_at END,"
          + "   last_error_code = $6, last_error = $7, next_attempt_at = $8, attempts = attempts - $9::int,"
          + "   upload_state = CASE WHEN $10::jsonb ? 'discarded' THEN jsonb_build_object('discarded', upload_state)"
          + "     ELSE upload_state || $10::jsonb END"
          + "   WHERE id = $1 AND fence = $2 AND status = 'publishing' RETURNING id, user_id, platform, attempts)"
          + " INSERT INTO publication_events (publication_id, from_status, to_status, attempt, detail)"
          + " SELECT id, 'publishing', $3, attempts, $11 FROM upd"
          + " RETURNING id, at, attempt";

  private static final String RECHECK =
      "UPDATE publications SET next_attempt_at = $3, upload_state = upload_state || $4::jsonb, updated_at = now()"
          + " WHERE id = $1 AND fence = $2 AND status = 'publishing'";

  /** Marks a saved upload state to be set aside (kept under {@code discarded}) instead of merged into. */
  private static final JsonObject DISCARD_STATE = new JsonObject().put("discarded", true);

  /** The published event's detail: the link, and the platform's note for the user when it has one. */
  private static JsonObject publishedDetail(AttemptOutcome.Published p) {
    JsonObject detail = new JsonObject().put("url", p.url());
    String note = p.result() == null ? null : p.result().getString("note");
    return note == null ? detail : detail.put("note", note);
  }

  /** Writes how the attempt ended and answers what the queue does with its job. */
  public Future<QueueInstruction> conclude(AttemptRef a, AttemptOutcome outcome) {
    Instant now = Instant.now();
    if (outcome instanceof AttemptOutcome.Published p) {
      return end(a, PUBLISHED, p.externalId(), p.url(), null, null, null, false, new JsonObject().put("result", p.result()),
          publishedDetail(p)).map(QueueInstruction.ACK);
    }
    if (outcome instanceof AttemptOutcome.RecheckAt r) {
      JsonObject pending = r.detail().copy().put("rechecks", r.rechecks());
      return pg.preparedQuery(RECHECK).execute(Tuple.of(a.id(), a.fence(), r.at().atOffset(ZoneOffset.UTC), new JsonObject().put("pending", pending)))
          .map(rs -> rs.rowCount() == 1 ? QueueInstruction.recheckAfter(Duration.between(now, r.at()).toMillis()) : QueueInstruction.ACK);
    }
    if (outcome instanceof AttemptOutcome.RetryAt r) {
      return end(a, RETRYING, null, null, r.code(), r.message(), r.at(), false, null, error(r.code(), r.message()))
          .map(moved -> moved ? QueueInstruction.requeueAfter(Duration.between(now, r.at()).toMillis()) : QueueInstruction.ACK);
    }
    if (outcome instanceof AttemptOutcome.DeferredUntil d) {
      return end(a, RETRYING, null, null, d.code(), d.message(), d.at(), true, null, error(d.code(), d.message()))
          .map(moved -> moved ? QueueInstruction.requeueAfter(Duration.between(now, d.at()).toMillis()) : QueueInstruction.ACK);
    }
    if (outcome instanceof AttemptOutcome.WaitingReconnect w) {
      return end(a, WAITING_RECONNECT, null, null, w.code(), w.message(), null, true, null, error(w.code(), w.message()))
          .map(QueueInstruction.ACK);
    }
    if (outcome instanceof AttemptOutcome.Failed f) {
      return end(a, FAILED, null, null, f.code(), f.message(), null, false, f.discardState() ? DISCARD_STATE : null, error(f.code(), f.message()))
          .map(QueueInstruction.ACK);
    }
    if (outcome instanceof AttemptOutcome.Unknown u) {
      return end(a, UNKNOWN, null, null, u.code(), u.message(), null, false, null, error(u.code(), u.message())).map(QueueInstruction.ACK);
    }
    return Future.succeededFuture(QueueInstruction.ACK);   // superseded: another worker owns it now
  }

  private static JsonObject error(String code, String message) {
    return new JsonObject().put("error", message).put("code", code);
  }

  /** Moves the row out of {@code publishing}; false when the fence no longer matches (another worker has it). */
  private Future<Boolean> end(AttemptRef a, PublicationStatus to, String externalId, String url, String code, String error, Instant next,
                              boolean refundAttempt, JsonObject uploadState, JsonObject detail) {
    require(Actor.WORKER, List.of(PUBLISHING), to);
    return pg.preparedQuery(FINISH).execute(Tuple.from(new Object[] {a.id(), a.fence(), to.value(), externalId, url, code, error,
        next == null ? null : next.atOffset(ZoneOffset.UTC), refundAttempt ? 1 : 0, uploadState == null ? new JsonObject() : uploadState,
        detail})).map(rows -> {
          if (rows.size() == 0) return false;
          Row r = rows.iterator().next();
          announce(new StatusChange(r.getLong("id"), a.id().toString(), a.userId().toString(), a.platform(), PUBLISHING.value(),
              to.value(), r.getInteger("attempt"), r.getOffsetDateTime("at").toInstant().toString(), detail));
          return true;
        });
  }

  private static final String RECHECK_NOW =
      "UPDATE publications SET next_attempt_at = now(),"
          + " upload_state = jsonb_set(upload_state, '{pending,rechecks}', '-1'::jsonb, true) || jsonb_build_object('mediaPulledAt', now())"
          // only the first complete pull counts: whoever holds the signed link cannot keep the platform polled by downloading
          // it again and again (the marker sits beside the connector's record, which ignores keys it does not know)
          + " WHERE clip_id = $1 AND status = 'publishing' AND next_attempt_at IS NOT NULL AND upload_state ? 'pending'"
          + " AND NOT upload_state ? 'mediaPulledAt' RETURNING id";

  /**
   * A platform finished pulling the clip's media link: the publications of that clip waiting on a recheck are due now,
   * and their recheck backoff starts over (processing begins at this moment). Only the first pull counts; a later one
   * leaves the timer alone. Returns their ids for the queue.
   */
  public Future<List<UUID>> pulled(UUID clipId) {
    return pg.preparedQuery(RECHECK_NOW).execute(Tuple.of(clipId)).map(rows -> {
      List<UUID> ids = new ArrayList<>();
      for (Row r : rows) ids.add(r.getUUID("id"));
      return ids;
    });
  }

  /** Tells every node (and so every SSE stream) about a committed change. */
  public void announce(StatusChange change) {
    bus.publish(StatusChange.ADDRESS, change.toJson());
  }

  /** The statuses {@code actor} may move anything out of, for tests and docs. */
  public static Set<PublicationStatus> sources(Actor actor) {
    Set<PublicationStatus> s = EnumSet.noneOf(PublicationStatus.class);
    TABLE.stream().filter(m -> m.actor() == actor).forEach(m -> s.add(m.from()));
    return s;
  }
}
