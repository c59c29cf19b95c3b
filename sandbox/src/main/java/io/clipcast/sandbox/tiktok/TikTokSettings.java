package io.clipcast.sandbox.tiktok;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;

/** Tunables of the simulated TikTok; the keys are in docs/platforms/tiktok.md, "Sandbox control routes". */
final class TikTokSettings {
  volatile int initPerMinute = 6;
  volatile int statusPerMinute = 30;
  volatile int creatorInfoPerMinute = 20;
  volatile long processingMs = 1500;
  volatile long moderationMs = 0;
  volatile boolean audited = false;
  volatile int dailyPostCap = 15;
  volatile int unauditedUserCap = 5;
  volatile int maxVideoPostDurationSec = 600;
  volatile List<String> verifiedUrlPrefixes = List.of("http://127.0.0.1:", "http://localhost:");
  volatile long uploadUrlTtlSeconds = 3600;
  volatile String processingFailReason = "file_format_check_failed";
  volatile long accessTokenTtlSeconds = 7_200;
  volatile long refreshTokenTtlSeconds = 15_552_000;

  void apply(JsonObject b) {
    if (b.getInteger("initPerMinute") != null) initPerMinute = b.getInteger("initPerMinute");
    if (b.getInteger("statusPerMinute") != null) statusPerMinute = b.getInteger("statusPerMinute");
    if (b.getInteger("creatorInfoPerMinute") != null) creatorInfoPerMinute = b.getInteger("creatorInfoPerMinute");
    if (b.getLong("processingMs") != null) processingMs = b.getLong("processingMs");
    if (b.getLong("moderationMs") != null) moderationMs = b.getLong("moderationMs");
    if (b.getBoolean("audited") != null) audited = b.getBoolean("audited");
    if (b.getInteger("dailyPostCap") != null) dailyPostCap = b.getInteger("dailyPostCap");
    if (b.getInteger("unauditedUserCap") != null) unauditedUserCap = b.getInteger("unauditedUserCap");
    if (b.getInteger("maxVideoPostDurationSec") != null) maxVideoPostDurationSec = b.getInteger("maxVideoPostDurationSec");
    if (b.getJsonArray("verifiedUrlPrefixes") != null) {
      verifiedUrlPrefixes = b.getJsonArray("verifiedUrlPrefixes").stream().map(Object::toString).toList();
    }
    if (b.getLong("uploadUrlTtlSeconds") != null) uploadUrlTtlSeconds = b.getLong("uploadUrlTtlSeconds");
    if (b.getString("processingFailReason") != null) processingFailReason = b.getString("processingFailReason");
    if (b.getLong("accessTokenTtlSeconds") != null) accessTokenTtlSeconds = b.getLong("accessTokenTtlSeconds");
    if (b.getLong("refreshTokenTtlSeconds") != null) refreshTokenTtlSeconds = b.getLong("refreshTokenTtlSeconds");
  }

  JsonObject toJson() {
    return new JsonObject().put("initPerMinute", initPerMinute).put("statusPerMinute", statusPerMinute)
        .put("creatorInfoPerMinute", creatorInfoPerMinute).put("processingMs", processingMs).put("moderationMs", moderationMs)
        .put("audited", audited).put("dailyPostCap", dailyPostCap).put("unauditedUserCap", unauditedUserCap)
        .put("maxVideoPostDurationSec", maxVideoPostDurationSec).put("verifiedUrlPrefixes", new JsonArray(verifiedUrlPrefixes))
        .put("uploadUrlTtlSeconds", uploadUrlTtlSeconds).put("processingFailReason", processingFailReason)
        .put("accessTokenTtlSeconds", accessTokenTtlSeconds).put("refreshTokenTtlSeconds", refreshTokenTtlSeconds);
  }
}
