package io.clipcast.sandbox.linkedin;

import io.clipcast.sandbox.kit.Fault;
import io.clipcast.sandbox.kit.FaultActions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/**
 * How a handler answers one call, in LinkedIn's shapes. Under a {@code lost_response} fault the work is done as usual but
 * the success answer is replaced by a dropped connection, so the client never learns the outcome.
 */
final class Reply {
  private final RoutingContext ctx;
  private final Fault fault;

  Reply(RoutingContext ctx, Fault fault) {
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
    ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(body.encode());
  }

  /** A success without a body (201 of posts, 200 of part uploads and finalizeUpload), with its headers. */
  void empty(int status, String... headerPairs) {
    if (drawn("lost_response")) {
      FaultActions.dropConnection(ctx);
      return;
    }
    for (int i = 0; i + 1 < headerPairs.length; i += 2) ctx.response().putHeader(headerPairs[i], headerPairs[i + 1]);
    ctx.response().setStatusCode(status).end();
  }

  /** LinkedIn's Rest.li error envelope {@code {"status","serviceErrorCode","code","message"}} (refusals are never lost). */
  void error(int status, String code, Integer serviceErrorCode, String message) {
    JsonObject body = new JsonObject().put("status", status);
    if (serviceErrorCode != null) body.put("serviceErrorCode", serviceErrorCode);
    if (code != null) body.put("code", code);
    body.put("message", message);
    ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(body.encode());
  }

  /** An OAuth endpoint refusal, RFC 6749 style: {@code {"error","error_description"}}. */
  void oauthError(int status, String error, String description) {
    ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json")
        .end(new JsonObject().put("error", error).put("error_description", description).encode());
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
}
