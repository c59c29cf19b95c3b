package io.clipcast.sandbox.telegram;

import io.clipcast.sandbox.kit.Fault;
import io.clipcast.sandbox.kit.Reply;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** A kit reply in the Bot API's shape: {@code {"ok":true,"result":…}}, or a {@link BotApiError}'s body with its status. */
final class BotReply extends Reply {
  BotReply(RoutingContext ctx, Fault fault) {
    super(ctx, fault, "application/json");
  }

  /** Answers with the method's outcome when it completes (unless the connection is gone by then). */
  void result(Future<JsonObject> outcome) {
    outcome.onComplete(ar -> {
      if (ctx().response().closed() || ctx().response().ended()) return;
      if (ar.succeeded()) {
        json(200, new JsonObject().put("ok", true).put("result", ar.result()));
      } else {
        error(ar.cause() instanceof BotApiError b ? b : BotApiError.status(500));
      }
    });
  }

  void error(BotApiError e) {
    json(e.code, e.toJson());
  }
}
