package io.clipcast.sandbox.youtube;

import io.clipcast.sandbox.kit.Fault;
import io.clipcast.sandbox.kit.FaultActions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/**
 * How a YouTube/Google handler answers one call, in Google's shapes: the API error envelope
 * {@code {"error":{"code","message","errors":[{"domain","reason","message"}]}}} ({@link #apiError}) and the OAuth one
 * {@code {"error","error_description"}} ({@link #oauthError}). Under a {@code lost_response} fault the work is done but
 * the connection is dropped instead of answering. {@link #fault()} is the fault this call drew (null = none).
 */
final class Answer {
  private final RoutingContext ctx;
  private final Fault fault;

  Answer(RoutingContext ctx, Fault fault) {
    this.ctx = ctx;
    this.fault = fault;
  }

  Fault fault() {
    return fault;
  }

  boolean drawn(String kind) {
    return fault != null && fault.kind().equals(kind);
  }

  RoutingContext ctx() {
    return ctx;
  }

  void json(int status, JsonObject body) {
    if (drawn("lost_response")) {
      FaultActions.dropConnection(ctx);
      return;
    }
    ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json; charset=UTF-8").end(body.encodePrettily());
  }

  /** An answer with headers only (session start, 308 Resume Incomplete). */
  void empty(int status) {
    if (drawn("lost_response")) {
      FaultActions.dropConnection(ctx);
      return;
    }
    ctx.response().setStatusCode(status).putHeader("Content-Length", "0").end();
  }

  void apiError(int status, String domain, String reason, String message) {
    json(status, envelope(status, domain, reason, message));
  }

  void oauthError(int status, String error, String description) {
    json(status, new JsonObject().put("error", error).put("error_description", description));
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

  static JsonObject envelope(int status, String domain, String reason, String message) {
    return new JsonObject().put("error", new JsonObject().put("code", status).put("message", message)
        .put("errors", new JsonArray().add(new JsonObject().put("message", message).put("domain", domain).put("reason", reason))));
  }
}
