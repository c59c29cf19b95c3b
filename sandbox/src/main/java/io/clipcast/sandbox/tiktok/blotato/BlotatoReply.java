package io.clipcast.sandbox.tiktok.blotato;

import io.clipcast.sandbox.kit.Fault;
import io.clipcast.sandbox.kit.Reply;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** A kit reply in Blotato's shape: errors are {@code {"message": …}}. */
final class BlotatoReply extends Reply {
  BlotatoReply(RoutingContext ctx, Fault fault) {
    super(ctx, fault, "application/json");
  }

  void error(int status, String message) {
    json(status, new JsonObject().put("message", message));
  }
}
