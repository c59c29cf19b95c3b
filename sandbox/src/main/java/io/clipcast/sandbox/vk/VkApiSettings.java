package io.clipcast.sandbox.vk;

import io.vertx.core.json.JsonObject;

/** Tunables of the simulated method API, {@code /vk/_sandbox/api} (docs/platforms/vk.md, "Sandbox control routes"). */
final class VkApiSettings {
  volatile int requestsPerSecond = 3;
  volatile long processingMs = 1500;
  volatile long uploadUrlTtlSeconds = 24 * 3600;
  volatile long guidWindowSeconds = 3600;
  volatile long maxUploadBytes = 256L * 1024 * 1024 * 1024;

  void apply(JsonObject b) {
    if (b.getInteger("requestsPerSecond") != null) requestsPerSecond = b.getInteger("requestsPerSecond");
    if (b.getLong("processingMs") != null) processingMs = b.getLong("processingMs");
    if (b.getLong("uploadUrlTtlSeconds") != null) uploadUrlTtlSeconds = b.getLong("uploadUrlTtlSeconds");
    if (b.getLong("guidWindowSeconds") != null) guidWindowSeconds = b.getLong("guidWindowSeconds");
    if (b.getLong("maxUploadBytes") != null) maxUploadBytes = b.getLong("maxUploadBytes");
  }

  JsonObject toJson() {
    return new JsonObject().put("requestsPerSecond", requestsPerSecond).put("processingMs", processingMs)
        .put("uploadUrlTtlSeconds", uploadUrlTtlSeconds).put("guidWindowSeconds", guidWindowSeconds)
        .put("maxUploadBytes", maxUploadBytes);
  }
}
