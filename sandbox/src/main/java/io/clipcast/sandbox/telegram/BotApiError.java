package io.clipcast.sandbox.telegram;

import io.netty.handler.codec.http.HttpResponseStatus;
import io.vertx.core.json.JsonObject;

import java.util.Set;

/**
 * A Bot API refusal: {@code {"ok":false,"error_code":…,"description":…,"parameters":{…}}}, sent with the HTTP status
 * equal to {@code error_code} (docs/platforms/telegram.md).
 */
final class BotApiError extends RuntimeException {
  private static final Set<Integer> FRONT_END_STATUSES = Set.of(400, 401, 403, 404, 409, 413, 500, 502, 503, 504);

  final int code;
  final String description;
  final JsonObject parameters;   // null = none

  BotApiError(int code, String description, JsonObject parameters) {
    super(description, null, false, false);
    this.code = code;
    this.description = description;
    this.parameters = parameters;
  }

  static BotApiError badRequest(String what) {
    return new BotApiError(400, "Bad Request: " + what, null);
  }

  static BotApiError forbidden(String what) {
    return new BotApiError(403, "Forbidden: " + what, null);
  }

  static BotApiError unauthorized() {
    return new BotApiError(401, "Unauthorized", null);
  }

  static BotApiError notFound() {
    return new BotApiError(404, "Not Found", null);
  }

  static BotApiError tooLarge() {
    return new BotApiError(413, "Request Entity Too Large", null);
  }

  static BotApiError floodWait(int seconds) {
    return new BotApiError(429, "Too Many Requests: retry after " + seconds, new JsonObject().put("retry_after", seconds));
  }

  /** An answer with {@code status} and the description Telegram's front end gives it. */
  static BotApiError status(int status) {
    if (status == 429) return floodWait(1);
    return new BotApiError(status, FRONT_END_STATUSES.contains(status) ? HttpResponseStatus.valueOf(status).reasonPhrase() : "Error", null);
  }

  JsonObject toJson() {
    JsonObject body = new JsonObject().put("ok", false).put("error_code", code).put("description", description);
    if (parameters != null) body.put("parameters", parameters);
    return body;
  }
}
