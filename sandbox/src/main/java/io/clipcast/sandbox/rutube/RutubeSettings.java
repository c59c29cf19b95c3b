package io.clipcast.sandbox.rutube;

import io.vertx.core.json.JsonObject;

/** Knobs of the simulated service, {@code /rutube/_sandbox/settings} (docs/platforms/rutube.md, "Sandbox control routes"). */
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
