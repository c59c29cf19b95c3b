package io.clipcast.api.publications;

import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;

import java.time.OffsetDateTime;

/**
 * A publication row as the API shows it (no upload state or request ids: those are ours), except the platform's note on
 * a published post ({@code note}: e.g. YouTube locked the upload to private because the Google project is not verified).
 */
final class PublicationJson {
  static final String COLUMNS = "id, clip_id, connection_id, platform, caption, title, options, status, scheduled_for, time_zone, late,"
      + " attempts, max_attempts, next_attempt_at, last_error_code, last_error, external_id, external_url, started_at, published_at,"
      + " created_at, updated_at, bytes_sent, upload_state->'result'->>'note' AS result_note";

  private PublicationJson() {}

  static JsonObject of(Row r) {
    return new JsonObject()
        .put("id", r.getUUID("id").toString())
        .put("clipId", r.getUUID("clip_id").toString())
        .put("connectionId", r.getUUID("connection_id").toString())
        .put("platform", r.getString("platform"))
        .put("caption", r.getString("caption"))
        .put("title", r.getString("title"))
        .put("options", r.getJsonObject("options"))
        .put("status", r.getString("status"))
        .put("scheduledFor", time(r.getOffsetDateTime("scheduled_for")))
        .put("timeZone", r.getString("time_zone"))
        .put("late", r.getBoolean("late"))
        .put("attempts", r.getInteger("attempts"))
        .put("maxAttempts", r.getInteger("max_attempts"))
        .put("nextAttemptAt", time(r.getOffsetDateTime("next_attempt_at")))
        .put("lastError", r.getString("last_error") == null ? null
            : new JsonObject().put("code", r.getString("last_error_code")).put("message", r.getString("last_error")))
        .put("bytesSent", r.getLong("bytes_sent"))
        .put("externalId", r.getString("external_id"))
        .put("externalUrl", r.getString("external_url"))
        .put("note", r.getString("result_note"))
        .put("startedAt", time(r.getOffsetDateTime("started_at")))
        .put("publishedAt", time(r.getOffsetDateTime("published_at")))
        .put("createdAt", time(r.getOffsetDateTime("created_at")))
        .put("updatedAt", time(r.getOffsetDateTime("updated_at")));
  }

  static String time(OffsetDateTime t) {
    return t == null ? null : t.toInstant().toString();
  }
}
