package io.clipcast.sandbox.linkedin;

import io.vertx.core.json.JsonObject;

/**
 * Tunables of the simulated LinkedIn, set through {@code POST /linkedin/_sandbox/settings}: how long a finalized video
 * stays {@code PROCESSING} ({@code processingMs}), the upload part size ({@code partSizeBytes}, 4 MiB as docs/platforms/linkedin.md
 * says), how long part URLs stay valid ({@code uploadUrlTtlSeconds}), the accepted file sizes ({@code minFileBytes} 75 KB,
 * {@code maxFileBytes} 500 MB), posts a member may create per UTC day before 429 ({@code memberDailyPosts}, 0 = no limit),
 * how many monthly {@code LinkedIn-Version}s are active ({@code activeVersionMonths}, about a year) and token lifetimes
 * ({@code accessTokenTtlSeconds} 60 days, {@code refreshTokenTtlSeconds} 365 days).
 */
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
    processingMs = nonNegative(b, "processingMs", processingMs);
    partSizeBytes = positive(b, "partSizeBytes", partSizeBytes);
    uploadUrlTtlSeconds = nonNegative(b, "uploadUrlTtlSeconds", uploadUrlTtlSeconds);
    minFileBytes = nonNegative(b, "minFileBytes", minFileBytes);
    maxFileBytes = positive(b, "maxFileBytes", maxFileBytes);
    memberDailyPosts = (int) nonNegative(b, "memberDailyPosts", memberDailyPosts);
    activeVersionMonths = (int) positive(b, "activeVersionMonths", activeVersionMonths);
    accessTokenTtlSeconds = nonNegative(b, "accessTokenTtlSeconds", accessTokenTtlSeconds);
    refreshTokenTtlSeconds = nonNegative(b, "refreshTokenTtlSeconds", refreshTokenTtlSeconds);
  }

  JsonObject toJson() {
    return new JsonObject().put("processingMs", processingMs).put("partSizeBytes", partSizeBytes)
        .put("uploadUrlTtlSeconds", uploadUrlTtlSeconds).put("minFileBytes", minFileBytes).put("maxFileBytes", maxFileBytes)
        .put("memberDailyPosts", memberDailyPosts).put("activeVersionMonths", activeVersionMonths)
        .put("accessTokenTtlSeconds", accessTokenTtlSeconds).put("refreshTokenTtlSeconds", refreshTokenTtlSeconds);
  }

  private static long nonNegative(JsonObject b, String key, long current) {
    Long v = b.getLong(key);
    if (v == null) return current;
    if (v < 0) throw new IllegalArgumentException(key + " must be >= 0");
    return v;
  }

  private static long positive(JsonObject b, String key, long current) {
    Long v = b.getLong(key);
    if (v == null) return current;
    if (v <= 0) throw new IllegalArgumentException(key + " must be > 0");
    return v;
  }
}
