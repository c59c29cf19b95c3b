package io.clipcast.publish.pipeline;

import io.clipcast.ops.NodeActivity;
import io.clipcast.platforms.ErrorKind;
import io.clipcast.platforms.PlatformFailure;
import io.vertx.circuitbreaker.CircuitBreaker;
import io.vertx.circuitbreaker.CircuitBreakerOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One circuit breaker per platform per node (shared by the node's publish instances). Only signs that the platform is
 * down count — connection failures, 5xx, unanswered requests — not a refused caption or an expired token, so one
 * user's bad input never pauses everyone's publishing. Timeouts are the connector's and the attempt's, not the breaker's.
 */
final class PlatformBreakers {
  private static final Map<Vertx, Map<String, CircuitBreaker>> NODE = new ConcurrentHashMap<>();

  private final Vertx vertx;
  private final CircuitBreakerOptions options;

  PlatformBreakers(Vertx vertx, JsonObject publish) {
    this.vertx = vertx;
    this.options = new CircuitBreakerOptions().setMaxFailures(publish.getInteger("breakerMaxFailures")).setTimeout(-1)
        .setResetTimeout(publish.getLong("breakerResetSeconds") * 1000).setFallbackOnFailure(false);
  }

  CircuitBreaker of(String platform) {
    return NODE.computeIfAbsent(vertx, v -> new ConcurrentHashMap<>()).computeIfAbsent(platform, p -> {
      CircuitBreaker b = CircuitBreaker.create("publish-" + p, vertx, options).failurePolicy(f -> f.failed() && platformDown(f.cause()));
      NodeActivity.of(vertx).breaker(p, () -> new JsonObject().put("state", b.state().name()).put("failures", b.failureCount())
          .put("maxFailures", options.getMaxFailures()).put("resetSeconds", options.getResetTimeout() / 1000));
      return b;
    });
  }

  long resetMs() {
    return options.getResetTimeout();
  }

  static boolean platformDown(Throwable e) {
    if (e instanceof PlatformFailure f) return f.kind() == ErrorKind.RETRYABLE || f.kind() == ErrorKind.OUTCOME_UNKNOWN;
    return !(e instanceof io.clipcast.queue.StaleLeaseException);
  }

  /** Drops this node's breakers when its Vert.x instance closes. */
  static void forget(Vertx vertx) {
    Map<String, CircuitBreaker> b = NODE.remove(vertx);
    if (b != null) b.values().forEach(CircuitBreaker::close);
  }
}
