package io.clipcast.sandbox.kit;

import io.vertx.core.json.JsonObject;

/** One injected fault, as posted to {@code /_sandbox/faults}; its kinds and fields: docs/sandbox.md. */
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
