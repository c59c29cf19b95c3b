package io.clipcast.platforms.oauth;

import io.clipcast.platforms.ErrorKind;
import io.clipcast.platforms.PlatformFailure;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;

/**
 * A token endpoint's answer, classified once for every platform: tokens; 429 waits ({@code Retry-After}); 5xx, no
 * answer or an unreadable one are retried; a named error is AUTH (the user signs in again), PERMANENT for the operator
 * (our app registration) or PERMANENT, as the platform's {@link OAuthProfile} says. TikTok also answers errors with a
 * 200 and sometimes as an object ({@code {"error":{"code":...}}}); both are read here.
 */
public final class TokenAnswer {
  private TokenAnswer() {}

  /** {@code tokens}: the answer must carry an {@code access_token} (false for other calls of the same server, e.g. user info). */
  static Future<JsonObject> read(HttpResponse<Buffer> r, OAuthProfile p, String what, boolean tokens) {
    JsonObject body = json(r);
    Object error = body == null ? null : body.getValue("error");
    if (r.statusCode() == 200 && body != null && (!tokens || body.getString("access_token") != null) && !(error instanceof String)) {
      return Future.succeededFuture(body);
    }
    Object named = error instanceof JsonObject o ? o.getValue("code") : error;
    String code = named instanceof String s ? s : null;
    String description = body == null ? "" : body.getString("error_description", "");
    if (r.statusCode() == 429 || "rate_limit_exceeded".equals(code)) {
      return Future.failedFuture(PlatformFailure.rateLimited(code == null ? "429" : code, p.name + " is rate-limiting the " + what
          + "; it will be retried shortly.", retryAfterMs(r.getHeader("Retry-After"), p.defaultRetryAfterMs)));
    }
    if (r.statusCode() >= 500 || code == null) {
      return Future.failedFuture(PlatformFailure.retryable(p.statusCodePrefix + r.statusCode(), p.name + " failed during the " + what
          + " (HTTP " + r.statusCode() + "). Clipcast will try again."));
    }
    String said = description.isEmpty() ? code : description;
    if (p.operatorErrors.contains(code)) {
      return Future.failedFuture(PlatformFailure.permanent(code, p.name + " does not accept this server's app credentials (" + said
          + "); ask the operator to check the client id and secret."));
    }
    if (p.reconnectErrors.contains(code) || p.otherErrorsNeedReconnect) {
      return Future.failedFuture(PlatformFailure.auth(code, p.name + " no longer accepts this sign-in (" + said + "). " + p.reconnectHint));
    }
    return Future.failedFuture(PlatformFailure.permanent(code, p.name + " refused the " + what + ": " + code
        + (description.isEmpty() ? "" : " (" + description + ")")));
  }

  /** A call that got no answer at all: retried. */
  static PlatformFailure unreachable(OAuthProfile p, String what, Throwable e) {
    if (e instanceof PlatformFailure f) return f;
    return new PlatformFailure(ErrorKind.RETRYABLE, null, p.name + " could not be reached for the " + what + " (" + e.getMessage()
        + "). Clipcast will try again.", 0, e);
  }

  /** {@code Retry-After} in seconds as milliseconds, or {@code fallbackMs} when absent or not a number. */
  public static long retryAfterMs(String header, long fallbackMs) {
    try {
      return header == null ? fallbackMs : Math.max(1, Long.parseLong(header.trim())) * 1000;
    } catch (NumberFormatException e) {
      return fallbackMs;
    }
  }

  /** The body as a JSON object; null when there is none or it is not one. */
  public static JsonObject json(HttpResponse<Buffer> r) {
    try {
      return r.body() == null ? null : r.bodyAsJsonObject();
    } catch (RuntimeException e) {
      return null;
    }
  }
}
