package io.clipcast.web;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/**
 * Headers every answer carries: {@code X-Content-Type-Options: nosniff} (a browser must not reinterpret a JSON error
 * echoing user input as HTML), and {@code Cache-Control: no-store} unless the route chose its own caching: answers
 * carry access tokens, API keys, feed links and users' data, none of which a proxy or browser cache may keep.
 */
public final class SecurityHeaders implements Handler<RoutingContext> {
  @Override
  public void handle(RoutingContext ctx) {
    ctx.addHeadersEndHandler(v -> {
      var headers = ctx.response().headers();
      headers.set("X-Content-Type-Options", "nosniff");
      if (!headers.contains("Cache-Control")) headers.set("Cache-Control", "no-store");
    });
    ctx.next();
  }
}
