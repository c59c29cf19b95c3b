package io.clipcast.platforms.tiktok;

import io.clipcast.platforms.ResumeState;
import io.vertx.core.json.JsonObject;

/**
 * What a TikTok Direct Post saves between steps: the intent ({@code initRequestedAt}, the source, the privacy chosen,
 * the creator's name) before {@code video/init}, then the post TikTok opened ({@code publishId}, the upload URL and the
 * chunk plan), that every byte is there, and the public video id. Version 1 is also the layout of rows saved before
 * versions existed.
 */
public record TikTokResume(Long initRequestedAt, String source, String privacyLevel, String username, String publishId, String uploadUrl,
                           Long videoSize, Long chunkSize, Integer totalChunks, boolean uploaded, String videoId) implements ResumeState {
  public static final int VERSION = 1;

  public static TikTokResume from(JsonObject stored) {
    JsonObject s = ResumeState.checked(stored, VERSION, "TikTok");
    return new TikTokResume(s.getLong("initRequestedAt"), s.getString("source"), s.getString("privacyLevel"), s.getString("username"),
        s.getString("publishId"), s.getString("uploadUrl"), s.getLong("videoSize"), s.getLong("chunkSize"), s.getInteger("totalChunks"),
        s.getBoolean("uploaded", false), s.getString("videoId"));
  }

  boolean pulled() {
    return "PULL_FROM_URL".equals(source);
  }

  ChunkPlan plan() {
    return new ChunkPlan(videoSize, chunkSize, totalChunks);
  }

  /** About to ask for a new post: no post is open yet. */
  TikTokResume intent(long at, String source, String privacyLevel, String username) {
    return new TikTokResume(at, source, privacyLevel, username, null, null, videoSize, chunkSize, totalChunks, false, videoId);
  }

  /** TikTok opened the post; {@code plan} is null when TikTok pulls the file itself. */
  TikTokResume opened(String publishId, String uploadUrl, ChunkPlan plan) {
    return new TikTokResume(initRequestedAt, source, privacyLevel, username, publishId, uploadUrl,
        plan == null ? videoSize : Long.valueOf(plan.videoSize()), plan == null ? chunkSize : Long.valueOf(plan.chunkSize()),
        plan == null ? totalChunks : Integer.valueOf(plan.totalChunks()), uploaded, videoId);
  }

  TikTokResume uploadedNow() {
    return new TikTokResume(initRequestedAt, source, privacyLevel, username, publishId, uploadUrl, videoSize, chunkSize, totalChunks, true, videoId);
  }

  TikTokResume video(String id) {
    return new TikTokResume(initRequestedAt, source, privacyLevel, username, publishId, uploadUrl, videoSize, chunkSize, totalChunks, uploaded, id);
  }

  /** The post is dead (or its upload URL expired): forgotten, so the next try opens a new one. */
  TikTokResume forgotten() {
    return new TikTokResume(null, source, privacyLevel, username, null, null, videoSize, chunkSize, totalChunks, false, videoId);
  }

  @Override public int version() { return VERSION; }

  @Override
  public JsonObject toJson() {
    return ResumeState.stamped(new JsonObject().put("initRequestedAt", initRequestedAt).put("source", source).put("privacyLevel", privacyLevel)
        .put("username", username).put("publishId", publishId).put("uploadUrl", uploadUrl).put("videoSize", videoSize)
        .put("chunkSize", chunkSize).put("totalChunks", totalChunks).put("uploaded", uploaded).put("videoId", videoId), VERSION);
  }
}
