package io.clipcast.api.publications;

import io.clipcast.publication.PublicationStatus;
import io.clipcast.web.ApiError;
import io.vertx.ext.web.RoutingContext;

import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.UUID;

/** Filters and the page cursor of {@code GET /api/v1/publications}, each checked with a 400 naming the parameter. */
record ListQuery(String[] statuses, String platform, UUID clipId, OffsetDateTime from, OffsetDateTime to,
                 OffsetDateTime cursorAt, UUID cursorId, int limit) {

  static ListQuery parse(RoutingContext ctx) {
    String[] statuses = null;
    String s = param(ctx, "status");
    if (s != null) {
      statuses = s.split(",");
      for (int i = 0; i < statuses.length; i++) {
        try {
          statuses[i] = PublicationStatus.of(statuses[i].strip()).value(); // the canonical name goes to SQL, never the raw text
        } catch (IllegalArgumentException e) {
          throw ApiError.invalid("status", "Unknown status '" + statuses[i] + "'; use scheduled, queued, publishing, retrying, published,"
              + " failed, unknown, cancelled or waiting_reconnect (comma-separated).");
        }
      }
    }
    String platform = param(ctx, "platform");
    if (platform != null && !platform.matches("[a-z]{2,20}")) throw ApiError.invalid("platform", "Unknown platform '" + platform + "'.");
    UUID clip = null;
    if (param(ctx, "clipId") != null) {
      try {
        clip = UUID.fromString(param(ctx, "clipId"));
      } catch (IllegalArgumentException e) {
        throw ApiError.invalid("clipId", "'clipId' must be a clip id.");
      }
    }
    int limit = 50;
    if (param(ctx, "limit") != null) {
      try {
        limit = Integer.parseInt(param(ctx, "limit"));
      } catch (NumberFormatException e) {
        limit = -1;
      }
      if (limit < 1 || limit > 200) throw ApiError.invalid("limit", "'limit' must be a whole number from 1 to 200.");
    }
    OffsetDateTime at = null;
    UUID id = null;
    String cursor = param(ctx, "cursor");
    if (cursor != null) {
      try {
        String[] parts = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8).split("\\|");
        at = OffsetDateTime.parse(parts[0]);
        id = UUID.fromString(parts[1]);
      } catch (RuntimeException e) {
        throw ApiError.invalid("cursor", "'cursor' is not one this API gave out; start again without it.");
      }
    }
    return new ListQuery(statuses, platform, clip, time(ctx, "from"), time(ctx, "to"), at, id, limit);
  }

  static String cursor(OffsetDateTime at, UUID id) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString((at.toString() + "|" + id).getBytes(StandardCharsets.UTF_8));
  }

  /**
   * A query parameter as sent, refused when it holds control characters (NUL among them: Postgres rejects it in text)
   * or bytes that were not UTF-8 (decoded as U+FFFD): no filter value needs either.
   */
  private static String param(RoutingContext ctx, String name) {
    String v = ctx.queryParams().get(name);
    if (v != null && v.chars().anyMatch(c -> c < 0x20 || c == 0x7f || c == 0xfffd)) {
      throw ApiError.invalid(name, "'" + name + "' contains control characters or bytes that are not UTF-8; send plain text.");
    }
    return v;
  }

  private static OffsetDateTime time(RoutingContext ctx, String name) {
    String v = param(ctx, name);
    if (v == null) return null;
    try {
      return OffsetDateTime.parse(v);
    } catch (DateTimeParseException e) {
      throw ApiError.invalid(name, "'" + name + "' must be a date-time with offset, like 2026-12-01T00:00:00Z.");
    }
  }
}
