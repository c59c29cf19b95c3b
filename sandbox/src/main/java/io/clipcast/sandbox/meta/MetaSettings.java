package io.clipcast.sandbox.meta;

import io.vertx.core.json.JsonObject;

/** Tunables of one Meta simulator; the keys are in docs/platforms/instagram.md, "Sandbox control routes". */
public final class MetaSettings {
  public volatile long processingMs = 1500;
  public volatile long containerTtlSeconds = 24 * 3600;
  public volatile int publishLimit = 50;
  public volatile int reelsPerPagePerDay = 30;
  /** Where Facebook's reel cap bites: {@code finish} (publishing, as Meta documents) or {@code start} (Clipcast's old assumption). */
  public volatile String reelsCapAt = "finish";
  public volatile long shortTokenTtlSeconds = 2 * 3600;
  public volatile long longTokenTtlSeconds = 5_183_944;
  public volatile long maxUploadBytes = 1L << 30;
  public volatile long insightsAfterSeconds = 0;

  public void apply(JsonObject b) {
    if (b.getLong("processingMs") != null) processingMs = b.getLong("processingMs");
    if (b.getLong("containerTtlSeconds") != null) containerTtlSeconds = b.getLong("containerTtlSeconds");
    if (b.getInteger("publishLimit") != null) publishLimit = b.getInteger("publishLimit");
    if (b.getInteger("reelsPerPagePerDay") != null) reelsPerPagePerDay = b.getInteger("reelsPerPagePerDay");
    if (b.getString("reelsCapAt") != null) {
      if (!b.getString("reelsCapAt").equals("finish") && !b.getString("reelsCapAt").equals("start")) {
        throw new IllegalArgumentException("reelsCapAt must be finish or start");
      }
      reelsCapAt = b.getString("reelsCapAt");
    }
    if (b.getLong("shortTokenTtlSeconds") != null) shortTokenTtlSeconds = b.getLong("shortTokenTtlSeconds");
    if (b.getLong("longTokenTtlSeconds") != null) longTokenTtlSeconds = b.getLong("longTokenTtlSeconds");
    if (b.getLong("maxUploadBytes") != null) maxUploadBytes = b.getLong("maxUploadBytes");
    if (b.getLong("insightsAfterSeconds") != null) insightsAfterSeconds = b.getLong("insightsAfterSeconds");
  }

  public JsonObject toJson() {
    return new JsonObject().put("processingMs", processingMs).put("containerTtlSeconds", containerTtlSeconds)
        .put("publishLimit", publishLimit).put("reelsPerPagePerDay", reelsPerPagePerDay).put("reelsCapAt", reelsCapAt).put("shortTokenTtlSeconds", shortTokenTtlSeconds)
        .put("longTokenTtlSeconds", longTokenTtlSeconds).put("maxUploadBytes", maxUploadBytes)
        .put("insightsAfterSeconds", insightsAfterSeconds);
  }
}
