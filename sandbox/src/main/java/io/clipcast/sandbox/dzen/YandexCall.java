package io.clipcast.sandbox.dzen;

import io.clipcast.sandbox.kit.Fault;
import io.clipcast.sandbox.kit.FaultActions;
import io.clipcast.sandbox.kit.SandboxKit;
import io.vertx.ext.web.RoutingContext;

import java.util.Optional;

/**
 * One call to a Yandex endpoint with the injected fault for its operation acted out around the real work:
 * {@code http_error} / {@code rate_limit} answer instead of it, {@code hang} delays it (or never answers),
 * {@code reset} drops the connection before it, {@code lost_response} does it and then drops the answer,
 * {@code token_expired} answers the endpoint's own "token no longer valid" error. Kinds that describe uploads
 * ({@code slow}, {@code processing_failure}) do not apply to these small calls and are ignored.
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

  /** Writes the answer, or drops the connection instead when the response is to be lost. */
  static final class Reply {
    private final boolean lost;

    private Reply(boolean lost) {
      this.lost = lost;
    }

    void send(RoutingContext ctx, int status, String contentType, String body) {
      if (lost) {
        FaultActions.dropConnection(ctx);
        return;
      }
      ctx.response().setStatusCode(status).putHeader("Content-Type", contentType).putHeader("Cache-Control", "no-store").end(body);
    }

    void redirect(RoutingContext ctx, String location) {
      if (lost) {
        FaultActions.dropConnection(ctx);
        return;
      }
      ctx.response().setStatusCode(302).putHeader("Location", location).end();
    }
  }

  private YandexCall() {}

  static void run(SandboxKit kit, RoutingContext ctx, String operation, Errors errors, Work work) {
    Optional<Fault> fault = kit.faults().take("dzen", operation);
    if (fault.isEmpty()) {
      work.run(ctx, new Reply(false));
      return;
    }
    Fault f = fault.get();
    switch (f.kind()) {
      case "http_error" -> errors.serverError(ctx, f.status());
      case "rate_limit" -> errors.rateLimited(ctx, f.retryAfterSeconds());
      case "hang" -> FaultActions.hang(kit.vertx(), f, () -> work.run(ctx, new Reply(false)));
      case "reset" -> FaultActions.dropConnection(ctx);
      case "lost_response" -> work.run(ctx, new Reply(true));
      case "token_expired" -> errors.tokenExpired(ctx);
      default -> work.run(ctx, new Reply(false));
    }
  }
}
