package io.clipcast.sandbox.meta;

import io.clipcast.sandbox.kit.Fault;
import io.clipcast.sandbox.kit.Reply;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** A kit reply in Graph's shapes: answers carry {@code x-fb-trace-id}; a {@link GraphError} is never lost. */
public final class GraphReply extends Reply {
  public GraphReply(RoutingContext ctx, Fault fault) {
    super(ctx, fault, "application/json; charset=UTF-8");
  }

  @Override
  public void json(int status, JsonObject body) {
    if (!drawn("lost_response")) ctx().response().putHeader("x-fb-trace-id", GraphError.traceId());
    super.json(status, body);
  }

  public void ok(JsonObject body) {
    json(200, body);
  }

  public void error(GraphError e) {
    if (e.code() == 190 || e.code() == 104) ctx().response().putHeader("WWW-Authenticate", "OAuth \"Facebook Platform\" \"invalid_token\"");
    refuse(e.status(), e.toJson());
  }
}
