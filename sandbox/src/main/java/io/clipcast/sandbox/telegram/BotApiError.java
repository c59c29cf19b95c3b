package io.clipcast.sandbox.telegram;

import io.vertx.core.json.JsonObject;

/**
 * A Bot API refusal: {@code {"ok":false,"error_code":…,"description":…,"parameters":{…}}}, sent with the HTTP status
 * equal to {@code error_code} (docs/platforms/telegram.md).
 */
final class BotApiError extends RuntimeException {
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
    String description = switch (status) {
      case 400 -> "Bad Request";
      case 401 -> "Unauthorized";
      case 403 -> "Forbidden";
      case 404 -> "Not Found";
      case 409 -> "Conflict";
      case 413 -> "Request Entity Too Large";
      case 429 -> "Too Many Requests: retry after 1";
      case 500 -> "Internal Server Error";
      case 502 -> "Bad Gateway";
      case 503 -> "Service Unavailable";
      case 504 -> "Gateway Timeout";
      default -> "Error";
    };
    return new BotApiError(status, description, status == 429 ? new JsonObject().put("retry_after", 1) : null);
  }

  JsonObject toJson() {
    JsonObject body = new JsonObject().put("ok", false).put("error_code", code).put("description", description);
    if (parameters != null) body.put("parameters", parameters);
    return body;
  }
}
