package io.clipcast.sandbox.youtube;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.util.Set;

/**
 * A video created when a resumable upload's last byte arrived. Its processing and counters are functions of time, so
 * polling and stats collection see real change. {@code rejectionReason}: why YouTube rejects it ({@code duplicate}, …), or null.
 * {@code auditLock}: uploaded by an unaudited project, so it is private once processed whatever was asked ({@link AuditedProjects}).
 */
record YouTubeVideo(String id, YouTubeChannels.Channel channel, JsonObject snippet, JsonObject status, long bytes, String sha256,
                    long processingMs, boolean failsProcessing, String rejectionReason, boolean auditLock, Instant uploadedAt) {
  /** The parts a video resource has (videos.insert and videos.list accept these). */
  static final Set<String> PARTS = Set.of("snippet", "status", "contentDetails", "id", "localizations", "recordingDetails", "statistics",
      "player", "processingDetails", "topicDetails", "fileDetails", "suggestions", "liveStreamingDetails");

  private long elapsedMs() {
    return Instant.now().toEpochMilli() - uploadedAt.toEpochMilli();
  }

  boolean processing() {
    return elapsedMs() < processingMs;
  }

  boolean processed() {
    return !processing() && !failsProcessing && rejectionReason == null;
  }

  /** The privacy the video has now: as asked, or private once an unaudited project's upload is processed. */
  String privacy() {
    return auditLock && !processing() ? "private" : status.getString("privacyStatus");
  }

  /** The video resource with the requested parts; processingDetails and owner-only counters only for the owner. */
  JsonObject resource(Set<String> parts, boolean owner) {
    JsonObject v = new JsonObject().put("kind", "youtube#video").put("etag", GoogleTokens.random(12)).put("id", id);
    if (parts.contains("snippet")) {
      JsonObject s = new JsonObject().put("publishedAt", uploadedAt.toString()).put("channelId", channel.id())
          .put("title", snippet.getString("title")).put("description", snippet.getString("description", ""))
          .put("thumbnails", new JsonObject().put("default", new JsonObject().put("url", "https://i.ytimg.com/vi/" + id + "/default.jpg")
              .put("width", 120).put("height", 90)))
          .put("channelTitle", channel.title()).put("categoryId", snippet.getString("categoryId", "22"))
          .put("liveBroadcastContent", "none");
      if (snippet.getJsonArray("tags") != null) s.put("tags", snippet.getJsonArray("tags").copy());
      v.put("snippet", s);
    }
    if (parts.contains("status")) v.put("status", statusJson());
    if (parts.contains("processingDetails") && owner) v.put("processingDetails", processingDetails());
    if (parts.contains("statistics")) v.put("statistics", statistics(owner));
    return v;
  }

  private JsonObject statusJson() {
    JsonObject s = new JsonObject();
    if (processing()) s.put("uploadStatus", "uploaded");
    else if (failsProcessing) s.put("uploadStatus", "failed").put("failureReason", "conversion");
    else if (rejectionReason != null) s.put("uploadStatus", "rejected").put("rejectionReason", rejectionReason);
    else s.put("uploadStatus", "processed");
    s.put("privacyStatus", privacy()).put("license", status.getString("license", "youtube"))
        .put("embeddable", status.getBoolean("embeddable", true)).put("publicStatsViewable", status.getBoolean("publicStatsViewable", true))
        .put("madeForKids", status.getBoolean("selfDeclaredMadeForKids", false));
    if (status.containsKey("selfDeclaredMadeForKids")) s.put("selfDeclaredMadeForKids", status.getBoolean("selfDeclaredMadeForKids"));
    if (status.getString("publishAt") != null) s.put("publishAt", status.getString("publishAt"));
    return s;
  }

  private JsonObject processingDetails() {
    if (processing()) {
      long total = 1000;
      long done = Math.min(total - 1, elapsedMs() * total / Math.max(1, processingMs));
      return new JsonObject().put("processingStatus", "processing").put("processingProgress", new JsonObject()
          .put("partsTotal", Long.toString(total)).put("partsProcessed", Long.toString(done))
          .put("timeLeftMs", Long.toString(Math.max(0, processingMs - elapsedMs()))));
    }
    JsonObject d = new JsonObject().put("processingStatus", failsProcessing ? "failed" : rejectionReason != null ? "terminated" : "succeeded");
    return failsProcessing ? d.put("processingFailureReason", "transcodeFailed") : d;
  }

  /** Counts are strings, as YouTube sends them; dislikeCount only for the owner. */
  private JsonObject statistics(boolean owner) {
    long views = processed() ? (elapsedMs() - processingMs) / 100 : 0;   // ten views a second once live
    JsonObject s = new JsonObject().put("viewCount", Long.toString(views)).put("likeCount", Long.toString(views / 20))
        .put("favoriteCount", "0").put("commentCount", Long.toString(views / 100));
    if (owner) s.put("dislikeCount", "0");
    return s;
  }

  JsonArray tags() {
    return snippet.getJsonArray("tags", new JsonArray());
  }
}
