package io.clipcast.sandbox.youtube;

import io.clipcast.sandbox.kit.Fault;
import io.clipcast.sandbox.kit.CallFaults;
import io.clipcast.sandbox.kit.SandboxKit;
import io.vertx.ext.web.RoutingContext;

import java.util.function.Consumer;

/**
 * Draws a call's fault and acts out the kinds that look the same on every Google host ({@code http_error},
 * {@code rate_limit}, {@code reset}, {@code hang}); the rest reach the handler through its {@link Answer}. Operations
 * and answers: docs/platforms/youtube.md, "Sandbox control routes".
 */
final class YouTubeFaults {
  private YouTubeFaults() {}

  static void run(SandboxKit kit, RoutingContext ctx, String operation, Consumer<Answer> work) {
    CallFaults.run(kit, YouTubeSimulator.ID, operation, ctx, Answer::new, (f, answer) -> {
      if (!f.kind().equals("http_error") && !f.kind().equals("rate_limit")) return false;
      answerError(answer);
      return true;
    }, answer -> {
      try {
        work.accept(answer);
      } catch (Answer.Refusal r) {
        answer.apiError(r.status, r.domain, r.reason, r.getMessage());
      }
    });
  }

  /** Answers a drawn {@code http_error} or {@code rate_limit} in Google's envelope. */
  static void answerError(Answer answer) {
    Fault f = answer.fault();
    if (f.kind().equals("http_error")) {
      boolean unavailable = f.status() == 503;
      answer.apiError(f.status(), "global", unavailable ? "serviceUnavailable" : "backendError",
          unavailable ? "The service is currently unavailable." : "Backend Error");
      return;
    }
    answer.ctx().response().putHeader("Retry-After", Integer.toString(f.retryAfterSeconds()));
    if (f.status() == 429) answer.apiError(429, "youtube.api", "rateLimitExceeded", "Too many requests.");
    else answer.apiError(403, "usageLimits", "rateLimitExceeded", "The request cannot be completed because you have exceeded your rate limit.");
  }
}
