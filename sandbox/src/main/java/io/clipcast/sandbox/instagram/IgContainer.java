package io.clipcast.sandbox.instagram;

import io.clipcast.sandbox.meta.UploadSession;

import java.time.Instant;

/**
 * One media container (docs/platforms/instagram.md): its bytes arrive by rupload or a pull of
 * {@code video_url}; it is {@code IN_PROGRESS} until they are in and processing has taken its time, then
 * {@code FINISHED}; {@code ERROR} when the fetch or processing failed; {@code EXPIRED} when not published within its
 * lifetime; {@code PUBLISHED} once {@code media_publish} used it.
 */
final class IgContainer {
  final String id;
  final String igUserId;
  final String caption;
  final boolean shareToFeed;
  final Instant createdAt = Instant.now();
  final UploadSession upload = new UploadSession();
  final boolean resumable;
  volatile Instant readyAt;        // set when the bytes are in: now + processing time
  volatile String error;           // ERROR status text
  volatile String mediaId;         // set by media_publish

  IgContainer(String id, String igUserId, String caption, boolean shareToFeed, boolean resumable) {
    this.id = id;
    this.igUserId = igUserId;
    this.caption = caption;
    this.shareToFeed = shareToFeed;
    this.resumable = resumable;
  }

  String statusCode(long ttlSeconds) {
    if (mediaId != null) return "PUBLISHED";
    if (Instant.now().isAfter(createdAt.plusSeconds(ttlSeconds))) return "EXPIRED";
    if (error != null) return "ERROR";
    if (readyAt != null && !Instant.now().isBefore(readyAt)) return "FINISHED";
    return "IN_PROGRESS";
  }

  String status(long ttlSeconds) {
    return switch (statusCode(ttlSeconds)) {
      case "PUBLISHED" -> "Published: " + mediaId;
      case "EXPIRED" -> "Expired: the container was not published within 24 hours";
      case "ERROR" -> error;
      case "FINISHED" -> "Finished: Media has been uploaded and it is ready to be published.";
      default -> readyAt == null ? (resumable ? "In Progress: Waiting for the upload of the media file." : "In Progress: Downloading media.")
          : "In Progress: Media is being processed.";
    };
  }
}
