package io.clipcast.sandbox.facebook;

import io.clipcast.sandbox.meta.UploadSession;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Instant;

/**
 * One reel's upload session and lifecycle (docs/platforms/facebook.md): started → bytes in (rupload) →
 * finished with a {@code video_state} → processing → published (or draft/scheduled), or a processing error.
 */
final class FbVideo {
  final String id;
  final String pageId;
  final Instant startedAt = Instant.now();
  final UploadSession upload = new UploadSession();
  volatile String videoState;      // PUBLISHED / DRAFT / SCHEDULED once finished
  volatile String description;
  volatile String title;
  volatile Long scheduledTime;
  volatile boolean processed;
  volatile String processingError;
  volatile Instant publishedAt;
  volatile boolean failProcessing;

  FbVideo(String id, String pageId) {
    this.id = id;
    this.pageId = pageId;
  }

  boolean finished() {
    return videoState != null;
  }

  String permalink() {
    return "https://www.facebook.com/reel/" + id;
  }

  long ageSeconds() {
    return publishedAt == null ? 0 : Math.max(0, Instant.now().getEpochSecond() - publishedAt.getEpochSecond());
  }

  JsonObject status() {
    String uploading = upload.complete() ? "complete" : upload.received() > 0 ? "in_progress" : "not_started";
    String processing = processingError != null ? "error" : processed ? "complete" : finished() ? "in_progress" : "not_started";
    String publishing = publishedAt != null ? "complete" : "not_started";
    String videoStatus = processingError != null ? "error" : processed ? "ready" : finished() ? "processing"
        : upload.complete() ? "upload_complete" : "processing";
    JsonObject processingPhase = new JsonObject().put("status", processing);
    if (processingError != null) {
      processingPhase.put("errors", new JsonArray().add(new JsonObject().put("code", 1363008).put("message", processingError)));
    }
    String publishStatus = publishedAt != null ? "published" : "SCHEDULED".equals(videoState) ? "scheduled"
        : "DRAFT".equals(videoState) ? "draft" : "not_published";
    JsonObject publishingPhase = new JsonObject().put("status", publishing).put("publish_status", publishStatus);
    if (publishedAt != null) publishingPhase.put("publish_time", publishedAt.getEpochSecond());
    if (scheduledTime != null) publishingPhase.put("publish_time", scheduledTime);
    return new JsonObject().put("video_status", videoStatus)
        .put("processing_progress", processed ? 100 : finished() ? 40 : 0)
        .put("uploading_phase", new JsonObject().put("status", uploading).put("bytes_transferred", upload.received()))
        .put("processing_phase", processingPhase)
        .put("publishing_phase", publishingPhase)
        .put("copyright_check_status", new JsonObject().put("status", processed ? "complete" : "in_progress").put("matches_found", false));
  }
}
