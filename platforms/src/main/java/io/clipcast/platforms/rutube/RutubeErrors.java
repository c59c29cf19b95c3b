package io.clipcast.platforms.rutube;

import io.clipcast.platforms.ErrorKind;
import io.clipcast.platforms.PlatformFailure;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;

import java.util.ArrayList;
import java.util.List;

/**
 * Rutube's error table (docs/platforms/rutube.md) as {@link PlatformFailure}s with messages for the user: 400
 * (the field messages Rutube gave), 403, 404, 405 permanent; 401 auth (reconnect); 429 rate-limited (Retry-After);
 * 5xx and no answer at all retryable. Bodies are DRF JSON ({@code detail}, or field → messages) except on 5xx,
 * where they are HTML pages.
 */
final class RutubeErrors {
  static final long DEFAULT_RETRY_AFTER_MS = 60_000;

  private RutubeErrors() {}

  /** A non-2xx answer to {@code action} (e.g. "creating the video"). */
  static PlatformFailure of(HttpResponse<Buffer> r, String action) {
    int status = r.statusCode();
    String code = Integer.toString(status);
    String said = describe(r);
    if (status == 401) {
      return PlatformFailure.auth(code, "Rutube no longer accepts the saved sign-in for this account (the token was revoked or the"
          + " password changed): reconnect Rutube in Connections, then retry.");
    }
    if (status == 429) {
      long wait = retryAfterMs(r.getHeader("Retry-After"));
      return PlatformFailure.rateLimited(code, "Rutube asked us to slow down while " + action + "; we will try again in "
          + Math.max(1, wait / 1000) + " s.", wait);
    }
    if (status >= 500) {
      return PlatformFailure.retryable(code, "Rutube had a server error (" + status + ") while " + action + "; we will try again.");
    }
    return switch (status) {
      case 400 -> PlatformFailure.permanent(code, "Rutube refused " + action + ": " + said + ". Fix it and publish again.");
      case 403 -> PlatformFailure.permanent(code, "Rutube does not allow this account " + action + " (" + said + "); check on rutube.ru"
          + " that the account is not restricted.");
      case 404 -> PlatformFailure.permanent(code, "Rutube has no such video or page while " + action + " (" + said + ").");
      default -> PlatformFailure.permanent(code, "Rutube answered " + status + " while " + action + " (" + said + ").");
    };
  }

  /** No answer to {@code action}: connection refused, dropped or timed out. */
  static PlatformFailure noAnswer(Throwable e, String action) {
    return new PlatformFailure(ErrorKind.RETRYABLE, null, "Rutube did not answer while " + action + " (" + e.getMessage()
        + "); we will try again.", 0, e);
  }

  /** DRF bodies: {@code detail}, else "field: message" pairs ({@code non_field_errors} without a field name). */
  static String describe(HttpResponse<Buffer> r) {
    JsonObject body = json(r);
    if (body == null) return "HTTP " + r.statusCode();
    if (body.getValue("detail") instanceof String d) return d;
    List<String> parts = new ArrayList<>();
    body.forEach(e -> {
      String messages = e.getValue() instanceof JsonArray a ? String.join(" ", a.stream().map(String::valueOf).toList()) : String.valueOf(e.getValue());
      parts.add(e.getKey().equals("non_field_errors") ? messages : e.getKey() + ": " + messages);
    });
    return parts.isEmpty() ? "HTTP " + r.statusCode() : String.join("; ", parts);
  }

  /** The body as a JSON object, or null (HTML error pages, empty bodies). */
  static JsonObject json(HttpResponse<Buffer> r) {
    try {
      return r.body() == null ? null : r.bodyAsJsonObject();
    } catch (RuntimeException e) {
      return null;
    }
  }

  static long retryAfterMs(String header) {
    if (header == null) return DEFAULT_RETRY_AFTER_MS;
    try {
      return Math.max(1, Long.parseLong(header.trim())) * 1000;
    } catch (NumberFormatException e) {
      try {
        long at = java.time.ZonedDateTime.parse(header.trim(), java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME).toInstant().toEpochMilli();
        return Math.max(1000, at - System.currentTimeMillis());
      } catch (java.time.format.DateTimeParseException bad) {
        return DEFAULT_RETRY_AFTER_MS;
      }
    }
  }
}
