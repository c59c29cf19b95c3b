package io.clipcast.web;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** The one error shape every endpoint speaks: {@code {"error":{"code","message","field"?}}}. */
public final class ErrorReply {
  private ErrorReply() {}

  public static JsonObject body(String code, String message, String field) {
    JsonObject error = new JsonObject().put("code", code).put("message", message);
    if (field != null) error.put("field", field);
    return new JsonObject().put("error", error);
  }

  public static void send(RoutingContext ctx, int status, String code, String message, String field) {
    if (ctx.response().ended()) return;
    if (ctx.response().headWritten()) {
      ctx.response().reset();
      return;
    }
    ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json; charset=utf-8")
        .end(body(code, message, field).encode());
  }

  public static void send(RoutingContext ctx, int status, String code, String message) {
    send(ctx, status, code, message, null);
  }
}
