package io.clipcast.sandbox.tiktok;

import io.clipcast.sandbox.kit.Fault;
import io.clipcast.sandbox.kit.FaultActions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How the TikTok simulator answers: every v2 response is {@code {"data":{…},"error":{"code","message","log_id"}}} with
 * {@code "code":"ok"} on success (tiktok.md §Errors); OAuth endpoints answer {@code {"error","error_description","log_id"}}.
 * Under a {@code lost_response} fault the work is done but the connection is dropped instead of answering.
 */
final class TikTokReply {
  private static final DateTimeFormatter LOG_ID = DateTimeFormatter.ofPattern("yyyyMMddHHmmss");

  private final RoutingContext ctx;
  private final Fault fault;

  TikTokReply(RoutingContext ctx, Fault fault) {
    this.ctx = ctx;
    this.fault = fault;
  }

  Fault fault() {
    return fault;
  }

  boolean drawn(String kind) {
    return fault != null && fault.kind().equals(kind);
  }

  void ok(JsonObject data) {
    send(200, data, "ok", "");
  }

  void error(int status, String code, String message) {
    send(status, new JsonObject(), code, message);
  }

  void send(int status, JsonObject data, String code, String message) {
    raw(status, new JsonObject().put("data", data).put("error", new JsonObject().put("code", code).put("message", message)
        .put("log_id", logId())));
  }

  /** An OAuth endpoint's error (RFC 6749 names plus TikTok's log_id). */
  void oauthError(int status, String error, String description) {
    raw(status, new JsonObject().put("error", error).put("error_description", description).put("log_id", logId()));
  }

  void raw(int status, JsonObject body) {
    if (drawn("lost_response")) {
      FaultActions.dropConnection(ctx);
      return;
    }
    ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json; charset=UTF-8").end(body.encode());
  }

  void html(int status, String page) {
    ctx.response().setStatusCode(status).putHeader("Content-Type", "text/html; charset=utf-8").end(page);
  }

  void redirect(String location) {
    if (drawn("lost_response")) {
      FaultActions.dropConnection(ctx);
      return;
    }
    ctx.response().setStatusCode(302).putHeader("Location", location).putHeader("Cache-Control", "no-store").end();
  }

  static String logId() {
    return LocalDateTime.now(ZoneOffset.UTC).format(LOG_ID) + String.format("%018X", ThreadLocalRandom.current().nextLong() >>> 2);
  }
}
