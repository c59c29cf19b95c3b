package io.clipcast.platforms.telegram;

/**
 * The public link of a channel message (docs/platforms/telegram.md): {@code t.me/<username>/<id>} for public
 * chats, {@code t.me/c/<id without -100>/<id>} for private channels and supergroups; basic groups and private chats
 * have none (null).
 */
final class PostLinks {
  private PostLinks() {}

  static String of(long chatId, String username, long messageId) {
    if (username != null && !username.isBlank()) return "https://t.me/" + username + "/" + messageId;
    String id = Long.toString(chatId);
    return id.startsWith("-100") ? "https://t.me/c/" + id.substring(4) + "/" + messageId : null;
  }
}
