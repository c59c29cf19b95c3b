package io.clipcast.sandbox.telegram;

import io.vertx.core.json.JsonObject;

import java.util.Map;
import java.util.Set;

/**
 * {@code getChat} and {@code getChatMember} with the access rules of the real Bot API server (docs/platforms/telegram.md,
 * "Connecting"): a bot kicked from a channel, or not in a private one, is refused before anything is read (403), and in
 * a channel only an administrator may read the member list, its own entry included (400 "member list is inaccessible").
 * Which of these a test plays is the bot's status in the chat's {@code admins} when it is seeded.
 */
record ChatReads(BotApiState state) {
  private static final Set<String> ADMINS = Set.of("creator", "administrator");
  private static final Set<String> IN_CHAT = Set.of("creator", "administrator", "member", "restricted");

  JsonObject chat(JsonObject bot, Map<String, String> params) {
    return readable(bot, params);
  }

  JsonObject member(JsonObject bot, Map<String, String> params) {
    JsonObject chat = readable(bot, params);
    long userId;
    try {
      userId = Long.parseLong(params.getOrDefault("user_id", "").trim());
    } catch (NumberFormatException e) {
      throw BotApiError.badRequest("invalid user_id specified");
    }
    long botId = bot.getLong("id");
    if ("channel".equals(chat.getString("type")) && !ADMINS.contains(status(chat, botId))) {
      throw BotApiError.badRequest("member list is inaccessible");
    }
    JsonObject user = userId == botId ? bot : new JsonObject().put("id", userId).put("is_bot", false).put("first_name", "User");
    return state.membership(chat.getLong("id"), userId).copy().put("user", user);
  }

  /** The chat, once the bot may read it at all: public channels are readable from outside, private ones are not. */
  private JsonObject readable(JsonObject bot, Map<String, String> params) {
    String chatId = params.get("chat_id");
    if (chatId == null || chatId.isBlank()) throw BotApiError.badRequest("chat_id is empty");
    JsonObject chat = state.chat(chatId.trim()).orElseThrow(() -> BotApiError.badRequest("chat not found"));
    String type = chat.getString("type");
    if (!"channel".equals(type) && !"supergroup".equals(type)) return chat;
    String status = status(chat, bot.getLong("id"));
    if ("kicked".equals(status)) throw BotApiError.forbidden("bot was kicked from the " + type + " chat");
    if (!IN_CHAT.contains(status) && chat.getString("username") == null) {
      throw BotApiError.forbidden("bot is not a member of the " + type + " chat");
    }
    return chat;
  }

  private String status(JsonObject chat, long userId) {
    return state.membership(chat.getLong("id"), userId).getString("status");
  }
}
