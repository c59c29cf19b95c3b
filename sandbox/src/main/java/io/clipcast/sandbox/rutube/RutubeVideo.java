package io.clipcast.sandbox.rutube;

import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/**
 * One video on the simulated Rutube, from creation to {@code ready} or {@code error}. Status values while it works are
 * {@code downloading} (pulling the URL) then {@code converting}; docs/platforms/rutube.md only vouches for {@code ready} and
 * {@code error}, so clients must treat any other value as "still processing".
 */
final class RutubeVideo {
  private static final ZoneId MOSCOW = ZoneId.of("Europe/Moscow");

  final String id;
  final RutubeAccounts.Account owner;
  final VideoCreateForm.Values form;
  final Instant created = Instant.now();
  volatile String status = "downloading";
  volatile String errorReason;
  volatile Instant readyAt;

  RutubeVideo(String id, RutubeAccounts.Account owner, VideoCreateForm.Values form) {
    this.id = id;
    this.owner = owner;
    this.form = form;
  }

  boolean ready() {
    return "ready".equals(status);
  }

  /** Views accrue from the moment the video is ready, {@code hitsPerSecond} a second. */
  long hits(double hitsPerSecond) {
    Instant at = readyAt;
    return at == null ? 0 : (long) (ChronoUnit.MILLIS.between(at, Instant.now()) / 1000.0 * hitsPerSecond);
  }

  /** The object {@code GET /api/video/<id>/} answers (docs/platforms/rutube.md). */
  JsonObject toJson(double hitsPerSecond) {
    long hits = hits(hitsPerSecond);
    return new JsonObject()
        .put("id", id)
        .put("title", form.title())
        .put("description", form.description())
        .put("status", status)
        .put("is_hidden", form.hidden())
        .put("is_deleted", false)
        .put("action_reason", errorReason == null ? null : new JsonObject().put("id", reasonId(errorReason)).put("name", errorReason))
        .put("duration", null)
        .put("created_ts", timestamp(created))
        .put("publication_ts", readyAt == null ? null : timestamp(readyAt))
        .put("thumbnail_url", null)
        .put("video_url", "https://rutube.ru/video/" + id + "/")
        .put("author", new JsonObject().put("id", owner.userId()).put("name", owner.name()))
        .put("category", RutubeCategories.of(form.categoryId()))
        .put("hits", hits)
        .put("comments_count", hits / 50)
        .put("is_livestream", false);
  }

  /** Rutube writes timestamps as naive Moscow local time, e.g. {@code 2026-03-01T15:04:05}. */
  static String timestamp(Instant at) {
    return LocalDateTime.ofInstant(at.truncatedTo(ChronoUnit.SECONDS), MOSCOW).format(DateTimeFormatter.ISO_LOCAL_DATE_TIME);
  }

  private static int reasonId(String reason) {
    return switch (reason) {
      case "download_error" -> 1;
      case "unsupported_file" -> 2;
      case "file_too_large" -> 3;
      case "conversion_error" -> 4;
      default -> 99;
    };
  }
}
