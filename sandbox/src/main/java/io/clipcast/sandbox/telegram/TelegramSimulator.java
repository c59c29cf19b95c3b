package io.clipcast.sandbox.telegram;

import io.clipcast.sandbox.kit.SandboxKit;
import io.clipcast.sandbox.kit.Simulator;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Telegram Bot API as described in {@code platforms/telegram.md}, under {@code /telegram/api/bot<token>/<method>}:
 * for now the credential checks a connect needs — getMe, getChat, getChatMember — with the API's own answers
 * (401 for a well-formed unknown token, 404 for a malformed one, 400 "Bad Request: chat not found").
 * Tests and dev seed bots and channels through {@code POST /telegram/_sandbox/bots} and {@code …/chats}.
 */
public final class TelegramSimulator implements Simulator {
  @Override
  public String id() {
    return "telegram";
  }

  private static final Pattern TOKEN = Pattern.compile("\\d{5,12}:[A-Za-z0-9_-]{20,}");
  private static final Pattern PATH = Pattern.compile("^/telegram/api/bot([^/]*)/([A-Za-z]+)$");

  private final Map<String, JsonObject> bots = new ConcurrentHashMap<>();   // token → bot user
  private final Map<String, JsonObject> chats = new ConcurrentHashMap<>();  // "-100…" id or "@username" → chat
  private final Map<String, Map<Long, String>> members = new ConcurrentHashMap<>(); // chat id → bot id → status

  @Override
  public void mount(Router router, SandboxKit kit) {
    router.post("/telegram/_sandbox/bots").handler(BodyHandler.create()).handler(this::seedBot);
    router.post("/telegram/_sandbox/chats").handler(BodyHandler.create()).handler(this::seedChat);
    router.route("/telegram/api/*").handler(BodyHandler.create()).handler(this::method);
  }

  /** {"token","id","username","firstName"} */
  private void seedBot(RoutingContext ctx) {
    JsonObject b = ctx.body().asJsonObject();
    bots.put(b.getString("token"), new JsonObject().put("id", b.getLong("id")).put("is_bot", true)
        .put("first_name", b.getString("firstName", "Bot")).put("username", b.getString("username")));
    ctx.response().setStatusCode(204).end();
  }

  /** {"id": -100…, "title", "username"?, "type": "channel", "admins": {botId: "administrator"|"member"}} */
  private void seedChat(RoutingContext ctx) {
    JsonObject c = ctx.body().asJsonObject();
    JsonObject chat = new JsonObject().put("id", c.getLong("id")).put("type", c.getString("type", "channel")).put("title", c.getString("title"));
    if (c.getString("username") != null) chat.put("username", c.getString("username"));
    String id = Long.toString(c.getLong("id"));
    chats.put(id, chat);
    if (c.getString("username") != null) chats.put("@" + c.getString("username"), chat);
    Map<Long, String> m = new ConcurrentHashMap<>();
    c.getJsonObject("admins", new JsonObject()).forEach(e -> m.put(Long.parseLong(e.getKey()), e.getValue().toString()));
    members.put(id, m);
    ctx.response().setStatusCode(204).end();
  }

  private void method(RoutingContext ctx) {
    Matcher m = PATH.matcher(ctx.request().path());
    if (!m.matches() || !TOKEN.matcher(m.group(1)).matches()) {
      error(ctx, 404, "Not Found");
      return;
    }
    JsonObject bot = bots.get(m.group(1));
    if (bot == null) {
      error(ctx, 401, "Unauthorized");
      return;
    }
    JsonObject params = params(ctx);
    switch (m.group(2).toLowerCase(java.util.Locale.ROOT)) {
      case "getme" -> ok(ctx, bot);
      case "getchat" -> {
        JsonObject chat = chats.get(String.valueOf(params.getValue("chat_id")));
        if (chat == null) error(ctx, 400, "Bad Request: chat not found");
        else ok(ctx, chat);
      }
      case "getchatmember" -> {
        JsonObject chat = chats.get(String.valueOf(params.getValue("chat_id")));
        if (chat == null) {
          error(ctx, 400, "Bad Request: chat not found");
          return;
        }
        long userId = Long.parseLong(String.valueOf(params.getValue("user_id")));
        String status = members.getOrDefault(Long.toString(chat.getLong("id")), Map.of()).getOrDefault(userId, "left");
        JsonObject member = new JsonObject().put("status", status).put("user", bot);
        if (status.equals("administrator")) member.put("can_post_messages", true);
        ok(ctx, member);
      }
      default -> error(ctx, 404, "Not Found");
    }
  }

  /** Query string, form or JSON body: the Bot API takes all three. */
  private static JsonObject params(RoutingContext ctx) {
    JsonObject p = new JsonObject();
    ctx.queryParams().forEach(e -> p.put(e.getKey(), e.getValue()));
    ctx.request().formAttributes().forEach(e -> p.put(e.getKey(), e.getValue()));
    String type = ctx.request().getHeader("Content-Type");
    if (type != null && type.startsWith("application/json") && ctx.body().length() > 0) p.mergeIn(ctx.body().asJsonObject());
    return p;
  }

  private static void ok(RoutingContext ctx, JsonObject result) {
    ctx.response().putHeader("Content-Type", "application/json").end(new JsonObject().put("ok", true).put("result", result).encode());
  }

  private static void error(RoutingContext ctx, int code, String description) {
    ctx.response().setStatusCode(code).putHeader("Content-Type", "application/json")
        .end(new JsonObject().put("ok", false).put("error_code", code).put("description", description).encode());
  }
}
