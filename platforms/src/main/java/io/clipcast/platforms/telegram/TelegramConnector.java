package io.clipcast.platforms.telegram;

import io.clipcast.platforms.ConnectedAccount;
import io.clipcast.platforms.ConnectorSettings;
import io.clipcast.platforms.PublishContext;
import io.clipcast.platforms.PublishResult;
import io.clipcast.platforms.CredentialsRejected;
import io.clipcast.platforms.PlatformConnector;
import io.clipcast.platforms.TokenSignIn;
import io.clipcast.platforms.catalog.PlatformRules;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Telegram channels through a bot (docs/platforms/telegram.md). Connecting = a bot token from @BotFather plus the channel;
 * the bot must be an administrator allowed to post there. Checked with getMe, getChat and getChatMember before anything
 * is stored. Publishing streams the clip to sendVideo ({@link VideoPost}).
 *
 * <p>Upload limit: {@code media.maxFileBytes} of the rules as this deployment meets them: 50 MB through the cloud Bot
 * API; 2000 MB when {@code oauth.clients.telegram.localBotApi} is true and {@code platformApis.telegram.api} points at a
 * self-hosted Bot API server ({@code media.maxFileBytesWhen} in {@code conf/platforms/telegram.json}).
 *
 * <p>No statistics: the Bot API gives bots no view counts for channel posts, so {@link #stats} keeps the SPI default
 * (unsupported).
 */
public final class TelegramConnector implements PlatformConnector, TokenSignIn {
  private static final Pattern TOKEN = Pattern.compile("\\d{5,12}:[A-Za-z0-9_-]{20,}");
  private static final Pattern CHAT = Pattern.compile("@[A-Za-z][A-Za-z0-9_]{3,31}|-100\\d{5,15}");
  private static final String ADD_AS_ADMIN = "add the bot to the channel as an admin with 'Post messages', then connect again"
      + " (docs/platforms/telegram.md, \"Registering, permissions\").";
  private static final long CLOUD_LIMIT = 50_000_000;   // decimal MB, as python-telegram-bot (docs/platforms/telegram.md)
  /**
   * No byte moved either way for this long ends an upload. Generous: Telegram answers only once it has stored the
   * file, which for a local Bot API server includes its own upload of up to 2000 MB to Telegram.
   */
  private static final int UPLOAD_IDLE_SECONDS = 300;

  private final int uploadIdleSeconds;
  private WebClient client;
  private String base;
  private VideoPost videoPost;

  public TelegramConnector() {
    this(UPLOAD_IDLE_SECONDS);
  }

  /** Tests: a short idle timeout, so a hung Telegram is given up on quickly. */
  TelegramConnector(int uploadIdleSeconds) {
    this.uploadIdleSeconds = uploadIdleSeconds;
  }

  @Override
  public String id() {
    return "telegram";
  }


  @Override
  public void init(Vertx vertx, ConnectorSettings settings) {
    this.client = WebClient.create(vertx, new WebClientOptions().setConnectTimeout(10_000).setIdleTimeout(30));
    this.base = settings.endpoint("api");
    HttpClient uploads = vertx.createHttpClient(new HttpClientOptions().setConnectTimeout(10_000).setIdleTimeout(uploadIdleSeconds));
    this.videoPost = new VideoPost(uploads, base, maxFileBytes(settings.rules()));
  }

  static long maxFileBytes(PlatformRules rules) {
    Long limit = rules.media().maxFileBytes();
    return limit != null ? limit : CLOUD_LIMIT;
  }

  @Override
  public Future<PublishResult> publish(PublishContext ctx) {
    return videoPost.publish(ctx);
  }

  @Override
  public Future<ConnectedAccount> validateCredentials(JsonObject credentials) {
    String token = credentials.getString("botToken", "").trim();
    String chat = credentials.getString("chat", "").trim();
    if (!TOKEN.matcher(token).matches()) {
      return Future.failedFuture(new CredentialsRejected("credentials.botToken",
          "That is not a bot token (it looks like 123456789:AAE…); copy it from @BotFather."));
    }
    if (!CHAT.matcher(chat).matches()) {
      return Future.failedFuture(new CredentialsRejected("credentials.chat",
          "Name the channel as @channelname, or by its id starting with -100."));
    }
    return call(token, "getMe", new JsonObject()).compose(me -> {
      if (me.statusCode() == 401 || me.statusCode() == 404) {
        return Future.failedFuture(new CredentialsRejected("credentials.botToken",
            "Telegram does not accept this bot token: it was mistyped or revoked. Copy it again from @BotFather."));
      }
      JsonObject bot = result(me);
      String botName = "@" + bot.getString("username");
      return call(token, "getChat", new JsonObject().put("chat_id", chat)).compose(c -> {
        if (c.statusCode() == 400) {
          return Future.failedFuture(new CredentialsRejected("credentials.chat", "The bot " + botName + " cannot see " + chat
              + ": " + ADD_AS_ADMIN));
        }
        if (c.statusCode() == 403) {   // kicked, or not in a private channel
          return Future.failedFuture(notAdmin(botName, chat, c));
        }
        JsonObject info = result(c);
        String title = "\"" + info.getString("title") + "\"";
        return call(token, "getChatMember", new JsonObject().put("chat_id", chat).put("user_id", bot.getLong("id"))).compose(m -> {
          if (m.statusCode() == 400 || m.statusCode() == 403) {   // a channel's member list is readable by its administrators only
            return Future.failedFuture(notAdmin(botName, title, m));
          }
          JsonObject member = result(m);
          String status = member.getString("status");
          boolean canPost = "creator".equals(status) || ("administrator".equals(status) && member.getBoolean("can_post_messages", false));
          if (!canPost) {
            return Future.failedFuture(new CredentialsRejected("credentials.chat", "The bot " + botName + " is " + status + " in " + title
                + ", not an administrator allowed to post: " + ADD_AS_ADMIN));
          }
          return Future.succeededFuture(new ConnectedAccount(Long.toString(info.getLong("id")), info.getString("title"), null, token,
              null, null, List.of(), new JsonObject().put("chatId", info.getLong("id")).put("username", info.getString("username"))
                  .put("type", info.getString("type")).put("botUsername", bot.getString("username"))));
        });
      });
    });
  }

  /** Telegram refused to show the bot its own place in the chat: it is not an administrator there (or not there at all). */
  private static CredentialsRejected notAdmin(String botName, String chat, HttpResponse<io.vertx.core.buffer.Buffer> refusal) {
    JsonObject body;
    try {
      body = refusal.bodyAsJsonObject();
    } catch (RuntimeException notJson) {
      body = null;
    }
    String said = body == null || body.getString("description") == null ? "HTTP " + refusal.statusCode() : body.getString("description");
    return new CredentialsRejected("credentials.chat", "The bot " + botName + " is not an administrator of " + chat + " (Telegram: " + said
        + "): " + ADD_AS_ADMIN);
  }

  private Future<HttpResponse<io.vertx.core.buffer.Buffer>> call(String token, String method, JsonObject params) {
    return client.postAbs(base + "/bot" + token + "/" + method).sendJsonObject(params).compose(r -> r.statusCode() >= 500
        ? Future.failedFuture(new IllegalStateException("Telegram answered " + r.statusCode() + " to " + method))
        : Future.succeededFuture(r));
  }

  private static JsonObject result(HttpResponse<io.vertx.core.buffer.Buffer> r) {
    JsonObject body = r.bodyAsJsonObject();
    if (body == null || !body.getBoolean("ok", false)) {
      throw new IllegalStateException("Telegram answered " + r.statusCode() + ": " + (body == null ? "" : body.getString("description")));
    }
    return body.getJsonObject("result");
  }
}
