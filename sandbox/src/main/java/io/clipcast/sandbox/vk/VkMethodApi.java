package io.clipcast.sandbox.vk;

import io.clipcast.sandbox.kit.oauth.TokenBook;
import io.clipcast.sandbox.kit.Reply;
import io.clipcast.sandbox.kit.Fault;
import io.clipcast.sandbox.kit.SandboxKit;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The method API, {@code /vk/api/method/<name>} (docs/platforms/vk.md): GET or POST with
 * parameters in the query, a form or multipart (JSON bodies are refused), {@code v} (any 5.x) on every call, the token
 * as {@code access_token} or {@code Authorization: Bearer}, at most {@code requestsPerSecond} calls per token, and
 * answers {@code {"response":…}} or {@code {"error":{error_code, error_msg, request_params}}}, both with HTTP 200.
 */
final class VkMethodApi {
  private static final String PREFIX = "/vk/api/method/";
  private static final Pattern VERSION = Pattern.compile("5\\.\\d{1,3}");

  private final SandboxKit kit;
  private final VkTokens tokens;
  private final VkAppRights rights;
  private final VkApiSettings settings;
  private final Map<String, Function<ApiCall, JsonObject>> methods;
  private final Map<String, Deque<Long>> recentCalls = new ConcurrentHashMap<>();

  VkMethodApi(SandboxKit kit, VkTokens tokens, VkAppRights rights, VkApiSettings settings, VkVideos videos, VkWall wall) {
    this.rights = rights;
    this.kit = kit;
    this.tokens = tokens;
    this.settings = settings;
    this.methods = Map.of("video.save", videos::save, "video.get", videos::get, "wall.post", wall::post, "wall.get", wall::get);
  }

  void mount(Router router) {
    router.route(PREFIX + "*").handler(BodyHandler.create().setBodyLimit(2 * 1024 * 1024).setHandleFileUploads(false)).handler(ctx -> {
      String method = ctx.request().path().substring(PREFIX.length());
      FaultStage.run(kit, ctx, method, (f, reply) -> special(ctx, method, f, reply), reply -> call(ctx, method, reply));
    });
  }

  private boolean special(RoutingContext ctx, String method, Fault f, Reply reply) {
    switch (f.kind()) {
      case "rate_limit" -> {
        kit.faults().refusals().count("vk");   // error 6 comes in an HTTP 200: counted here, not by the 429 watch
        error(reply, ctx, method, 6, "Too many requests per second");
      }
      case "token_expired" -> error(reply, ctx, method, 5, "User authorization failed: access_token has expired.");
      default -> {
        return false;
      }
    }
    return true;
  }

  private void call(RoutingContext ctx, String method, Reply reply) {
    try {
      JsonObject response = dispatch(ctx, method, reply);
      reply.json(200, new JsonObject().put("response", response));
    } catch (VkApiException e) {
      error(reply, ctx, method, e.code, e.getMessage());
    }
  }

  private JsonObject dispatch(RoutingContext ctx, String method, Reply reply) {
    HttpMethod verb = ctx.request().method();
    if (verb != HttpMethod.GET && verb != HttpMethod.POST) throw new VkApiException(8, "Invalid request: use GET or POST");
    String type = ctx.request().getHeader("Content-Type");
    if (type != null && type.toLowerCase(Locale.ROOT).startsWith("application/json")) {
      throw new VkApiException(8, "Invalid request: application/json bodies are not supported; send a query string, a form or multipart");
    }
    MultiMap params = params(ctx);
    String v = params.get("v");
    if (v == null || v.isEmpty()) throw new VkApiException(8, "Invalid request: v is required");
    if (!VERSION.matcher(v).matches()) throw new VkApiException(8, "Invalid request: version " + v + " is not supported; use 5.x");
    Function<ApiCall, JsonObject> handler = methods.get(method);
    if (handler == null) throw new VkApiException(3, "Unknown method passed");
    TokenBook.Grant<Long> token = token(ctx, params);
    if (!admit(token.token())) {
      kit.faults().refusals().count("vk");
      throw new VkApiException(6, "Too many requests per second");
    }
    return handler.apply(new ApiCall(params, token, reply, rights.approved(token.clientId())));
  }

  private TokenBook.Grant<Long> token(RoutingContext ctx, MultiMap params) {
    String token = params.get("access_token");
    String auth = ctx.request().getHeader("Authorization");
    if ((token == null || token.isEmpty()) && auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7)) token = auth.substring(7).trim();
    if (token == null || token.isEmpty()) throw new VkApiException(5, "User authorization failed: no access_token passed.");
    TokenBook.Grant<Long> a = tokens.book.access(token).orElseThrow(() -> new VkApiException(5, "User authorization failed: invalid access_token (4)."));
    if (a.expired()) throw new VkApiException(5, "User authorization failed: access_token has expired.");
    return a;
  }

  /** A sliding one-second window per token (VK's ~3 requests/second per user token). */
  private boolean admit(String token) {
    int limit = settings.requestsPerSecond;
    if (limit <= 0) return true;
    long now = System.currentTimeMillis();
    Deque<Long> calls = recentCalls.computeIfAbsent(token, k -> new ArrayDeque<>());
    synchronized (calls) {
      while (!calls.isEmpty() && calls.peekFirst() <= now - 1000) calls.pollFirst();
      if (calls.size() >= limit) return false;
      calls.addLast(now);
      return true;
    }
  }

  private static MultiMap params(RoutingContext ctx) {
    MultiMap p = MultiMap.caseInsensitiveMultiMap().addAll(ctx.queryParams());
    p.addAll(ctx.request().formAttributes());
    return p;
  }

  private static void error(Reply reply, RoutingContext ctx, String method, int code, String message) {
    JsonArray requestParams = new JsonArray().add(new JsonObject().put("key", "method").put("value", method))
        .add(new JsonObject().put("key", "oauth").put("value", "1"));
    params(ctx).forEach(e -> {
      if (!e.getKey().equalsIgnoreCase("access_token")) requestParams.add(new JsonObject().put("key", e.getKey()).put("value", e.getValue()));
    });
    reply.json(200, new JsonObject().put("error", new JsonObject().put("error_code", code).put("error_msg", message)
        .put("request_params", requestParams)));
  }
}
