package io.clipcast.sandbox.dzen;

import io.clipcast.sandbox.kit.Fault;
import io.clipcast.sandbox.kit.CallFaults;
import io.clipcast.sandbox.kit.SandboxKit;
import io.vertx.ext.web.RoutingContext;

/**
 * One call to a Yandex endpoint with the injected fault for its operation acted out around the real work, each
 * endpoint in its own error shape (docs/platforms/dzen.md, "Sandbox control routes").
 */
final class YandexCall {
  /** The work of a call; answers through {@link Reply} so a lost response can swallow the answer. */
  interface Work {
    void run(RoutingContext ctx, Reply reply);
  }

  /** How an endpoint writes its errors (JSON for oauth.yandex.ru, plain for login.yandex.ru). */
  interface Errors {
    void serverError(RoutingContext ctx, int status);

    void rateLimited(RoutingContext ctx, int retryAfterSeconds);

    void tokenExpired(RoutingContext ctx);
  }

  /** A kit reply whose answers are never cached, as Yandex's are. */
  static final class Reply extends io.clipcast.sandbox.kit.Reply {
    private Reply(RoutingContext ctx, Fault fault) {
      super(ctx, fault, "application/json");
    }

    @Override
    public void json(int status, io.vertx.core.json.JsonObject body) {
      if (!drawn("lost_response")) ctx().response().putHeader("Cache-Control", "no-store");
      super.json(status, body);
    }

    void uncached(int status, String contentType, String body) {
      if (!drawn("lost_response")) ctx().response().putHeader("Cache-Control", "no-store");
      send(status, contentType, body);
    }
  }

  private YandexCall() {}

  static void run(SandboxKit kit, RoutingContext ctx, String operation, Errors errors, Work work) {
    CallFaults.run(kit, "dzen", operation, ctx, Reply::new, (f, reply) -> switch (f.kind()) {
      case "http_error" -> {
        errors.serverError(ctx, f.status());
        yield true;
      }
      case "rate_limit" -> {
        errors.rateLimited(ctx, f.retryAfterSeconds());
        yield true;
      }
      case "token_expired" -> {
        errors.tokenExpired(ctx);
        yield true;
      }
      default -> false;
    }, reply -> work.run(ctx, reply));
  }
}
