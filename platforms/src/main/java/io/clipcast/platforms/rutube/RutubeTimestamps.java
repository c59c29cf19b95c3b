package io.clipcast.platforms.rutube;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;

/** Rutube's {@code created_ts}: ISO local date-time without an offset, in Moscow time; an explicit offset is honoured. */
final class RutubeTimestamps {
  private static final ZoneId MOSCOW = ZoneId.of("Europe/Moscow");

  private RutubeTimestamps() {}

  /** Null when absent or unreadable. */
  static Instant parse(String ts) {
    if (ts == null || ts.isBlank()) return null;
    try {
      return OffsetDateTime.parse(ts).toInstant();
    } catch (DateTimeParseException noOffset) {
      try {
        return LocalDateTime.parse(ts).atZone(MOSCOW).toInstant();
      } catch (DateTimeParseException unreadable) {
        return null;
      }
    }
  }
}
