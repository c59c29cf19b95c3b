package io.clipcast.publish.pipeline;

import io.clipcast.publication.StatusChange;
import io.clipcast.queue.StaleLeaseException;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The publish worker's writes, each one statement. The claim moves the row to {@code publishing} (through
 * {@code queued} when it was scheduled or retrying, one event per hop), bumps its {@code fence} and returns the row with
 * its clip and connection; every later write names that fence, so a worker whose lease was taken over writes nothing.
 */
final class PublicationRecords {
  private static final String CLAIM =
      "WITH old AS (SELECT id, status, attempts, fence, next_attempt_at FROM publications"
          + "   WHERE id = $1 AND status IN ('scheduled', 'queued', 'retrying', 'publishing') FOR UPDATE),"
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
          + "   FROM upd u JOIN (VALUES ('scheduled', 'scheduled', 'queued', 1), ('scheduled', 'queued', 'publishing', 2),"
          + "     ('retrying', 'retrying', 'queued', 1), ('retrying', 'queued', 'publishing', 2), ('queued', 'queued', 'publishing', 1),"
          + "     ('takeover', 'publishing', 'publishing', 1)) AS h(origin, f, t, ord) ON h.origin = u.origin ORDER BY h.ord"
          + "   RETURNING id, from_status, to_status, attempt, at)"
          + " SELECT u.id, u.user_id, u.platform, u.attempts, u.fence, u.max_attempts, u.caption, u.title, u.options, u.upload_state, u.started_at,"
          + "   COALESCE(u.time_zone, (SELECT us.time_zone FROM users us WHERE us.id = u.user_id)) AS zone,"
          + "   c.id AS clip_id, c.storage_key, c.file_name, c.content_type, c.size_bytes, c.sha256, c.duration_ms, c.width, c.height,"
          + "   c.status AS clip_status, pc.id AS conn_id, pc.status AS conn_status, pc.external_account_id, pc.display_name, pc.avatar_url,"
          + "   pc.access_token_enc, pc.refresh_token_enc, pc.expires_at, pc.scopes, pc.metadata,"
          + "   (SELECT COALESCE(json_agg(json_build_object('id', i.id, 'from', i.from_status, 'to', i.to_status, 'attempt', i.attempt,"
          + "     'at', i.at) ORDER BY i.id), '[]'::json) FROM ins i) AS events"
          + " FROM upd u JOIN clips c ON c.id = u.clip_id JOIN platform_connections pc ON pc.id = u.connection_id";

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
          + " RETURNING id, at, attempt, (SELECT user_id FROM upd) AS user_id, (SELECT platform FROM upd) AS platform";

  private final Pool pg;

  PublicationRecords(Pool pg) {
    this.pg = pg;
  }

  /** The claimed row and the status changes the claim made; empty when it is not claimable (cancelled, done, gone). */
  Future<Optional<Claimed>> claim(UUID id) {
    return pg.preparedQuery(CLAIM).execute(Tuple.of(id)).map(rows -> {
      if (rows.size() == 0) return Optional.empty();
      Row r = rows.iterator().next();
      ClaimedPublication.Clip clip = new ClaimedPublication.Clip(r.getUUID("clip_id"), r.getString("storage_key"),
          r.getString("file_name"), r.getString("content_type"), r.getLong("size_bytes") == null ? 0 : r.getLong("size_bytes"),
          r.getString("sha256"), r.getLong("duration_ms"), r.getInteger("width"), r.getInteger("height"), r.getString("clip_status"));
      ClaimedPublication.Connection conn = new ClaimedPublication.Connection(r.getUUID("conn_id"), r.getString("conn_status"),
          r.getString("external_account_id"), r.getString("display_name"), r.getString("avatar_url"), bytes(r, "access_token_enc"),
          bytes(r, "refresh_token_enc"), r.getOffsetDateTime("expires_at"), r.getArrayOfStrings("scopes"), json(r.getValue("metadata")));
      ClaimedPublication p = new ClaimedPublication(r.getUUID("id"), r.getUUID("user_id"), r.getString("platform"),
          r.getInteger("attempts"), r.getInteger("fence"), r.getInteger("max_attempts"), r.getString("caption"), r.getString("title"),
          json(r.getValue("options")), json(r.getValue("upload_state")), r.getOffsetDateTime("started_at"), r.getString("zone"), clip, conn);
      List<StatusChange> changes = new ArrayList<>();
      Object events = r.getValue("events");
      JsonArray list = events instanceof JsonArray a ? a : new JsonArray(events.toString());
      for (int i = 0; i < list.size(); i++) {
        JsonObject e = list.getJsonObject(i);
        changes.add(new StatusChange(e.getLong("id"), p.id().toString(), p.userId().toString(), p.platform(), e.getString("from"),
            e.getString("to"), e.getInteger("attempt"), java.time.OffsetDateTime.parse(e.getString("at")).toInstant().toString(),
            new JsonObject()));
      }
      return Optional.of(new Claimed(p, changes));
    });
  }

  record Claimed(ClaimedPublication publication, List<StatusChange> changes) {}

  /** What ends (or parks) an attempt: the new status and what to record with it. */
  /** An ending's {@code uploadState} that sets the saved state aside (kept under {@code discarded}) instead of merging into it. */
  static final JsonObject DISCARD_STATE = new JsonObject().put("discarded", true);

  record Ending(String status, String externalId, String url, String errorCode, String error, java.time.OffsetDateTime nextAttemptAt,
                boolean refundAttempt, JsonObject uploadState, JsonObject detail) {}

  /** Moves the row out of {@code publishing}; empty when the fence no longer matches (another worker has it). */
  Future<Optional<StatusChange>> finish(ClaimedPublication p, Ending e) {
    return pg.preparedQuery(FINISH).execute(Tuple.from(new Object[] {p.id(), p.fence(), e.status(), e.externalId(), e.url(),
        e.errorCode(), e.error(), e.nextAttemptAt(), e.refundAttempt() ? 1 : 0, e.uploadState() == null ? new JsonObject() : e.uploadState(),
        e.detail()})).map(rows -> {
          if (rows.size() == 0) return Optional.<StatusChange>empty();
          Row r = rows.iterator().next();
          return Optional.of(new StatusChange(r.getLong("id"), p.id().toString(), p.userId().toString(), p.platform(), "publishing",
              e.status(), r.getInteger("attempt"), r.getOffsetDateTime("at").toInstant().toString(), e.detail()));
        });
  }

  /** Still publishing: the platform is working on it; the job comes back at {@code recheckAt} without spending an attempt. */
  Future<Void> pending(ClaimedPublication p, java.time.OffsetDateTime recheckAt, JsonObject detail) {
    return fenced(p, pg.preparedQuery("UPDATE publications SET next_attempt_at = $3, upload_state = upload_state || $4::jsonb,"
        + " updated_at = now() WHERE id = $1 AND fence = $2 AND status = 'publishing'").execute(Tuple.of(p.id(), p.fence(), recheckAt,
        new JsonObject().put("pending", detail))));
  }

  Future<Void> checkpoint(ClaimedPublication p, JsonObject state) {
    return fenced(p, pg.preparedQuery("UPDATE publications SET upload_state = upload_state || $3::jsonb, updated_at = now()"
        + " WHERE id = $1 AND fence = $2 AND status = 'publishing'").execute(Tuple.of(p.id(), p.fence(), state)));
  }

  Future<Void> progress(ClaimedPublication p, long bytes) {
    return pg.preparedQuery("UPDATE publications SET bytes_sent = $3 WHERE id = $1 AND fence = $2")
        .execute(Tuple.of(p.id(), p.fence(), bytes)).mapEmpty();
  }

  private static Future<Void> fenced(ClaimedPublication p, Future<io.vertx.sqlclient.RowSet<Row>> update) {
    return update.compose(rs -> rs.rowCount() == 1 ? Future.succeededFuture()
        : Future.failedFuture(new StaleLeaseException(p.id().toString(), "checkpoint")));
  }

  private static byte[] bytes(Row r, String column) {
    Buffer b = r.getBuffer(column);
    return b == null ? null : b.getBytes();
  }

  private static JsonObject json(Object value) {
    if (value == null) return new JsonObject();
    return value instanceof JsonObject o ? o : new JsonObject(value.toString());
  }
}
