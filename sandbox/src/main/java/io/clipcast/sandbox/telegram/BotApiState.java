package io.clipcast.sandbox.telegram;

import io.vertx.core.json.JsonObject;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the simulated Telegram knows, in memory: bots by token, chats by id and {@code @username}, each bot's membership
 * in each chat, the videos sent (by file_id, for resending), the last message id per chat, and whether it plays the
 * cloud Bot API (50 MB uploads) or a local Bot API server (2000 MB).
 */
final class BotApiState {
  static final long CLOUD_UPLOAD_LIMIT = 50_000_000;
  static final long LOCAL_UPLOAD_LIMIT = 2000L * 1024 * 1024;
  /** Videos Telegram fetches by URL itself: 20 MB (docs/platforms/telegram.md). */
  static final long URL_FETCH_LIMIT = 20L * 1024 * 1024;

  /** A video on Telegram's servers, resendable by its file_id. */
  record StoredVideo(String fileId, String fileUniqueId, long size, String sha256, String mimeType) {}

  final Map<String, JsonObject> bots = new ConcurrentHashMap<>();                 // token → bot user
  private final Map<String, JsonObject> chats = new ConcurrentHashMap<>();        // "-100…" or "@username" → chat
  private final Map<Long, Map<Long, JsonObject>> members = new ConcurrentHashMap<>(); // chat id → user id → member
  private final Map<Long, AtomicLong> lastMessageId = new ConcurrentHashMap<>();
  final Map<String, StoredVideo> videos = new ConcurrentHashMap<>();
  volatile boolean localServer;

  void addChat(JsonObject chat, Map<Long, JsonObject> chatMembers) {
    long id = chat.getLong("id");
    chats.put(Long.toString(id), chat);
    if (chat.getString("username") != null) chats.put("@" + chat.getString("username"), chat);
    members.put(id, new ConcurrentHashMap<>(chatMembers));
  }

  /** The chat named by {@code chatId} ({@code -100…} or {@code @username}, as the Bot API accepts it). */
  Optional<JsonObject> chat(String chatId) {
    return Optional.ofNullable(chatId == null ? null : chats.get(chatId));
  }

  /** {@code {"status": …, "can_post_messages"?: …}}; {@code left} when the user was never added. */
  JsonObject membership(long chatId, long userId) {
    return members.getOrDefault(chatId, Map.of()).getOrDefault(userId, new JsonObject().put("status", "left"));
  }

  void setMember(long chatId, long userId, JsonObject member) {
    members.computeIfAbsent(chatId, k -> new ConcurrentHashMap<>()).put(userId, member);
  }

  long nextMessageId(long chatId) {
    return lastMessageId.computeIfAbsent(chatId, k -> new AtomicLong()).incrementAndGet();
  }

  long uploadLimit() {
    return localServer ? LOCAL_UPLOAD_LIMIT : CLOUD_UPLOAD_LIMIT;
  }
}
