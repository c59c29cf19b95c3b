package io.clipcast.sandbox.telegram;

import io.clipcast.sandbox.kit.CallFaults;
import io.clipcast.sandbox.kit.Control;
import io.clipcast.sandbox.kit.Fault;
import io.clipcast.sandbox.kit.ReceivedFile;
import io.clipcast.sandbox.kit.SandboxKit;
import io.clipcast.sandbox.kit.Simulator;
import io.clipcast.sandbox.kit.UploadReceiver;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Telegram Bot API as described in {@code docs/platforms/telegram.md}, under {@code /telegram/api/bot<token>/<method>}:
 * getMe, getChat, getChatMember ({@link ChatReads}) and sendVideo, with the API's own answers (401 for a well-formed unknown token, 404 for
 * a malformed one or an unknown method, 400 "Bad Request: …", 403 "Forbidden: …", 413 for an upload over the limit).
 * Parameters come from the query string, a form, JSON or {@code multipart/form-data}; multipart bodies are streamed and
 * hashed, never stored, and refused with 413 over 50 MB (2000 MB once switched to a local Bot API server).
 * Control routes and faults: docs/platforms/telegram.md, "Sandbox control routes".
 */
public final class TelegramSimulator implements Simulator {
  private static final Pattern TOKEN = Pattern.compile("\\d{5,12}:[A-Za-z0-9_-]{20,}");
  private static final Pattern PATH = Pattern.compile("^/telegram/api/bot([^/]*)/([A-Za-z]+)$");
  private static final Map<String, String> METHODS = Map.of("getme", "getMe", "getchat", "getChat", "getchatmember", "getChatMember",
      "sendvideo", "sendVideo");
  private static final String FAULT = "telegram.fault";

  private final BotApiState state = new BotApiState();
  private final ChatReads reads = new ChatReads(state);
  private SandboxKit kit;
  private SendVideo sendVideo;

  @Override
  public String id() {
    return "telegram";
  }

  @Override
  public void mount(Router router, SandboxKit kit) {
    this.kit = kit;
    this.sendVideo = new SendVideo(state, kit.ledger(), new VideoUrlFetcher(kit.vertx()));
    router.post("/telegram/_sandbox/bots").handler(BodyHandler.create()).handler(this::seedBot);
    router.post("/telegram/_sandbox/chats").handler(BodyHandler.create()).handler(this::seedChat);
    router.post("/telegram/_sandbox/members").handler(BodyHandler.create()).handler(this::setMember);
    router.post("/telegram/_sandbox/mode").handler(BodyHandler.create()).handler(this::setMode);
    router.get("/telegram/_sandbox/mode").handler(this::mode);
    // Uploads stream through the first handler; every other encoding is small and goes through the BodyHandler.
    router.route("/telegram/api/*").handler(this::receiveMultipart);
    router.route("/telegram/api/*").handler(BodyHandler.create().setBodyLimit(1024 * 1024))
        .handler(ctx -> answer(ctx, params(ctx, Map.of()), List.of()));
  }

  /** {"token","id","username","firstName"} */
  private void seedBot(RoutingContext ctx) {
    JsonObject b = ctx.body().asJsonObject();
    state.bots.put(b.getString("token"), new JsonObject().put("id", b.getLong("id")).put("is_bot", true)
        .put("first_name", b.getString("firstName", "Bot")).put("username", b.getString("username")));
    ctx.response().setStatusCode(204).end();
  }

  /** {"id": -100…, "title", "username"?, "type": "channel", "admins": {botId: "administrator"|"member"|"kicked"|{member}}} */
  private void seedChat(RoutingContext ctx) {
    JsonObject c = ctx.body().asJsonObject();
    JsonObject chat = new JsonObject().put("id", c.getLong("id")).put("type", c.getString("type", "channel")).put("title", c.getString("title"));
    if (c.getString("username") != null) chat.put("username", c.getString("username"));
    Map<Long, JsonObject> members = new LinkedHashMap<>();
    c.getJsonObject("admins", new JsonObject()).forEach(e -> members.put(Long.parseLong(e.getKey()), member(e.getValue())));
    state.addChat(chat, members);
    ctx.response().setStatusCode(204).end();
  }

  /**
   * {"chat": -100…, "user": botId, "status": "administrator"|"member"|"left"|"kicked"|{member}}: promotes, demotes or
   * removes a bot in a seeded chat, so a test can play a bot that is not an administrator and then fix it.
   */
  private void setMember(RoutingContext ctx) {
    JsonObject b = ctx.body().asJsonObject();
    if (b == null || !(b.getValue("chat") instanceof Number chat) || !(b.getValue("user") instanceof Number user) || b.getValue("status") == null
        || state.chat(Long.toString(chat.longValue())).isEmpty()) {
      Control.error(ctx, "need {\"chat\": a seeded chat id, \"user\": id, \"status\": status or member object}");
      return;
    }
    state.setMember(chat.longValue(), user.longValue(), member(b.getValue("status")));
    ctx.response().setStatusCode(204).end();
  }

  /** A status string or a member object; an administrator may post unless said otherwise. */
  private static JsonObject member(Object value) {
    JsonObject member = value instanceof JsonObject o ? o.copy() : new JsonObject().put("status", value.toString());
    if ("administrator".equals(member.getString("status")) && !member.containsKey("can_post_messages")) member.put("can_post_messages", true);
    return member;
  }

  /** {"local": true|false}: a local Bot API server (2000 MB uploads) or the cloud one (50 MB). */
  private void setMode(RoutingContext ctx) {
    JsonObject b = ctx.body().asJsonObject();
    if (b == null || !(b.getValue("local") instanceof Boolean)) {
      Control.error(ctx, "need {\"local\": true|false}");
      return;
    }
    state.localServer = b.getBoolean("local");
    mode(ctx);
  }

  private void mode(RoutingContext ctx) {
    ctx.json(new JsonObject().put("local", state.localServer).put("maxUploadBytes", state.uploadLimit()));
  }

  /** Takes the call's fault; streams a multipart body (hashing files, acting out reset/slow), else hands on. */
  private void receiveMultipart(RoutingContext ctx) {
    Matcher m = PATH.matcher(ctx.request().path());
    String operation = m.matches() ? METHODS.getOrDefault(m.group(2).toLowerCase(Locale.ROOT), m.group(2)) : "unknown";
    Fault fault = kit.faults().take(id(), operation).orElse(null);
    ctx.put(FAULT, fault);
    String type = ctx.request().getHeader("Content-Type");
    if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("multipart/form-data")) {
      ctx.next();
      return;
    }
    // The front end refuses an oversized body, whatever it carries (the limit covers the whole request).
    new UploadReceiver(kit.vertx(), state.uploadLimit(), fault).multipart(ctx.request())
        .onSuccess(received -> {
          Map<String, String> form = new LinkedHashMap<>();
          received.attributes().forEach(e -> form.put(e.getKey(), e.getValue()));
          answer(ctx, params(ctx, form), received.files());
        })
        .onFailure(e -> {
          if (e instanceof UploadReceiver.TooLarge) new BotReply(ctx, null).error(BotApiError.tooLarge());
          else if (!ctx.response().closed()) new BotReply(ctx, null).error(BotApiError.badRequest("can't parse multipart/form-data request"));
        });
  }

  /** The token and method checks, then the fault (if any), then the method. */
  private void answer(RoutingContext ctx, Map<String, String> params, List<ReceivedFile> files) {
    Matcher m = PATH.matcher(ctx.request().path());
    if (!m.matches() || !TOKEN.matcher(m.group(1)).matches()) {
      new BotReply(ctx, null).error(BotApiError.notFound());
      return;
    }
    CallFaults.act(kit, ctx.get(FAULT), ctx, BotReply::new, (fault, reply) -> {
      switch (fault.kind()) {
        case "token_expired" -> reply.error(BotApiError.unauthorized());
        case "rate_limit" -> reply.error(BotApiError.floodWait(fault.retryAfterSeconds()));
        case "http_error" -> reply.error(BotApiError.status(fault.status()));
        default -> {
          return false;
        }
      }
      return true;
    }, reply -> reply.result(run(m, params, files)));
  }

  private Future<JsonObject> run(Matcher path, Map<String, String> params, List<ReceivedFile> files) {
    JsonObject bot = state.bots.get(path.group(1));
    if (bot == null) return Future.failedFuture(BotApiError.unauthorized());
    try {
      return switch (path.group(2).toLowerCase(Locale.ROOT)) {
        case "getme" -> Future.succeededFuture(bot);
        case "getchat" -> Future.succeededFuture(reads.chat(bot, params));
        case "getchatmember" -> Future.succeededFuture(reads.member(bot, params));
        case "sendvideo" -> sendVideo.send(bot, params, files);
        default -> Future.failedFuture(BotApiError.notFound());
      };
    } catch (BotApiError e) {
      return Future.failedFuture(e);
    }
  }

  /** Query string, form, JSON body or multipart fields: the Bot API takes them all, as strings. */
  private static Map<String, String> params(RoutingContext ctx, Map<String, String> multipart) {
    Map<String, String> p = new LinkedHashMap<>();
    ctx.queryParams().forEach(e -> p.put(e.getKey(), e.getValue()));
    ctx.request().formAttributes().forEach(e -> p.put(e.getKey(), e.getValue()));
    p.putAll(multipart);
    String type = ctx.request().getHeader("Content-Type");
    if (multipart.isEmpty() && type != null && type.startsWith("application/json") && ctx.body() != null && ctx.body().length() > 0) {
      JsonObject json;
      try {
        json = ctx.body().asJsonObject();
      } catch (RuntimeException e) {
        json = new JsonObject();
      }
      json.forEach(e -> p.put(e.getKey(), e.getValue() == null ? null : e.getValue().toString()));
    }
    return p;
  }
}
