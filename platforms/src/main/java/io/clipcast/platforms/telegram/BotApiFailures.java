package io.clipcast.platforms.telegram;

import io.clipcast.platforms.ConnectedAccount;
import io.clipcast.platforms.PlatformFailure;
import io.clipcast.platforms.http.UploadResponse;
import io.vertx.core.json.JsonObject;

import java.util.Locale;

/**
 * Turns a Bot API refusal ({@code {"ok":false,"error_code","description","parameters"}}, docs/platforms/telegram.md)
 * into a classified {@link PlatformFailure} whose message tells the user what to do. Every one of these is an answer:
 * Telegram did not post the message.
 */
final class BotApiFailures {
  private BotApiFailures() {}

  static PlatformFailure of(UploadResponse response, ConnectedAccount account) {
    JsonObject body = response.json();
    int code = body != null && body.getValue("error_code") instanceof Number n ? n.intValue() : response.status();
    String description = body != null && body.getString("description") != null ? body.getString("description") : "HTTP " + response.status();
    JsonObject parameters = body == null ? new JsonObject() : body.getJsonObject("parameters", new JsonObject());
    String platformCode = Integer.toString(code);
    String bot = botName(account);
    String chat = "\"" + account.displayName() + "\"";
    String lower = description.toLowerCase(Locale.ROOT);

    if (code == 429) {
      long seconds = parameters.getLong("retry_after", retryAfterHeader(response));
      return PlatformFailure.rateLimited(platformCode, "Telegram's flood control asks to wait " + seconds
          + " s before posting again; the video will be sent then.", seconds * 1000);
    }
    if (code == 401 || code == 404) {
      return PlatformFailure.auth(platformCode, "Telegram no longer accepts the token of " + bot + " (it was revoked or regenerated in"
          + " @BotFather). Connect the channel again with the bot's current token.");
    }
    if (code == 403 || (code == 400 && lower.contains("rights"))) {
      return PlatformFailure.auth(platformCode, bot + " may not post in " + chat + " (Telegram: " + description + "). Add the bot to the"
          + " channel again as an administrator allowed to post messages, then retry.");
    }
    if (code == 413) {
      return PlatformFailure.permanent(platformCode, "The video is larger than Telegram accepts from bots: 50 MB through the Telegram"
          + " cloud, up to 2000 MB through a local Bot API server. Send a smaller file.");
    }
    if (code >= 500) {
      return PlatformFailure.retryable(platformCode, "Telegram had a server error (" + description + "); the video will be sent again.");
    }
    if (parameters.getValue("migrate_to_chat_id") != null) {
      return PlatformFailure.permanent(platformCode, "The group " + chat + " became a supergroup with the id "
          + parameters.getValue("migrate_to_chat_id") + ". Connect it again under that id.");
    }
    String hint = lower.contains("caption is too long") ? " Shorten the caption to 1024 characters (formatting not counted)."
        : lower.contains("chat not found") ? " The channel was deleted or " + bot + " can no longer see it: connect the channel again." : "";
    return PlatformFailure.permanent(platformCode, "Telegram refused the post in " + chat + ": " + description + "." + hint);
  }

  private static long retryAfterHeader(UploadResponse response) {
    try {
      return Math.max(1, Long.parseLong(response.headers().get("Retry-After")));
    } catch (RuntimeException e) {
      return 1;
    }
  }

  static String botName(ConnectedAccount account) {
    String username = account.metadata() == null ? null : account.metadata().getString("botUsername");
    return username == null ? "the bot" : "the bot @" + username;
  }
}
