package io.clipcast.platforms.telegram;

import io.clipcast.platforms.ResumeState;
import io.vertx.core.json.JsonObject;

/**
 * What a Telegram post saves: that the send began (and whether the whole request went out) before any byte, so a worker
 * that dies mid-send never sends twice, then the posted message. Version 1 is also the layout of rows saved before
 * versions.
 */
public record TelegramResume(boolean sendStarted, boolean requestSent, String chatId, Long messageId, String externalId, String url,
                             String fileId, String fileUniqueId, Long fileSize) implements ResumeState {
  public static final int VERSION = 1;

  public static TelegramResume from(JsonObject stored) {
    JsonObject s = ResumeState.checked(stored, VERSION, "Telegram");
    Object chat = s.getValue("chatId");
    Object message = s.getValue("messageId");
    return new TelegramResume(s.getBoolean("sendStarted", false), s.getBoolean("requestSent", false), chat == null ? null : chat.toString(),
        message instanceof Number n ? n.longValue() : null, s.getString("externalId"), s.getString("url"), s.getString("fileId"),
        s.getString("fileUniqueId"), s.getLong("fileSize"));
  }

  static TelegramResume started(String chatId) {
    return new TelegramResume(true, false, chatId, null, null, null, null, null, null);
  }

  TelegramResume sent() {
    return new TelegramResume(sendStarted, true, chatId, messageId, externalId, url, fileId, fileUniqueId, fileSize);
  }

  /** Telegram answered with a refusal: nothing was posted, the next attempt may send again. */
  TelegramResume notPosted() {
    return new TelegramResume(false, false, chatId, messageId, externalId, url, fileId, fileUniqueId, fileSize);
  }

  static TelegramResume posted(long chatId, long messageId, String url, String fileId, String fileUniqueId, Long fileSize) {
    return new TelegramResume(true, false, Long.toString(chatId), messageId, chatId + "/" + messageId, url, fileId, fileUniqueId, fileSize);
  }

  /** The posted message as the publication's result shows it. */
  JsonObject detail() {
    Object chat = chatId;
    try {
      chat = Long.parseLong(chatId);
    } catch (RuntimeException e) {
      // a chat saved as a name stays text
    }
    return new JsonObject().put("messageId", messageId).put("chatId", chat).put("externalId", externalId).put("url", url)
        .put("fileId", fileId).put("fileUniqueId", fileUniqueId).put("fileSize", fileSize);
  }

  @Override public int version() { return VERSION; }

  @Override
  public JsonObject toJson() {
    return ResumeState.stamped(detail().put("sendStarted", sendStarted).put("requestSent", requestSent), VERSION);
  }
}
