package io.clipcast.platforms.vk;

import io.clipcast.platforms.ResumeState;
import io.vertx.core.json.JsonObject;

/**
 * What a VK publish saves between steps: the saved video ({@code video.save}: id, owner, access key, upload URL, the
 * community), whether the file landed, when {@code wall.post} was first asked for, and the post's id.
 * Version 1 is also the layout of rows saved before versions existed.
 */
public record VkResume(Long videoId, Long ownerId, String accessKey, String uploadUrl, Long groupId, boolean uploaded,
                       Long postRequestedAt, Long postId) implements ResumeState {
  public static final int VERSION = 1;
  public static final VkResume NONE = new VkResume(null, null, null, null, null, false, null, null);

  public static VkResume from(JsonObject stored) {
    JsonObject s = ResumeState.checked(stored, VERSION, "VK");
    return new VkResume(s.getLong("videoId"), s.getLong("ownerId"), s.getString("accessKey"), s.getString("uploadUrl"),
        s.getLong("groupId"), s.getBoolean("uploaded", false), s.getLong("postRequestedAt"), s.getLong("postId"));
  }

  /** A fresh {@code video.save}: a new video and upload URL, nothing uploaded or posted yet. */
  VkResume saved(long videoId, long ownerId, String accessKey, String uploadUrl, Long groupId) {
    return new VkResume(videoId, ownerId, accessKey, uploadUrl, groupId, false, postRequestedAt, postId);
  }

  VkResume uploadedNow() {
    return new VkResume(videoId, ownerId, accessKey, uploadUrl, groupId, true, postRequestedAt, postId);
  }

  VkResume postRequested(long at) {
    return new VkResume(videoId, ownerId, accessKey, uploadUrl, groupId, uploaded, at, postId);
  }

  VkResume posted(long id) {
    return new VkResume(videoId, ownerId, accessKey, uploadUrl, groupId, uploaded, postRequestedAt, id);
  }

  @Override public int version() { return VERSION; }

  @Override
  public JsonObject toJson() {
    return ResumeState.stamped(new JsonObject().put("videoId", videoId).put("ownerId", ownerId).put("accessKey", accessKey)
        .put("uploadUrl", uploadUrl).put("groupId", groupId).put("uploaded", uploaded).put("postRequestedAt", postRequestedAt)
        .put("postId", postId), VERSION);
  }
}
