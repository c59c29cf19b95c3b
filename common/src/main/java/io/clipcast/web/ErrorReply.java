package io.clipcast.web;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** The one error shape every endpoint speaks: {@code {"error":{"code","message","field"?,"details"?}}}. */
public final class ErrorReply {
  private ErrorReply() {}

  public static JsonObject body(String code, String message, String field) {
    return body(code, message, field, null);
  }

  public static JsonObject body(String code, String message, String field, JsonObject details) {
    JsonObject error = new JsonObject().put("code", code).put("message", message);
    if (field != null) error.put("field", field);
    if (details != null) error.put("details", details);
    return new JsonObject().put("error", error);
  }

  public static void send(RoutingContext ctx, int status, String code, String message, String field) {
    send(ctx, status, code, message, field, null);
  }

  public static void send(RoutingContext ctx, int status, String code, String message, String field, JsonObject details) {
    if (ctx.response().ended()) return;
    if (ctx.response().headWritten()) {
      ctx.response().reset();
      return;
    }
    ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json; charset=utf-8")
        .end(body(code, message, field, details).encode());
  }

  public static void send(RoutingContext ctx, int status, String code, String message) {
    send(ctx, status, code, message, null);
  }
}
