package io.clipcast.sandbox.vk;

import io.clipcast.sandbox.kit.ReceivedFile;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Videos: {@code video.save} reserves one and hands out a single-use upload URL; the upload host fills it in; then
 * {@code video.get} shows it {@code processing} for a while and afterwards with counters that grow with time
 * (docs/platforms/vk.md, "Status polling", "Stats"). A reserved video that was never uploaded is not listed.
 */
final class VkVideos {
  /** A video reserved by {@code video.save}; {@code upload} is what the upload host filled in. */
  record Video(long ownerId, long id, long savedBy, String title, String description, String accessKey, boolean isPrivate,
               boolean wallpost, String link, String sig, Instant urlExpiresAt, Upload upload) {
    String ref() {
      return ownerId + "_" + id;
    }
  }

  static final class Upload {
    volatile boolean uploaded;
    volatile long bytes;
    volatile String sha256;
    volatile Instant uploadedAt;
    volatile boolean processingFails;
  }

  private static final Pattern VIDEO_REF = Pattern.compile("(-?\\d+)_(\\d+)(?:_([A-Za-z0-9]+))?");

  private final VkUsers users;
  private final VkApiSettings settings;
  private final String uploadBase;
  private final AtomicLong nextId = new AtomicLong(456_239_017L);
  private final Map<String, Video> byRef = new ConcurrentHashMap<>();
  private final Map<String, Video> bySig = new ConcurrentHashMap<>();

  VkVideos(VkUsers users, VkApiSettings settings, String publicBase) {
    this.users = users;
    this.settings = settings;
    this.uploadBase = publicBase + "/vk/upload/upload.do";
  }

  /** {@code video.save}: name, description, is_private, wallpost, link, group_id, album_id, privacy_*, no_comments, repeat. */
  JsonObject save(ApiCall c) {
    c.requireScope("video");
    String name = c.maxLength("name", 128);
    String description = c.maxLength("description", 5000);
    boolean isPrivate = c.flag("is_private");
    boolean wallpost = c.flag("wallpost");
    c.flag("no_comments");
    c.flag("repeat");
    c.integer("album_id", 0);
    long groupId = c.integer("group_id", 0);
    if (groupId < 0) throw VkApiException.badParam("group_id must be positive");
    if (groupId > 0) {
      if (users.group(groupId).isEmpty()) throw VkApiException.badParam("group_id is invalid");
      if (!users.isAdmin(groupId, c.userId())) throw new VkApiException(203, "Access to group denied: you are not an editor of this community");
    }
    long ownerId = groupId > 0 ? -groupId : c.userId();
    long id = nextId.getAndIncrement();
    String sig = VkTokens.random(24);
    Video v = new Video(ownerId, id, c.userId(), name == null ? "" : name, description == null ? "" : description,
        VkTokens.hex(9), isPrivate, wallpost, c.string("link"), sig, Instant.now().plusSeconds(settings.uploadUrlTtlSeconds), new Upload());
    byRef.put(v.ref(), v);
    bySig.put(sig, v);
    if (c.reply().drawn("processing_failure")) v.upload().processingFails = true;
    return new JsonObject().put("access_key", v.accessKey()).put("description", v.description()).put("owner_id", ownerId)
        .put("title", v.title()).put("upload_url", uploadBase + "?sig=" + sig + "&vkOwnerId=" + ownerId + "&vkVideoId=" + id)
        .put("video_id", id);
  }

  /** {@code video.get}: owner_id, videos ({@code <owner>_<id>[_<access_key>]}, comma separated), count (≤200), offset. */
  JsonObject get(ApiCall c) {
    c.requireScope("video");
    long count = c.integer("count", 100);
    long offset = c.integer("offset", 0);
    if (count < 0 || count > 200) throw VkApiException.badParam("count must be between 0 and 200");
    if (offset < 0) throw VkApiException.badParam("offset must be positive");
    long ownerId = c.integer("owner_id", c.userId());
    JsonArray items = new JsonArray();
    String videos = c.string("videos");
    if (videos != null) {
      for (String ref : videos.split(",")) {
        Matcher m = VIDEO_REF.matcher(ref.trim());
        if (!m.matches()) throw VkApiException.badParam("videos is invalid: " + ref.trim());
        Video v = byRef.get(m.group(1) + "_" + m.group(2));
        if (v == null || !v.upload().uploaded || !visible(v, c.userId(), m.group(3))) continue;
        if (c.reply().drawn("processing_failure")) v.upload().processingFails = true;
        items.add(item(v, c.userId()));
      }
    } else {
      byRef.values().stream().filter(v -> v.ownerId() == ownerId && v.upload().uploaded && visible(v, c.userId(), null))
          .sorted(Comparator.comparingLong((Video v) -> v.id()).reversed()).skip(offset).limit(count)
          .forEach(v -> items.add(item(v, c.userId())));
    }
    return new JsonObject().put("count", items.size()).put("items", items);
  }

  Optional<Video> bySig(String sig) {
    return sig == null ? Optional.empty() : Optional.ofNullable(bySig.get(sig));
  }

  Optional<Video> find(long ownerId, long id) {
    return Optional.ofNullable(byRef.get(ownerId + "_" + id));
  }

  /** Fills the reserved video with the received file; false when its upload URL was used already (single use). */
  boolean complete(Video v, ReceivedFile file, boolean processingFails) {
    if (bySig.remove(v.sig(), v)) {
      v.upload().bytes = file == null ? 0 : file.size();
      v.upload().sha256 = file == null ? null : file.sha256();
      v.upload().processingFails = v.upload().processingFails || processingFails;
      v.upload().uploadedAt = Instant.now();
      v.upload().uploaded = true;
      return true;
    }
    return false;
  }

  /** The owner (the user, or an admin of the community) sees its videos; others see public ones, or private ones with the key. */
  boolean visible(Video v, long userId, String accessKey) {
    return ownedBy(v, userId) || !v.isPrivate() || v.accessKey().equals(accessKey);
  }

  private boolean ownedBy(Video v, long userId) {
    return v.ownerId() == userId || (v.ownerId() < 0 && users.isAdmin(-v.ownerId(), userId));
  }

  private JsonObject item(Video v, long viewer) {
    JsonObject o = new JsonObject().put("id", v.id()).put("owner_id", v.ownerId()).put("title", v.title()).put("description", v.description())
        .put("date", v.upload().uploadedAt.getEpochSecond()).put("type", "video").put("can_edit", ownedBy(v, viewer) ? 1 : 0);
    if (ownedBy(v, viewer)) o.put("access_key", v.accessKey());
    if (v.isPrivate()) o.put("is_private", 1);
    Instant readyAt = v.upload().uploadedAt.plusMillis(settings.processingMs);
    boolean processing = v.upload().processingFails || Instant.now().isBefore(readyAt);
    long views = processing ? 0 : Duration.between(readyAt, Instant.now()).toSeconds() * 5;
    if (processing) {
      o.put("processing", 1);
    } else {
      o.put("player", "https://vk.com/video_ext.php?oid=" + v.ownerId() + "&id=" + v.id() + "&hash=" + v.accessKey())
          .put("image", new JsonArray().add(new JsonObject().put("url", "https://sun.userapi.com/sandbox/" + v.ref() + ".jpg")
              .put("width", 720).put("height", 1280)));
    }
    return o.put("views", views).put("comments", views / 40)
        .put("likes", new JsonObject().put("count", views / 10).put("user_likes", 0))
        .put("reposts", new JsonObject().put("count", views / 50).put("wall_count", views / 50).put("mail_count", 0).put("user_reposted", 0));
  }
}
