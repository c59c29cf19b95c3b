package io.clipcast.platforms.vk;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** Asks VK what it knows of a saved video ({@code video.get}) or a wall post carrying it ({@code wall.get}). */
final class VkVideoLookup {
  private static final int WALL_SCAN = 100;

  private final VkApiClient api;

  VkVideoLookup(VkApiClient api) {
    this.api = api;
  }

  /** The video's {@code video.get} item, or null when VK does not list it (never uploaded, or deleted). */
  Future<JsonObject> video(String token, long ownerId, long videoId, String accessKey) {
    String ref = ownerId + "_" + videoId + (accessKey == null ? "" : "_" + accessKey);
    return api.call(token, "video.get", MultiMap.caseInsensitiveMultiMap().add("owner_id", Long.toString(ownerId)).add("videos", ref))
        .map(r -> {
          JsonArray items = r.getJsonArray("items", new JsonArray());
          for (int i = 0; i < items.size(); i++) {
            JsonObject item = items.getJsonObject(i);
            if (item.getLong("id", -1L) == videoId && item.getLong("owner_id", 0L) == ownerId) return item;
          }
          return null;
        });
  }

  /** The id of the newest post on {@code ownerId}'s wall that carries the video, among the latest 100; null if none. */
  Future<Long> postWithVideo(String token, long ownerId, long videoId) {
    return api.call(token, "wall.get", MultiMap.caseInsensitiveMultiMap().add("owner_id", Long.toString(ownerId))
        .add("count", Integer.toString(WALL_SCAN))).map(r -> {
          JsonArray items = r.getJsonArray("items", new JsonArray());
          for (int i = 0; i < items.size(); i++) {
            JsonObject post = items.getJsonObject(i);
            JsonArray attachments = post.getJsonArray("attachments", new JsonArray());
            for (int j = 0; j < attachments.size(); j++) {
              JsonObject video = attachments.getJsonObject(j).getJsonObject("video");
              if (video != null && video.getLong("id", -1L) == videoId && video.getLong("owner_id", 0L) == ownerId) return post.getLong("id");
            }
          }
          return null;
        });
  }
}
