package io.clipcast.sandbox.tiktok;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;

/**
 * One {@code publish_id}: what {@code video/init} asked for, the upload's progress (chunks arrive in order; the running
 * SHA-256 covers accepted chunks only) and the status {@code status/fetch} reports. Guarded by its own monitor.
 */
final class TikTokPost {
  final String publishId;
  final String openId;
  final String clientKey;
  final String source;            // FILE_UPLOAD or PULL_FROM_URL
  final String title;
  final String privacyLevel;
  final JsonObject postInfo;
  final long videoSize;           // FILE_UPLOAD only
  final long chunkSize;
  final int totalChunks;
  final String uploadToken;
  final Instant uploadExpiresAt;
  final Instant createdAt = Instant.now();

  String status;
  String failReason = "";
  int nextChunk;
  long uploadedBytes;
  long downloadedBytes;
  /** An injected processing_failure: the bytes are taken, then processing fails. */
  boolean failProcessing;
  MessageDigest digest = sha256();
  String sha256;
  long bytes;
  Long videoId;
  Instant completedAt;

  TikTokPost(String publishId, String openId, String clientKey, String source, String title, String privacyLevel, JsonObject postInfo,
             long videoSize, long chunkSize, int totalChunks, String uploadToken, Instant uploadExpiresAt) {
    this.publishId = publishId;
    this.openId = openId;
    this.clientKey = clientKey;
    this.source = source;
    this.title = title;
    this.privacyLevel = privacyLevel;
    this.postInfo = postInfo;
    this.videoSize = videoSize;
    this.chunkSize = chunkSize;
    this.totalChunks = totalChunks;
    this.uploadToken = uploadToken;
    this.uploadExpiresAt = uploadExpiresAt;
    this.status = source.equals("FILE_UPLOAD") ? "PROCESSING_UPLOAD" : "PROCESSING_DOWNLOAD";
  }

  /** First byte of chunk {@code i} (0-based). */
  long chunkStart(int i) {
    return i * chunkSize;
  }

  /** Length of chunk {@code i}: the last one absorbs the remainder. */
  long chunkLength(int i) {
    return i == totalChunks - 1 ? videoSize - chunkStart(i) : chunkSize;
  }

  synchronized JsonObject statusJson(long moderationMs) {
    JsonArray ids = new JsonArray();
    boolean visible = videoId != null && privacyLevel.equals("PUBLIC_TO_EVERYONE")
        && Instant.now().isAfter(completedAt.plusMillis(moderationMs));
    if (visible) ids.add(videoId);
    return new JsonObject().put("status", status).put("fail_reason", status.equals("FAILED") ? failReason : "")
        .put("publicaly_available_post_id", ids).put("uploaded_bytes", uploadedBytes).put("downloaded_bytes", downloadedBytes);
  }

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
