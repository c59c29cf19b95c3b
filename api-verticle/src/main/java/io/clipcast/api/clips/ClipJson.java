package io.clipcast.api.clips;

import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;

/** A clip row as the API shows it (the storage key is ours). */
final class ClipJson {
  static final String COLUMNS = "id, file_name, content_type, size_bytes, sha256, duration_ms, width, height, video_codec, audio_codec,"
      + " status, reject_reason, created_at";

  private ClipJson() {}

  static JsonObject of(Row r) {
    return new JsonObject()
        .put("id", r.getUUID("id").toString())
        .put("fileName", r.getString("file_name"))
        .put("contentType", r.getString("content_type"))
        .put("sizeBytes", r.getLong("size_bytes"))
        .put("sha256", r.getString("sha256"))
        .put("durationMs", r.getLong("duration_ms"))
        .put("width", r.getInteger("width"))
        .put("height", r.getInteger("height"))
        .put("videoCodec", r.getString("video_codec"))
        .put("audioCodec", r.getString("audio_codec"))
        .put("status", r.getString("status"))
        .put("rejectReason", r.getString("reject_reason"))
        .put("createdAt", r.getOffsetDateTime("created_at").toInstant().toString());
  }
}
