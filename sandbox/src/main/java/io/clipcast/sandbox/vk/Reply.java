package io.clipcast.sandbox.vk;

import io.clipcast.sandbox.kit.Fault;
import io.clipcast.sandbox.kit.FaultActions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/**
 * How a handler answers one call. Under a {@code lost_response} fault the work is done as usual but the answer is
 * replaced by a dropped connection, so the client never learns the outcome. {@link #fault()} is the fault this call
 * drew (null = none), for the kinds a handler acts out itself.
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

  void json(int status, JsonObject body) {
    if (drawn("lost_response")) {
      FaultActions.dropConnection(ctx);
      return;
    }
    ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json; charset=utf-8").end(body.encode());
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
