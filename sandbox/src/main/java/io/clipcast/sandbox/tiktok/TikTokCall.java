package io.clipcast.sandbox.tiktok;

import io.clipcast.sandbox.kit.CallFaults;
import io.clipcast.sandbox.kit.SandboxKit;
import io.vertx.ext.web.RoutingContext;

import java.util.function.Consumer;

/**
 * Draws a call's fault (platform {@code tiktok}) and acts out the kinds that look the same on every TikTok endpoint;
 * {@code lost_response} and {@code processing_failure} run the work with a {@link TikTokReply} that knows the fault.
 * Answers per kind: docs/platforms/tiktok.md, "Sandbox control routes".
 */
final class TikTokCall {
  private TikTokCall() {}

  static void run(SandboxKit kit, RoutingContext ctx, String operation, Consumer<TikTokReply> work) {
    run(kit, ctx, operation, false, work);
  }

  /** {@code oauth}: the token endpoint, whose errors have the OAuth shape and whose token_expired the work acts out. */
  static void run(SandboxKit kit, RoutingContext ctx, String operation, boolean oauth, Consumer<TikTokReply> work) {
    CallFaults.run(kit, "tiktok", operation, ctx, TikTokReply::new, (f, reply) -> switch (f.kind()) {
      case "http_error" -> {
        reply.error(f.status(), "internal_error", "Something went wrong. Please try again later.");
        yield true;
      }
      case "rate_limit" -> {
        ctx.response().putHeader("Retry-After", Integer.toString(f.retryAfterSeconds()));
        if (oauth) reply.oauthError(429, "rate_limit_exceeded", "Too many requests, please retry later.");
        else reply.error(429, "rate_limit_exceeded", "API rate limit exceeded, please retry later.");
        yield true;
      }
      case "token_expired" -> {
        if (!oauth) reply.error(401, "access_token_invalid", "The access token is invalid or not found in the request.");
        yield !oauth;
      }
      default -> false;
    }, work);
  }
}
