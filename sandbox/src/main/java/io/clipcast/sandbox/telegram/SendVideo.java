package io.clipcast.sandbox.telegram;

import io.clipcast.sandbox.kit.Ledger;
import io.clipcast.sandbox.kit.ReceivedFile;
import io.clipcast.sandbox.kit.oauth.OAuthParams;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * {@code sendVideo} (docs/platforms/telegram.md): checks the request in the order the Bot API does — its own argument
 * checks first (chat_id, video, parse_mode), then the chat, the bot's rights there, the caption length after entity
 * parsing — then posts the message and records it in the ledger. The video is a file part {@code video} (already
 * received and hashed), a file_id sent earlier, or an HTTP(S) URL Telegram downloads.
 *
 * <p>Like the real API it is lenient with the optional numbers: {@code duration}, {@code width}, {@code height} that do
 * not parse count as 0, and are clamped to 0–10000.
 */
record SendVideo(BotApiState state, Ledger ledger, VideoUrlFetcher urls) {
  static final int CAPTION_LIMIT = 1024;

  Future<JsonObject> send(JsonObject bot, Map<String, String> params, List<ReceivedFile> files) {
    String chatId = params.get("chat_id");
    if (chatId == null || chatId.isBlank()) throw BotApiError.badRequest("chat_id is empty");
    ReceivedFile upload = files.stream().filter(f -> f.field().equals("video")).findFirst().orElse(null);
    String videoRef = params.get("video");
    if (upload == null && (videoRef == null || videoRef.isBlank())) throw BotApiError.badRequest("there is no video in the request");
    if (upload != null && upload.size() == 0) throw BotApiError.badRequest("file must be non-empty");
    String caption = params.getOrDefault("caption", "");
    String shown = params.containsKey("caption_entities") ? caption : CaptionEntities.shownText(caption, params.get("parse_mode"));
    JsonObject chat = state.chat(chatId.trim()).orElseThrow(() -> BotApiError.badRequest("chat not found"));
    checkRights(chat, bot.getLong("id"));
    if (shown.codePointCount(0, shown.length()) > CAPTION_LIMIT) throw BotApiError.badRequest("message caption is too long");
    Future<BotApiState.StoredVideo> video = upload != null ? Future.succeededFuture(store(upload))
        : videoRef.startsWith("http://") || videoRef.startsWith("https://") ? urls.fetch(videoRef).map(this::store)
        : resend(videoRef);
    return video.map(v -> post(chat, v, shown, params));
  }

  /** A bot posts in a channel only as an administrator allowed to post; in groups as any member not restricted. */
  private void checkRights(JsonObject chat, long botId) {
    String type = chat.getString("type");
    JsonObject member = state.membership(chat.getLong("id"), botId);
    boolean channel = "channel".equals(type);
    switch (member.getString("status")) {
      case "creator" -> { }
      case "administrator" -> {
        if (channel && !member.getBoolean("can_post_messages", true)) throw BotApiError.badRequest("need administrator rights in the channel chat");
      }
      case "member" -> {
        if (channel) throw BotApiError.badRequest("need administrator rights in the channel chat");
      }
      case "restricted" -> {
        if (channel) throw BotApiError.badRequest("need administrator rights in the channel chat");
        if (!member.getBoolean("can_send_videos", false)) throw BotApiError.forbidden("not enough rights to send videos to the chat");
      }
      case "kicked" -> throw BotApiError.forbidden("bot was kicked from the " + type + " chat");
      default -> throw BotApiError.forbidden("bot is not a member of the " + type + " chat");
    }
  }

  private BotApiState.StoredVideo store(ReceivedFile file) {
    BotApiState.StoredVideo v = new BotApiState.StoredVideo("BAACAgIAAx" + random(36), "AgAD" + random(12), file.size(), file.sha256(),
        file.contentType() == null || file.contentType().isBlank() ? "video/mp4" : file.contentType());
    state.videos.put(v.fileId(), v);
    return v;
  }

  private Future<BotApiState.StoredVideo> resend(String fileId) {
    BotApiState.StoredVideo v = state.videos.get(fileId.trim());
    return v == null ? Future.failedFuture(BotApiError.badRequest("wrong file identifier/HTTP URL specified")) : Future.succeededFuture(v);
  }

  private JsonObject post(JsonObject chat, BotApiState.StoredVideo v, String caption, Map<String, String> params) {
    long chatId = chat.getLong("id");
    long messageId = state.nextMessageId(chatId);
    int width = number(params.get("width"));
    int height = number(params.get("height"));
    int duration = number(params.get("duration"));
    JsonObject message = new JsonObject().put("message_id", messageId).put("date", Instant.now().getEpochSecond()).put("chat", chat.copy());
    if ("channel".equals(chat.getString("type"))) message.put("sender_chat", chat.copy());
    message.put("video", new JsonObject().put("file_id", v.fileId()).put("file_unique_id", v.fileUniqueId()).put("width", width)
        .put("height", height).put("duration", duration).put("mime_type", v.mimeType()).put("file_size", v.size()));
    if (!caption.isEmpty()) message.put("caption", caption);
    boolean streaming = "true".equalsIgnoreCase(params.get("supports_streaming")) || "1".equals(params.get("supports_streaming"));
    ledger.record("telegram", Long.toString(chatId), chatId + "/" + messageId, caption, null, v.size(), v.sha256(), new JsonObject()
        .put("messageId", messageId).put("chatId", chatId).put("fileId", v.fileId()).put("supportsStreaming", streaming)
        .put("width", width).put("height", height).put("duration", duration).put("parseMode", params.get("parse_mode")));
    return message;
  }

  private static int number(String value) {
    try {
      return value == null ? 0 : Math.max(0, Math.min(10_000, Integer.parseInt(value.trim())));
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private static String random(int chars) {
    return OAuthParams.random(chars).substring(0, chars);
  }
}
