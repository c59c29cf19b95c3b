package io.clipcast.publish.pipeline;

import io.clipcast.publication.PublicationLifecycle;
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
 * The publish worker's reads and non-status writes. The claim is the lifecycle's ({@link PublicationLifecycle#claim}:
 * the row moves to {@code publishing} with a new {@code fence}); this reads back the row with its clip and connection.
 * Checkpoints and progress name that fence, so a worker whose lease was taken over writes nothing.
 */
final class PublicationRecords {
  /** What the worker reads back from its claim: the row, its clip and connection, and the claim's event rows. */
  private static final String CLAIM_READ =
      "SELECT u.id, u.user_id, u.platform, u.attempts, u.fence, u.max_attempts, u.caption, u.title, u.options, u.upload_state, u.started_at,"
          + "   COALESCE(u.time_zone, (SELECT us.time_zone FROM users us WHERE us.id = u.user_id)) AS zone,"
          + "   c.id AS clip_id, c.storage_key, c.file_name, c.content_type, c.size_bytes, c.sha256, c.duration_ms, c.width, c.height,"
          + "   c.status AS clip_status, pc.id AS conn_id, pc.status AS conn_status, pc.external_account_id, pc.display_name, pc.avatar_url,"
          + "   pc.access_token_enc, pc.refresh_token_enc, pc.expires_at, pc.scopes, pc.metadata,"
          + "   (SELECT COALESCE(json_agg(json_build_object('id', i.id, 'from', i.from_status, 'to', i.to_status, 'attempt', i.attempt,"
          + "     'at', i.at) ORDER BY i.id), '[]'::json) FROM ins i) AS events"
          + " FROM upd u JOIN clips c ON c.id = u.clip_id JOIN platform_connections pc ON pc.id = u.connection_id";

  private final Pool pg;
  private final PublicationLifecycle lifecycle;

  PublicationRecords(Pool pg, PublicationLifecycle lifecycle) {
    this.pg = pg;
    this.lifecycle = lifecycle;
  }

  /** The claimed row and the status changes the claim made; empty when it is not claimable (cancelled, done, gone). */
  Future<Optional<Claimed>> claim(UUID id) {
    return lifecycle.claim(id, CLAIM_READ).map(rows -> {
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
