package io.clipcast.platforms.youtube;

import io.vertx.core.json.JsonObject;

import java.time.ZoneId;

/**
 * What {@code conf/platforms/youtube.json} says the connector must do: the quota model ({@code dailyQuota.model}:
 * {@code uploads} = its own bucket of videos.insert calls, {@code units} = inserts cost units of the general bucket),
 * the chunk size (a multiple of 256 KiB), how often an interrupted upload is resumed within one attempt, when
 * processing is first checked and then how often, and the Shorts rules.
 */
record YouTubeRules(String quotaModel, long uploadsPerDay, long unitsPerDay, long insertCost, long readCost, ZoneId resetZone,
                    long resumeAfterResetSeconds, long chunkBytes, int resumesPerAttempt, long resumeBackoffMs, long firstPollMs,
                    long processingPollMs, String hashtag, double maxDurationSec, boolean verticalOrSquare, String defaultPrivacy,
                    String defaultCategoryId) {
  static final long CHUNK_UNIT = 256 * 1024;

  static YouTubeRules from(JsonObject rules) {
    JsonObject quota = rules.getJsonObject("dailyQuota");
    String model = quota.getString("model");
    if (!"uploads".equals(model) && !"units".equals(model)) {
      throw new IllegalArgumentException("conf/platforms/youtube.json dailyQuota.model must be \"uploads\" or \"units\", not " + model);
    }
    JsonObject m = quota.getJsonObject("models").getJsonObject(model);
    JsonObject upload = rules.getJsonObject("upload");
    long chunk = upload.getLong("chunkBytes");
    if (chunk <= 0 || chunk % CHUNK_UNIT != 0) {
      throw new IllegalArgumentException("conf/platforms/youtube.json upload.chunkBytes must be a positive multiple of 262144");
    }
    JsonObject shorts = rules.getJsonObject("shorts");
    return new YouTubeRules(model, m.getLong("uploadsPerDay", 0L), m.getLong("unitsPerDay"), m.getLong("insertCost", 0L),
        m.getLong("readCost", 1L), ZoneId.of(quota.getString("resetZone")), quota.getLong("resumeAfterResetSeconds", 60L), chunk,
        upload.getInteger("resumesPerAttempt", 0), upload.getLong("resumeBackoffMs", 1000L), upload.getLong("firstPollMs"),
        upload.getLong("processingPollMs"), shorts.getString("hashtag"), shorts.getDouble("maxDurationSec"),
        shorts.getBoolean("verticalOrSquare"), shorts.getString("defaultPrivacy"), shorts.getString("defaultCategoryId"));
  }
}
