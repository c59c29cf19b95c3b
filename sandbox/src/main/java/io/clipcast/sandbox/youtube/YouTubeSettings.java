package io.clipcast.sandbox.youtube;

import io.vertx.core.json.JsonObject;

/**
 * Tunables of the simulated YouTube, set through {@code POST /youtube/_sandbox/settings}: how long an uploaded video
 * stays {@code processing} ({@code processingMs}); how long a resumable session URI works ({@code sessionTtlSeconds});
 * the project quota model ({@code quotaModel}: {@code "uploads"} = the current docs' own bucket of
 * {@code uploadsPerDay} videos.insert calls plus {@code unitsPerDay} units for everything else, or {@code "units"} = the
 * legacy 10,000 units/day where an insert costs {@code insertUnitCost}); the channel's rolling 24 h upload cap
 * ({@code channelUploadsPer24h}, 0 = none; unpublished on YouTube); the largest file ({@code maxUploadBytes}, 256 GB);
 * {@code unauditedProject} (every upload is forced to private, as for API projects not yet audited) and
 * {@code rejectDuplicates} (a file the channel already has ends {@code rejected}, reason {@code duplicate}).
 */
final class YouTubeSettings {
  volatile long processingMs = 1500;
  volatile long sessionTtlSeconds = 7 * 24 * 3600;
  volatile String quotaModel = "uploads";
  volatile long uploadsPerDay = 100;
  volatile long unitsPerDay = 10_000;
  volatile long insertUnitCost = 1600;
  volatile int channelUploadsPer24h = 0;
  volatile long maxUploadBytes = 256L * 1024 * 1024 * 1024;
  volatile boolean unauditedProject = false;
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
    if (b.getBoolean("unauditedProject") != null) unauditedProject = b.getBoolean("unauditedProject");
    if (b.getBoolean("rejectDuplicates") != null) rejectDuplicates = b.getBoolean("rejectDuplicates");
  }

  JsonObject toJson() {
    return new JsonObject().put("processingMs", processingMs).put("sessionTtlSeconds", sessionTtlSeconds).put("quotaModel", quotaModel)
        .put("uploadsPerDay", uploadsPerDay).put("unitsPerDay", unitsPerDay).put("insertUnitCost", insertUnitCost)
        .put("channelUploadsPer24h", channelUploadsPer24h).put("maxUploadBytes", maxUploadBytes).put("unauditedProject", unauditedProject)
        .put("rejectDuplicates", rejectDuplicates);
  }
}
