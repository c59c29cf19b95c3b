package io.clipcast.sandbox.tiktok;

import io.clipcast.sandbox.kit.Fault;
import io.clipcast.sandbox.kit.Reply;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A kit reply in TikTok's shapes: every v2 response is {@code {"data":{…},"error":{"code","message","log_id"}}} with
 * {@code "code":"ok"} on success (docs/platforms/tiktok.md); OAuth endpoints answer {@code {"error","error_description","log_id"}}.
 */
final class TikTokReply extends Reply {
  private static final DateTimeFormatter LOG_ID = DateTimeFormatter.ofPattern("yyyyMMddHHmmss");

  TikTokReply(RoutingContext ctx, Fault fault) {
    super(ctx, fault, "application/json; charset=UTF-8");
  }

  void ok(JsonObject data) {
    send(200, data, "ok", "");
  }

  void error(int status, String code, String message) {
    send(status, new JsonObject(), code, message);
  }

  void send(int status, JsonObject data, String code, String message) {
    json(status, new JsonObject().put("data", data).put("error", new JsonObject().put("code", code).put("message", message)
        .put("log_id", logId())));
  }

  /** An OAuth endpoint's error (RFC 6749 names plus TikTok's log_id). */
  @Override
  public void oauthError(int status, String error, String description) {
    json(status, new JsonObject().put("error", error).put("error_description", description).put("log_id", logId()));
  }

  static String logId() {
    return LocalDateTime.now(ZoneOffset.UTC).format(LOG_ID) + String.format("%018X", ThreadLocalRandom.current().nextLong() >>> 2);
  }
}
