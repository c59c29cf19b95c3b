package io.clipcast.sandbox.vk;

import io.clipcast.sandbox.kit.Ledger;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Walls: {@code wall.post} (attachments {@code video<owner>_<id>[_<key>]} must name an uploaded video the caller may
 * use; a repeated {@code guid} on the same wall within the hour returns the same {@code post_id} instead of a second
 * post, VK's idempotency key) and {@code wall.get}. Every new post goes to the sandbox ledger with the bytes and
 * SHA-256 of its video.
 */
final class VkWall {
  private record Post(long ownerId, long id, long fromId, String text, List<VkVideos.Video> videos, Instant at) {}

  private record GuidUse(long postId, Instant at) {}

  private static final Pattern VIDEO_ATTACHMENT = Pattern.compile("video(-?\\d+)_(\\d+)(?:_([A-Za-z0-9]+))?");

  private final VkUsers users;
  private final VkVideos videos;
  private final VkApiSettings settings;
  private final Ledger ledger;
  private final Map<Long, List<Post>> walls = new HashMap<>();
  private final Map<String, GuidUse> guids = new HashMap<>();

  VkWall(VkUsers users, VkVideos videos, VkApiSettings settings, Ledger ledger) {
    this.users = users;
    this.videos = videos;
    this.settings = settings;
    this.ledger = ledger;
  }

  /** {@code wall.post}: owner_id, from_group, message, attachments, guid, publish_date and the optional flags. */
  JsonObject post(ApiCall c) {
    c.requireScope("wall");
    long ownerId = c.integer("owner_id", c.userId());
    boolean fromGroup = c.flag("from_group");
    for (String f : List.of("signed", "friends_only", "close_comments", "mute_notifications", "mark_as_ads")) c.flag(f);
    c.integer("publish_date", 0);
    if (ownerId < 0) {
      if (users.group(-ownerId).isEmpty()) throw VkApiException.badParam("owner_id is invalid");
      if (!users.isAdmin(-ownerId, c.userId())) throw new VkApiException(214, "Access to adding post denied");
    } else if (ownerId != c.userId()) {
      throw new VkApiException(214, "Access to adding post denied");
    }
    String message = c.string("message");
    String attachments = c.string("attachments");
    if (message == null && attachments == null) throw VkApiException.badParam("message or attachments must be given");
    List<VkVideos.Video> attached = attachments == null ? List.of() : attachedVideos(attachments, c.userId());
    String guid = c.string("guid");
    synchronized (this) {
      String guidKey = ownerId + "|" + guid;
      GuidUse used = guid == null ? null : guids.get(guidKey);
      if (used != null && used.at().plusSeconds(settings.guidWindowSeconds).isAfter(Instant.now())) {
        return new JsonObject().put("post_id", used.postId());
      }
      Post p = add(ownerId, ownerId < 0 && fromGroup ? ownerId : c.userId(), message == null ? "" : message, attached);
      if (guid != null) guids.put(guidKey, new GuidUse(p.id(), p.at()));
      record(p, c.userId(), new JsonObject().put("fromGroup", fromGroup).put("guid", guid).put("attachments", attachments));
      return new JsonObject().put("post_id", p.id());
    }
  }

  /** What {@code wallpost=1} on video.save does once the file is in: VK posts the video on the owner's wall itself. */
  synchronized void autoPost(VkVideos.Video v) {
    Post p = add(v.ownerId(), v.ownerId() < 0 ? v.ownerId() : v.savedBy(), v.description(), List.of(v));
    record(p, v.savedBy(), new JsonObject().put("wallpost", true));
  }

  /** {@code wall.get}: owner_id, offset, count (≤100), newest first. */
  JsonObject get(ApiCall c) {
    long ownerId = c.integer("owner_id", c.userId());
    long count = c.integer("count", 20);
    long offset = c.integer("offset", 0);
    if (count < 0 || count > 100) throw VkApiException.badParam("count must be between 0 and 100");
    if (offset < 0) throw VkApiException.badParam("offset must be positive");
    JsonArray items = new JsonArray();
    int total;
    synchronized (this) {
      List<Post> wall = walls.getOrDefault(ownerId, List.of());
      total = wall.size();
      for (int i = wall.size() - 1 - (int) offset, n = 0; i >= 0 && n < count; i--, n++) items.add(json(wall.get(i), c.userId()));
    }
    return new JsonObject().put("count", total).put("items", items);
  }

  private List<VkVideos.Video> attachedVideos(String attachments, long userId) {
    String[] parts = attachments.split(",");
    if (parts.length > 10) throw VkApiException.badParam("attachments: at most 10");
    List<VkVideos.Video> out = new ArrayList<>();
    for (String a : parts) {
      Matcher m = VIDEO_ATTACHMENT.matcher(a.trim());
      if (!m.matches()) throw VkApiException.badParam("attachments is invalid: " + a.trim());
      VkVideos.Video v = videos.find(Long.parseLong(m.group(1)), Long.parseLong(m.group(2)))
          .orElseThrow(() -> VkApiException.badParam("attachments: video " + a.trim() + " not found"));
      if (!videos.visible(v, userId, m.group(3))) throw new VkApiException(204, "Access denied: no access to video " + a.trim());
      if (!v.upload().uploaded) throw VkApiException.badParam("attachments: video " + a.trim() + " has no file uploaded");
      out.add(v);
    }
    return out;
  }

  private Post add(long ownerId, long fromId, String text, List<VkVideos.Video> attached) {
    List<Post> wall = walls.computeIfAbsent(ownerId, k -> new ArrayList<>());
    Post p = new Post(ownerId, wall.size() + 1L, fromId, text, List.copyOf(attached), Instant.now());
    wall.add(p);
    return p;
  }

  private void record(Post p, long userId, JsonObject extra) {
    VkVideos.Video v = p.videos().isEmpty() ? null : p.videos().get(0);
    ledger.record("vk", Long.toString(userId), p.ownerId() + "_" + p.id(), p.text(), v == null ? null : v.title(),
        v == null ? 0 : v.upload().bytes, v == null ? null : v.upload().sha256, extra.put("ownerId", p.ownerId()).put("postId", p.id())
            .put("videoId", v == null ? null : v.id()).put("url", "https://vk.com/wall" + p.ownerId() + "_" + p.id()));
  }

  private JsonObject json(Post p, long viewer) {
    JsonArray attachments = new JsonArray();
    for (VkVideos.Video v : p.videos()) {
      JsonObject video = new JsonObject().put("id", v.id()).put("owner_id", v.ownerId()).put("title", v.title());
      if (videos.visible(v, viewer, null) && (v.ownerId() == viewer || v.savedBy() == viewer)) video.put("access_key", v.accessKey());
      attachments.add(new JsonObject().put("type", "video").put("video", video));
    }
    return new JsonObject().put("id", p.id()).put("owner_id", p.ownerId()).put("from_id", p.fromId()).put("date", p.at().getEpochSecond())
        .put("post_type", "post").put("text", p.text()).put("attachments", attachments);
  }
}
