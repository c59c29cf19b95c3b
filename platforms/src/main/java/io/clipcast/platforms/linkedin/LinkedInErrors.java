package io.clipcast.platforms.linkedin;

import io.clipcast.platforms.ErrorKind;
import io.clipcast.platforms.PlatformFailure;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;

import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * LinkedIn's answers classified for the pipeline (docs/platforms/linkedin.md): the Rest.li envelope
 * {@code {"status","serviceErrorCode","code","message"}} → retryable (5xx), rate-limited (429; a daily quota defers to
 * 00:01 UTC, when LinkedIn resets it), auth (401), permanent (400/403/404/409/422/426), each with a message for the user.
 */
final class LinkedInErrors {
  /** Wait after a 429 that names no Retry-After and is not a daily quota. */
  static final long THROTTLE_WAIT_MS = 60_000;
  private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm zzz", Locale.ENGLISH);

  private LinkedInErrors() {}

  /** The envelope's fields of a non-2xx answer (any may be missing). */
  record Refusal(int status, String code, String message) {
    static Refusal of(HttpResponse<Buffer> r) {
      JsonObject body = json(r);
      String message = body == null ? null : body.getString("message");
      return new Refusal(r.statusCode(), body == null ? null : body.getString("code"), message == null ? "HTTP " + r.statusCode() : message);
    }
  }

  static PlatformFailure of(HttpResponse<Buffer> r, String what, ZoneId userZone) {
    Refusal e = Refusal.of(r);
    String c = e.code() == null ? "http_" + e.status() : e.code();
    String said = " (LinkedIn said: " + e.message() + ")";
    int s = e.status();
    if (s == 429) {
      if (e.message().contains("DAY limit")) return dailyLimit(c, what, userZone);
      return PlatformFailure.rateLimited(c, "LinkedIn is rate-limiting " + what + "; it will be retried shortly.",
          retryAfterMs(r.getHeader("Retry-After")));
    }
    if (s >= 500) return PlatformFailure.retryable(c, "LinkedIn failed during " + what + " (HTTP " + s + "); it will be retried.");
    if (s == 401) {
      return PlatformFailure.auth(c, "LinkedIn no longer accepts this connection's sign-in (expired or revoked). Reconnect LinkedIn." + said);
    }
    if (s == 403) {
      return PlatformFailure.permanent(c, "LinkedIn refused " + what + ": this connection may not act for that member or Page. Check that"
          + " the account administers the Page and that the connection granted posting permissions, then reconnect." + said);
    }
    if (s == 426 || "NONEXISTENT_VERSION".equals(e.code()) || "VERSION_MISSING".equals(e.code())) {
      return PlatformFailure.permanent(c, "LinkedIn no longer supports the API version Clipcast uses; the server's LinkedIn settings "
          + "(conf/platforms/linkedin.json api.version) need an update." + said);
    }
    return PlatformFailure.permanent(c, "LinkedIn refused " + what + said + ".");
  }

  /** Daily quotas reset at midnight UTC: wait until a minute past, told in the user's time. */
  static PlatformFailure dailyLimit(String code, String what, ZoneId userZone) {
    ZonedDateTime until = LocalDate.now(ZoneOffset.UTC).plusDays(1).atTime(0, 1).atZone(ZoneOffset.UTC);
    ZoneId zone = userZone == null ? ZoneOffset.UTC : userZone;
    return PlatformFailure.deferred(code, "LinkedIn's daily limit for " + what + " is reached; publishing at 00:01 UTC = "
        + until.withZoneSameInstant(zone).format(CLOCK), until.toInstant());
  }

  static PlatformFailure unreachable(String what, Throwable e) {
    return new PlatformFailure(ErrorKind.RETRYABLE, "network", "LinkedIn did not answer " + what + " (" + e.getMessage()
        + "); it will be retried.", 0, e);
  }

  static long retryAfterMs(String header) {
    try {
      return header == null ? THROTTLE_WAIT_MS : Math.max(1, Long.parseLong(header.trim())) * 1000;
    } catch (NumberFormatException e) {
      return THROTTLE_WAIT_MS;
    }
  }

  static JsonObject json(HttpResponse<Buffer> r) {
    try {
      return r.body() == null || r.body().length() == 0 ? null : r.bodyAsJsonObject();
    } catch (RuntimeException e) {
      return null;
    }
  }
}
