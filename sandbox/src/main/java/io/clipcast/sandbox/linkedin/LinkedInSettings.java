package io.clipcast.sandbox.linkedin;

import io.vertx.core.json.JsonObject;

/** Tunables of the simulated LinkedIn, {@code /linkedin/_sandbox/settings} (docs/platforms/linkedin.md, "Sandbox control routes"). */
final class LinkedInSettings {
  volatile long processingMs = 3000;
  volatile long partSizeBytes = 4L * 1024 * 1024;
  volatile long uploadUrlTtlSeconds = 24 * 3600;
  volatile long minFileBytes = 75L * 1024;
  volatile long maxFileBytes = 500L * 1024 * 1024;
  volatile int memberDailyPosts = 150;
  volatile int activeVersionMonths = 12;
  volatile long accessTokenTtlSeconds = 60L * 24 * 3600;
  volatile long refreshTokenTtlSeconds = 365L * 24 * 3600;

  /** Applies the given keys; fails with IllegalArgumentException on a value that makes no sense. */
  void apply(JsonObject b) {
    processingMs = atLeast(0, b, "processingMs", processingMs);
    partSizeBytes = atLeast(1, b, "partSizeBytes", partSizeBytes);
    uploadUrlTtlSeconds = atLeast(0, b, "uploadUrlTtlSeconds", uploadUrlTtlSeconds);
    minFileBytes = atLeast(0, b, "minFileBytes", minFileBytes);
    maxFileBytes = atLeast(1, b, "maxFileBytes", maxFileBytes);
    memberDailyPosts = (int) atLeast(0, b, "memberDailyPosts", memberDailyPosts);
    activeVersionMonths = (int) atLeast(1, b, "activeVersionMonths", activeVersionMonths);
    accessTokenTtlSeconds = atLeast(0, b, "accessTokenTtlSeconds", accessTokenTtlSeconds);
    refreshTokenTtlSeconds = atLeast(0, b, "refreshTokenTtlSeconds", refreshTokenTtlSeconds);
  }

  JsonObject toJson() {
    return new JsonObject().put("processingMs", processingMs).put("partSizeBytes", partSizeBytes)
        .put("uploadUrlTtlSeconds", uploadUrlTtlSeconds).put("minFileBytes", minFileBytes).put("maxFileBytes", maxFileBytes)
        .put("memberDailyPosts", memberDailyPosts).put("activeVersionMonths", activeVersionMonths)
        .put("accessTokenTtlSeconds", accessTokenTtlSeconds).put("refreshTokenTtlSeconds", refreshTokenTtlSeconds);
  }

  /** {@code b}'s {@code key}, or {@code current} when absent; fails below {@code min} (0 or 1). */
  private static long atLeast(long min, JsonObject b, String key, long current) {
    Long v = b.getLong(key);
    if (v == null) return current;
    if (v < min) throw new IllegalArgumentException(key + (min == 0 ? " must be >= 0" : " must be > 0"));
    return v;
  }
}
