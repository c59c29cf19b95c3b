package io.clipcast.sandbox.kit;

import io.vertx.core.json.JsonObject;

/**
 * One injected fault, as posted to {@code /_sandbox/faults}. {@code kind} is one of {@link #KINDS}; the other fields
 * matter for some kinds only: {@code status} (http_error), {@code retryAfterSeconds} (rate_limit), {@code afterBytes}
 * (reset: bytes of the upload read before the connection is dropped), {@code bytesPerSecond} (slow),
 * {@code delayMs} (hang: 0 = never answer).
 */
public record Fault(String id, String platform, String kind, String match, int status, int retryAfterSeconds,
                    long afterBytes, long bytesPerSecond, long delayMs) {
  public static final java.util.Set<String> KINDS = java.util.Set.of("http_error", "rate_limit", "hang", "reset",
      "lost_response", "token_expired", "processing_failure", "slow");

  public JsonObject toJson() {
    return new JsonObject().put("id", id).put("platform", platform).put("kind", kind).put("match", match).put("status", status)
        .put("retryAfterSeconds", retryAfterSeconds).put("afterBytes", afterBytes).put("bytesPerSecond", bytesPerSecond)
        .put("delayMs", delayMs);
  }
}
