package io.clipcast.sandbox.youtube;

import io.vertx.core.json.JsonObject;

/** Tunables of the simulated YouTube; the keys are in docs/platforms/youtube.md, "Sandbox control routes". */
final class YouTubeSettings {
  volatile long processingMs = 1500;
  volatile long sessionTtlSeconds = 7 * 24 * 3600;
  volatile String quotaModel = "uploads";
  volatile long uploadsPerDay = 100;
  volatile long unitsPerDay = 10_000;
  volatile long insertUnitCost = 1600;
  volatile int channelUploadsPer24h = 0;
  volatile long maxUploadBytes = 256L * 1024 * 1024 * 1024;
  volatile boolean rejectDuplicates = false;

  /** Applies the given keys (IllegalArgumentException for a bad one). */
  void apply(JsonObject b) {
    String model = b.getString("quotaModel");
    if (model != null && !model.equals("uploads") && !model.equals("units")) {
      throw new IllegalArgumentException("quotaModel must be \"uploads\" or \"units\"");
    }
    if (model != null) quotaModel = model;
    if (b.getLong("processingMs") != null) processingMs = b.getLong("processingMs");
    if (b.getLong("sessionTtlSeconds") != null) sessionTtlSeconds = b.getLong("sessionTtlSeconds");
    if (b.getLong("uploadsPerDay") != null) uploadsPerDay = b.getLong("uploadsPerDay");
    if (b.getLong("unitsPerDay") != null) unitsPerDay = b.getLong("unitsPerDay");
    if (b.getLong("insertUnitCost") != null) insertUnitCost = b.getLong("insertUnitCost");
    if (b.getInteger("channelUploadsPer24h") != null) channelUploadsPer24h = b.getInteger("channelUploadsPer24h");
    if (b.getLong("maxUploadBytes") != null) maxUploadBytes = b.getLong("maxUploadBytes");
    if (b.getBoolean("rejectDuplicates") != null) rejectDuplicates = b.getBoolean("rejectDuplicates");
  }

  JsonObject toJson() {
    return new JsonObject().put("processingMs", processingMs).put("sessionTtlSeconds", sessionTtlSeconds).put("quotaModel", quotaModel)
        .put("uploadsPerDay", uploadsPerDay).put("unitsPerDay", unitsPerDay).put("insertUnitCost", insertUnitCost)
        .put("channelUploadsPer24h", channelUploadsPer24h).put("maxUploadBytes", maxUploadBytes)
        .put("rejectDuplicates", rejectDuplicates);
  }
}
