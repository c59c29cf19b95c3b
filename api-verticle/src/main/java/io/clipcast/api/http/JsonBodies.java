package io.clipcast.api.http;

import io.clipcast.web.ApiError;
import io.clipcast.web.ErrorReply;
import io.vertx.core.Handler;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

import java.util.Set;

/** JSON request bodies: bounded size, the right content type, an object, and no fields the endpoint does not know. */
public final class JsonBodies {
  private JsonBodies() {}

  /**
   * The body handler for JSON routes (no file uploads): size-limited, and the whole request, body included, must have
   * arrived within {@code timeoutMs} — a client that sends its body a byte at a time cannot hold the connection. What
   * the route does once the body is in (an import downloading for minutes) is not bounded here.
   */
  public static Handler<RoutingContext> limit(long maxBytes, long timeoutMs) {
    BodyHandler body = BodyHandler.create(false).setBodyLimit(maxBytes);
    return ctx -> {
      long timer = ctx.vertx().setTimer(timeoutMs, t -> timedOut(ctx, timeoutMs));
      ctx.addEndHandler(v -> ctx.vertx().cancelTimer(timer));
      body.handle(ctx);
    };
  }

  private static void timedOut(RoutingContext ctx, long timeoutMs) {
    if (ctx.response().ended() || ctx.response().closed()) return;
    if (ctx.request().isEnded()) return; // the request arrived whole in time; answering it is the route's business
    if (ctx.response().headWritten()) {
      ctx.request().connection().close();
      return;
    }
    ctx.response().putHeader("Connection", "close");
    ErrorReply.send(ctx, 408, "request_timeout", "The request was not complete within " + timeoutMs / 1000
        + " s; send the whole body at once and try again.");
    ctx.request().connection().close();
  }

  /** {@code application/json}, with parameters or not ({@code application/jsonp} is something else). */
  static boolean isJson(String contentType) {
    if (contentType == null) return false;
    int semi = contentType.indexOf(';');
    return (semi < 0 ? contentType : contentType.substring(0, semi)).trim().equalsIgnoreCase("application/json");
  }

  /** The request's JSON object, checked against the fields the endpoint accepts. */
  public static JsonObject object(RoutingContext ctx, Set<String> allowed) {
    if (!isJson(ctx.request().getHeader("Content-Type"))) {
      throw new ApiError(415, "unsupported_media_type", "Send the body as JSON with Content-Type: application/json.", null);
    }
    io.vertx.core.buffer.Buffer buffer = ctx.body() == null ? null : ctx.body().buffer();
    if (buffer == null || buffer.length() == 0) {
      throw new ApiError(400, "invalid_json", "The request body is empty; send a JSON object.", null);
    }
    Object parsed;
    try {
      parsed = buffer.toJsonValue();
    } catch (DecodeException | IllegalStateException e) {
      throw new ApiError(400, "invalid_json", "The request body is not valid JSON: fix its syntax and send it again.", null);
    }
    if (!(parsed instanceof JsonObject)) {
      throw new ApiError(400, "invalid_json", "The request body must be a JSON object ({…}).", null);
    }
    JsonObject body = (JsonObject) parsed;
    for (String name : body.fieldNames()) {
      if (!allowed.contains(name)) {
        throw ApiError.invalid(name, "Unknown field '" + name + "'. Allowed fields: " + String.join(", ", new java.util.TreeSet<>(allowed)) + ".");
      }
    }
    return body;
  }
}
