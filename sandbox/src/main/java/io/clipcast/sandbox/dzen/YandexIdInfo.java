package io.clipcast.sandbox.dzen;

import io.clipcast.sandbox.kit.oauth.TokenBook;
import io.clipcast.sandbox.kit.SandboxKit;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.util.List;
import java.util.Set;

/**
 * Yandex ID user information ({@code GET login.yandex.ru/info}) under {@code /dzen/login/info}: the token as
 * {@code Authorization: OAuth <token>} (or the discouraged {@code oauth_token} parameter); the answer holds the fields
 * the token's permissions allow — always {@code id}, {@code login}, {@code client_id}, {@code psuid}; with
 * {@code login:info} the names and sex; with {@code login:avatar} {@code default_avatar_id} and {@code is_avatar_empty};
 * with {@code login:email} the e-mail. A missing, unknown or expired token is 401. Only {@code format=json} (the
 * default) is simulated.
 */
record YandexIdInfo(SandboxKit kit, YandexAccounts accounts) {
  private static final List<String> NAME_FIELDS = List.of("display_name", "real_name", "first_name", "last_name", "sex");
  private static final List<String> AVATAR_FIELDS = List.of("default_avatar_id", "is_avatar_empty");

  void mount(Router router) {
    router.get("/dzen/login/info").handler(ctx -> YandexCall.run(kit, ctx, "info", ERRORS, this::info));
  }

  private void info(RoutingContext ctx, YandexCall.Reply reply) {
    String format = ctx.queryParams().get("format");
    if (format != null && !format.equals("json")) {
      reply.uncached(400, "text/plain; charset=utf-8", format.equals("xml") || format.equals("jwt")
          ? "The sandbox simulates format=json only" : "Unknown format " + format);
      return;
    }
    TokenBook.Grant<JsonObject> g = accounts.access(token(ctx));
    if (g == null || g.expired()) {
      reply.uncached(401, "text/plain; charset=utf-8", "401 Unauthorized");
      return;
    }
    JsonObject u = g.subject();
    JsonObject out = new JsonObject().put("id", u.getString("id")).put("login", u.getString("login")).put("client_id", g.clientId())
        .put("psuid", "1." + u.getString("id") + "." + g.clientId().hashCode());
    Set<String> scopes = g.scopes();
    if (scopes.contains("login:info")) NAME_FIELDS.forEach(f -> copy(u, out, f));
    if (scopes.contains("login:avatar")) AVATAR_FIELDS.forEach(f -> copy(u, out, f));
    if (scopes.contains("login:email") && u.getString("default_email") != null) {
      out.put("default_email", u.getString("default_email")).put("emails", new io.vertx.core.json.JsonArray().add(u.getString("default_email")));
    }
    reply.uncached(200, "application/json; charset=utf-8", out.encode());
  }

  /** {@code Authorization: OAuth <token>}, else {@code ?oauth_token=}; any other scheme is no token. */
  private static String token(RoutingContext ctx) {
    String h = ctx.request().getHeader("Authorization");
    if (h != null) return h.regionMatches(true, 0, "OAuth ", 0, 6) ? h.substring(6).trim() : null;
    return ctx.queryParams().get("oauth_token");
  }

  private static void copy(JsonObject from, JsonObject to, String field) {
    if (from.containsKey(field)) to.put(field, from.getValue(field));
  }

  private static final YandexCall.Errors ERRORS = new YandexCall.Errors() {
    @Override
    public void serverError(RoutingContext ctx, int status) {
      ctx.response().setStatusCode(status).putHeader("Content-Type", "text/plain; charset=utf-8").end(status + " Internal Server Error");
    }

    @Override
    public void rateLimited(RoutingContext ctx, int retryAfterSeconds) {
      ctx.response().setStatusCode(429).putHeader("Retry-After", Integer.toString(retryAfterSeconds))
          .putHeader("Content-Type", "text/plain; charset=utf-8").end("429 Too Many Requests");
    }

    @Override
    public void tokenExpired(RoutingContext ctx) {
      ctx.response().setStatusCode(401).putHeader("Content-Type", "text/plain; charset=utf-8").end("401 Unauthorized");
    }
  };
}
