package io.clipcast.api.publications;

import io.clipcast.web.ApiError;

import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.zone.ZoneOffsetTransition;
import java.util.List;

/**
 * When a user means to publish: a local date-time in an IANA zone ("2026-12-01T10:00" in Europe/Moscow), or a
 * date-time with an explicit offset. A local time that does not exist (spring-forward gap) or exists twice
 * (fall-back overlap) is refused with a message naming the choices, never silently shifted.
 */
public final class PublishTime {
  private static final DateTimeFormatter HM = DateTimeFormatter.ofPattern("HH:mm");

  private PublishTime() {}

  public static Instant resolve(String publishAt, ZoneId zone, Clock clock, Duration minLead, Duration maxAhead) {
    Instant at = parse(publishAt, zone);
    Instant now = clock.instant();
    if (at.isBefore(now.plus(minLead))) {
      throw ApiError.invalid("publishAt", "'publishAt' must be at least " + minLead.toMinutes()
          + " minutes from now; to publish right away, leave publishAt out.");
    }
    if (at.isAfter(now.plus(maxAhead))) {
      throw ApiError.invalid("publishAt", "'publishAt' is more than " + maxAhead.toDays() + " days ahead; choose an earlier time.");
    }
    return at;
  }

  static Instant parse(String publishAt, ZoneId zone) {
    try {
      return OffsetDateTime.parse(publishAt).toInstant(); // an explicit offset settles any ambiguity
    } catch (DateTimeParseException notOffset) {
      // a local time in the zone
    }
    LocalDateTime local;
    try {
      local = LocalDateTime.parse(publishAt);
    } catch (DateTimeParseException e) {
      throw ApiError.invalid("publishAt", "'publishAt' must be a date and time like 2026-12-01T10:00 (in timeZone), or with an offset like 2026-12-01T10:00+03:00.");
    }
    List<ZoneOffset> offsets = zone.getRules().getValidOffsets(local);
    if (offsets.size() == 1) return local.atOffset(offsets.get(0)).toInstant();
    ZoneOffsetTransition t = zone.getRules().getTransition(local);
    if (offsets.isEmpty()) {
      throw ApiError.invalid("publishAt", local.toLocalTime().format(HM) + " does not exist on " + local.toLocalDate() + " in " + zone.getId()
          + ": clocks jump from " + t.getDateTimeBefore().toLocalTime().format(HM) + " to " + t.getDateTimeAfter().toLocalTime().format(HM)
          + ". Choose " + t.getDateTimeBefore().minusMinutes(1).toLocalTime().format(HM) + " or " + t.getDateTimeAfter().toLocalTime().format(HM)
          + ", or give an offset.");
    }
    throw ApiError.invalid("publishAt", local.toLocalTime().format(HM) + " happens twice on " + local.toLocalDate() + " in " + zone.getId()
        + " (clocks go back): send " + local.atOffset(offsets.get(0)) + " (the first) or " + local.atOffset(offsets.get(1)) + " (the second).");
  }

  static ZoneId zone(String id) {
    try {
      return ZoneId.of(id);
    } catch (DateTimeException e) {
      throw ApiError.invalid("timeZone", "'" + id + "' is not a time zone; use an IANA name such as Europe/Moscow or UTC.");
    }
  }
}
