package io.clipcast.sandbox.meta;

import io.clipcast.sandbox.kit.Fault;
import io.clipcast.sandbox.kit.FaultActions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/**
 * How a Graph handler answers one call. Under a {@code lost_response} fault the work is done but the connection is
 * dropped instead of answering. {@link #fault()} is the fault this call drew (null = none), for the kinds the handler
 * acts out itself ({@code processing_failure}).
 */
public final class GraphReply {
  private final RoutingContext ctx;
  private final Fault fault;

  public GraphReply(RoutingContext ctx, Fault fault) {
    this.ctx = ctx;
    this.fault = fault;
  }

  public RoutingContext ctx() {
    return ctx;
  }

  public boolean drawn(String kind) {
    return fault != null && fault.kind().equals(kind);
  }

  public void json(int status, JsonObject body) {
    if (drawn("lost_response")) {
      FaultActions.dropConnection(ctx);
      return;
    }
    ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json; charset=UTF-8")
        .putHeader("x-fb-trace-id", GraphError.traceId()).end(body.encode());
  }

  public void ok(JsonObject body) {
    json(200, body);
  }

  public void error(GraphError e) {
    // errors are never "lost": the work did not happen
    var response = ctx.response().setStatusCode(e.status()).putHeader("Content-Type", "application/json; charset=UTF-8");
    if (e.code() == 190 || e.code() == 104) response.putHeader("WWW-Authenticate", "OAuth \"Facebook Platform\" \"invalid_token\"");
    response.end(e.toJson().encode());
  }

  public void html(int status, String page) {
    ctx.response().setStatusCode(status).putHeader("Content-Type", "text/html; charset=utf-8").end(page);
  }

  public void redirect(String location) {
    if (drawn("lost_response")) {
      FaultActions.dropConnection(ctx);
      return;
    }
    ctx.response().setStatusCode(302).putHeader("Location", location).putHeader("Cache-Control", "no-store").end();
  }
}
