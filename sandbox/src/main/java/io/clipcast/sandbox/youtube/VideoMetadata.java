package io.clipcast.sandbox.youtube;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Set;

/** The checks videos.insert makes on its metadata (docs/platforms/youtube.md, its error table and "Sandbox control routes"). */
final class VideoMetadata {
  /** Assignable video categories (videoCategories.list, region US). */
  static final Set<String> CATEGORIES = Set.of("1", "2", "10", "15", "17", "19", "20", "22", "23", "24", "25", "26", "27", "28", "29");
  static final Set<String> PRIVACY = Set.of("public", "unlisted", "private");

  /** A refusal: reason (youtube.video domain) and message. */
  record Problem(String reason, String message) {}

  private VideoMetadata() {}

  static Problem check(JsonObject body) {
    JsonObject snippet = body.getValue("snippet") instanceof JsonObject s ? s : null;
    String title = snippet == null || !(snippet.getValue("title") instanceof String t) ? null : t;
    if (title == null || title.isBlank() || title.codePointCount(0, title.length()) > 100 || title.contains("<") || title.contains(">")) {
      return new Problem("invalidTitle", "The request metadata specifies an invalid or empty video title.");
    }
    Object description = snippet.getValue("description");
    if (description != null && (!(description instanceof String d) || d.getBytes(StandardCharsets.UTF_8).length > 5000
        || d.contains("<") || d.contains(">"))) {
      return new Problem("invalidDescription", "The request metadata specifies an invalid video description.");
    }
    Object tags = snippet.getValue("tags");
    if (tags != null) {
      if (!(tags instanceof JsonArray list)) return new Problem("invalidTags", "The request metadata specifies invalid video keywords.");
      int chars = 0;
      for (Object tag : list) {
        if (!(tag instanceof String s) || s.isBlank() || s.contains("<") || s.contains(">")) {
          return new Problem("invalidTags", "The request metadata specifies invalid video keywords.");
        }
        chars += s.codePointCount(0, s.length()) + (s.contains(" ") ? 2 : 0);   // YouTube counts quotes around tags with spaces
      }
      if (chars + Math.max(0, list.size() - 1) > 500) {
        return new Problem("invalidTags", "The request metadata specifies invalid video keywords.");
      }
    }
    Object category = snippet.getValue("categoryId");
    if (category != null && !CATEGORIES.contains(String.valueOf(category))) {
      return new Problem("invalidCategoryId", "The snippet.categoryId property specifies an invalid category ID.");
    }
    JsonObject status = body.getValue("status") instanceof JsonObject s ? s : new JsonObject();
    Object privacy = status.getValue("privacyStatus");
    if (privacy != null && !PRIVACY.contains(String.valueOf(privacy))) {
      return new Problem("invalidVideoMetadata", "The request metadata is invalid: status.privacyStatus must be public, unlisted or private.");
    }
    Object publishAt = status.getValue("publishAt");
    if (publishAt != null) {
      if (!"private".equals(privacy)) {
        return new Problem("invalidPublishAt", "The request metadata specifies an invalid scheduled publishing time: publishAt needs "
            + "privacyStatus private.");
      }
      try {
        OffsetDateTime.parse(String.valueOf(publishAt));
      } catch (DateTimeParseException e) {
        return new Problem("invalidPublishAt", "The request metadata specifies an invalid scheduled publishing time.");
      }
    }
    for (String flag : new String[] {"selfDeclaredMadeForKids", "embeddable", "publicStatsViewable", "containsSyntheticMedia"}) {
      if (status.containsKey(flag) && !(status.getValue(flag) instanceof Boolean)) {
        return new Problem("invalidVideoMetadata", "The request metadata is invalid: status." + flag + " must be a boolean.");
      }
    }
    return null;
  }
}
