package io.clipcast.sandbox.rutube;

import io.vertx.core.json.JsonObject;

/**
 * Knobs of the simulated service, set through {@code POST /rutube/_sandbox/settings}: how long conversion takes after
 * the pull, how fast views accrue on a ready video, and the largest file it pulls (docs/platforms/rutube.md: undocumented; one
 * third-party provider hard-codes 10 GB).
 */
final class RutubeSettings {
  volatile long processingMs = 2000;
  volatile double hitsPerSecond = 1.0;
  volatile long maxFileBytes = 10L * 1024 * 1024 * 1024;

  void update(JsonObject b) {
    processingMs = b.getLong("processingMs", processingMs);
    hitsPerSecond = b.getDouble("hitsPerSecond", hitsPerSecond);
    maxFileBytes = b.getLong("maxFileBytes", maxFileBytes);
  }

  JsonObject toJson() {
    return new JsonObject().put("processingMs", processingMs).put("hitsPerSecond", hitsPerSecond).put("maxFileBytes", maxFileBytes);
  }
}
