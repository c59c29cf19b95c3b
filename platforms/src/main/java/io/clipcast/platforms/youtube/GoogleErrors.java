package io.clipcast.platforms.youtube;

import io.clipcast.platforms.ErrorKind;
import io.clipcast.platforms.PlatformFailure;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;

/**
 * Google's API errors ({@code {"error":{"code","message","errors":[{"domain","reason","message"}]}}}) classified for
 * the pipeline as docs/platforms/youtube.md's error table says, keyed on HTTP status + {@code errors[0].reason}. The project's
 * daily quota ({@code quotaExceeded}) and the channel's upload cap ({@code uploadLimitExceeded}) defer the job rather
 * than pause the platform: they are about this project's day or this channel, not about request rate.
 */
final class GoogleErrors {
  static final long RATE_LIMIT_WAIT_MS = 60_000;
  static final Duration CHANNEL_CAP_WAIT = Duration.ofHours(24);

  private GoogleErrors() {}

  /** {@code errors[0].reason}, or null when the body is not Google's envelope. */
  static String reason(JsonObject body) {
    JsonObject error = body == null || !(body.getValue("error") instanceof JsonObject e) ? null : e;
    JsonArray errors = error == null ? null : error.getJsonArray("errors");
    return errors == null || errors.isEmpty() ? null : errors.getJsonObject(0).getString("reason");
  }

  static String message(JsonObject body) {
    JsonObject error = body == null || !(body.getValue("error") instanceof JsonObject e) ? null : e;
    return error == null ? null : error.getString("message");
  }

  static PlatformFailure of(int status, JsonObject body, String retryAfter, String what, UploadQuota quota, ZoneId userZone) {
    String reason = reason(body);
    String code = reason == null ? "http_" + status : reason;
    String said = message(body) == null ? "" : " (YouTube said: " + message(body).replaceAll("<[^>]*>", "") + ")";
    if (status == 401) {
      return PlatformFailure.auth(code, "YouTube no longer accepts this connection's sign-in: it expired or was revoked. Connect your "
          + "YouTube channel again.");
    }
    if ("quotaExceeded".equals(reason)) return quota.deferral(userZone);
    if ("uploadLimitExceeded".equals(reason)) {
      Instant until = Instant.now().plus(CHANNEL_CAP_WAIT);
      return PlatformFailure.deferred(code, "This YouTube channel reached its upload limit for the last 24 hours; publishing "
          + "tomorrow at " + UploadQuota.localTime(until, userZone), until);
    }
    if (status == 429 || "rateLimitExceeded".equals(reason) || "userRateLimitExceeded".equals(reason)
        || "uploadRateLimitExceeded".equals(reason)) {
      return PlatformFailure.rateLimited(code, "YouTube asked us to slow down; " + what + " will be retried shortly.", retryAfterMs(retryAfter));
    }
    if ("insufficientPermissions".equals(reason)) {
      return PlatformFailure.auth(code, "The YouTube connection lacks the right to upload videos. Connect YouTube again and allow "
          + "uploading and viewing your videos.");
    }
    if (status >= 500) {
      return new PlatformFailure(ErrorKind.RETRYABLE, code, "YouTube had a temporary problem during " + what + said + "; it will be retried.",
          0, null);
    }
    return PlatformFailure.permanent(code, permanentMessage(reason, what) + said);
  }

  private static String permanentMessage(String reason, String what) {
    if (reason == null) return "YouTube refused " + what + ".";
    return switch (reason) {
      case "invalidTitle" -> "YouTube refused the title: it must have 1–100 characters and no < or >.";
      case "invalidDescription" -> "YouTube refused the description: at most 5000 bytes and no < or >.";
      case "invalidTags" -> "YouTube refused the tags: at most 500 characters in all.";
      case "invalidCategoryId" -> "YouTube does not know that video category; pick another.";
      case "invalidVideoMetadata", "invalidPublishAt" -> "YouTube refused the video's settings.";
      case "youtubeSignupRequired" -> "This Google account has no YouTube channel yet. Create one at youtube.com, then retry.";
      case "authenticatedUserAccountClosed", "authenticatedUserAccountSuspended" -> "This YouTube account is closed or suspended; "
          + "publishing to it is not possible.";
      case "forbidden" -> "YouTube does not allow this account to upload videos.";
      case "mediaBodyRequired", "badContent" -> "YouTube refused the file's type; upload an MP4 or MOV clip.";
      default -> "YouTube refused " + what + " (" + reason + ").";
    };
  }

  static long retryAfterMs(String header) {
    try {
      return header == null ? RATE_LIMIT_WAIT_MS : Math.max(1, Long.parseLong(header.trim())) * 1000;
    } catch (NumberFormatException e) {
      return RATE_LIMIT_WAIT_MS;
    }
  }

  static PlatformFailure unreachable(String what, Throwable e) {
    return new PlatformFailure(ErrorKind.RETRYABLE, null, "YouTube did not answer " + what + " (" + e.getMessage() + "); it will be retried.",
        0, e);
  }
}
