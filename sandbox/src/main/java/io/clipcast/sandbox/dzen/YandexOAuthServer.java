package io.clipcast.sandbox.dzen;

import io.clipcast.sandbox.kit.Control;
import io.clipcast.sandbox.kit.SandboxKit;
import io.clipcast.sandbox.kit.oauth.TokenEndpoint;
import io.clipcast.sandbox.kit.oauth.TokenEndpoint.Step;
import io.clipcast.sandbox.kit.oauth.TokenProblem;
import io.clipcast.sandbox.kit.oauth.TokenRefusals;
import io.clipcast.sandbox.kit.oauth.ConsentFlow;
import io.clipcast.sandbox.kit.oauth.OAuthClients;
import io.clipcast.sandbox.kit.oauth.Pkce;
import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import static io.clipcast.sandbox.kit.oauth.OAuthParams.esc;
import static io.clipcast.sandbox.kit.oauth.OAuthParams.withQuery;

/** Yandex OAuth ({@code oauth.yandex.ru}) under {@code /dzen/oauth}; its routes and control routes: docs/sandbox.md. */
final class YandexOAuthServer extends ConsentFlow<YandexOAuthServer.Pending> {
  private static final TokenRefusals REFUSALS = new TokenRefusals()
      .on(TokenProblem.NOT_FORM, 400, "invalid_request", "Content-Type must be application/x-www-form-urlencoded")
      .on(TokenProblem.MALFORMED_BASIC, 401, "invalid_client", "Malformed Authorization header")
      .on(TokenProblem.CLIENT_MISMATCH, 401, "invalid_client", "client_id in the body differs from the Authorization header")
      .on(TokenProblem.UNKNOWN_CLIENT, 401, "invalid_client", "Client not found")
      .on(TokenProblem.WRONG_SECRET, 401, "invalid_client", "Wrong client secret")
      .on(TokenProblem.NO_GRANT_TYPE, 400, "invalid_request", "grant_type not in POST")
      .on(TokenProblem.UNSUPPORTED_GRANT, 400, "unsupported_grant_type", "Unsupported grant_type {}")
      .on(TokenProblem.MISSING, 400, "invalid_request", "{} not in POST")
      .on(TokenProblem.CODE_UNKNOWN, 400, "invalid_grant", "Code has expired")
      .same(TokenProblem.CODE_UNKNOWN, TokenProblem.CODE_EXPIRED, TokenProblem.CODE_OTHER_CLIENT)
      .on(TokenProblem.VERIFIER_MISSING, 400, "invalid_grant", "code_verifier not in POST")
      .on(TokenProblem.VERIFIER_WRONG, 400, "invalid_grant", "Code verifier is not valid")
      .on(TokenProblem.REFRESH_UNKNOWN, 400, "invalid_grant", "Invalid refresh token")
      .same(TokenProblem.REFRESH_UNKNOWN, TokenProblem.REFRESH_EXPIRED, TokenProblem.REFRESH_OTHER_CLIENT, TokenProblem.REFRESH_USED);

  /** An authorization request, as asked and (once shown) waiting on the Approve page under a single-use request_id. */
  record Pending(OAuthClients.Client app, String redirectUri, String state, String responseType, String scope, String challenge,
                 String method) {
    Set<String> scopes() {
      return new LinkedHashSet<>(scope == null ? app.scopes() : List.of(scope.trim().split("\\s+")));
    }
  }

  private final SandboxKit kit;
  private final YandexAccounts accounts;
  private final Map<String, Pending> pending = new ConcurrentHashMap<>();
  /** oauth.yandex.ru's token endpoint: credentials as form fields or HTTP Basic, PKCE S256/plain, rotating refresh tokens. */
  private final TokenEndpoint<YandexCall.Reply, JsonObject, YandexAccounts.Code> tokenEndpoint;

  YandexOAuthServer(SandboxKit kit, YandexAccounts accounts) {
    this.kit = kit;
    this.accounts = accounts;
    tokenEndpoint = new TokenEndpoint<>(REFUSALS, accounts.codes(),
        Step.FORM, Step.CLIENT_AUTH, Step.GRANT_PRESENT, Step.GRANT_SUPPORTED, Step.REQUIRED);
    tokenEndpoint.basicAuth = true;
    tokenEndpoint.secrets = id -> accounts.app(id) == null ? null : accounts.app(id).clientSecret();
    tokenEndpoint.tokens(accounts.tokens(), true, (access, refresh, isNew, f) -> accounts.tokenBody(access, refresh));
  }

  void mount(Router router) {
    router.post("/dzen/_sandbox/clients").handler(BodyHandler.create().setBodyLimit(16 * 1024)).handler(this::registerApp);
    router.post("/dzen/_sandbox/oauth").handler(BodyHandler.create().setBodyLimit(16 * 1024)).handler(this::configure);
    router.get("/dzen/_sandbox/oauth").handler(ctx -> ctx.json(accounts.describe()));
    router.get("/dzen/oauth/authorize").handler(this::authorize);
    router.post("/dzen/oauth/authorize").handler(BodyHandler.create().setBodyLimit(16 * 1024)).handler(this::approve);
    router.post("/dzen/oauth/token").handler(BodyHandler.create().setBodyLimit(16 * 1024))
        .handler(ctx -> YandexCall.run(kit, ctx, "token", ERRORS, tokenEndpoint::handle));
  }

  /** {@code {"clientId","clientSecret","redirectUris":[…],"scopes":[…]}}: an app as registered on oauth.yandex.ru. */
  private void registerApp(RoutingContext ctx) {
    JsonObject b = controlBody(ctx);
    if (b == null) return;
    String id = b.getString("clientId", "");
    String secret = b.getString("clientSecret", "");
    JsonArray uris = b.getJsonArray("redirectUris", new JsonArray());
    if (id.isBlank() || secret.isBlank() || uris.isEmpty()) {
      Control.error(ctx, "need {clientId, clientSecret, redirectUris: [...]} (scopes default to login:info, login:avatar)");
      return;
    }
    Set<String> scopes = new LinkedHashSet<>();
    b.getJsonArray("scopes", new JsonArray().add("login:info").add("login:avatar")).forEach(s -> scopes.add(s.toString()));
    if (!YandexAccounts.KNOWN_SCOPES.containsAll(scopes)) {
      Control.error(ctx, "scopes must be among " + YandexAccounts.KNOWN_SCOPES);
      return;
    }
    List<String> redirects = uris.stream().map(Object::toString).toList();
    accounts.register(new OAuthClients.Client(id, secret, redirects, scopes));
    ctx.response().setStatusCode(204).end();
  }

  /** {@code {"autoApprove": true, "user": {id, login, display_name, default_avatar_id, …}, "expiresIn": seconds}}. */
  private void configure(RoutingContext ctx) {
    JsonObject b = controlBody(ctx);
    if (b == null) return;
    JsonObject user = b.getJsonObject("user");
    if (user != null && (user.getString("id", "").isBlank() || user.getString("login", "").isBlank())) {
      Control.error(ctx, "user needs at least id and login (Yandex ID fields: id, login, display_name, default_avatar_id, …)");
      return;
    }
    accounts.configure(b);
    autoApprove = accounts.autoApprove();
    ctx.json(accounts.describe());
  }

  /**
   * Until the app and its callback URL are known, problems are shown on the page (never redirected to an unverified
   * URL); after that, they go back to the app ({@link #earlyRefusal}). The Approve form carries only its request_id.
   */
  @Override
  public Page problem(MultiMap p) {
    String requestId = p.get("request_id");
    if (requestId != null) return pending.containsKey(requestId) ? null : page(400, "Ошибка", "<p>Запрос на доступ устарел; начните вход заново.</p>");
    OAuthClients.Client app = accounts.app(p.get("client_id"));
    if (app == null) return page(400, "Ошибка", "<p>Приложение не найдено (client_id " + esc(p.get("client_id")) + ").</p>");
    if (p.get("redirect_uri") != null && !app.redirectUris().contains(p.get("redirect_uri"))) {
      return page(400, "Ошибка", "<p>redirect_uri does not match the Callback URL defined for the client.</p>");
    }
    if ("token".equals(p.get("response_type"))) return page(400, "Ошибка", "<p>The sandbox implements response_type=code only.</p>");
    return null;
  }

  @Override
  public Pending request(MultiMap p) {
    if (p.get("request_id") != null) return pending.remove(p.get("request_id"));
    OAuthClients.Client app = accounts.app(p.get("client_id"));
    String challenge = p.get("code_challenge");
    String method = p.get("code_challenge_method");
    return new Pending(app, p.get("redirect_uri") == null ? app.redirectUris().get(0) : p.get("redirect_uri"), p.get("state"),
        p.get("response_type"), p.get("scope"), challenge, challenge != null && method == null ? "plain" : method);
  }

  @Override
  public String earlyRefusal(Pending p) {
    if (!"code".equals(p.responseType())) return withQuery(p.redirectUri(), "error", "unsupported_response_type", "state", p.state());
    if (p.scope() != null && !p.app().scopes().containsAll(p.scopes())) {
      return withQuery(p.redirectUri(), "error", "invalid_scope", "error_description", "scope not allowed for this client", "state", p.state());
    }
    String method = p.method();
    if ((method != null && p.challenge() == null) || (method != null && !method.equals("S256") && !method.equals("plain"))
        || (p.challenge() != null && !Pkce.VERIFIER.matcher(p.challenge()).matches())) {
      return withQuery(p.redirectUri(), "error", "invalid_request", "error_description",
          "code_challenge must be 43-128 URL-safe characters and code_challenge_method S256 or plain", "state", p.state());
    }
    return null;
  }

  @Override
  public String autoGrant(Pending p) {
    return approved(p);
  }

  @Override
  public Page consent(Pending p, MultiMap params) {
    String id = YandexAccounts.random(24, "abcdefghijklmnopqrstuvwxyz0123456789");
    pending.put(id, p);
    return page(200, "Разрешить доступ", "<p>Приложение <b>" + esc(p.app().clientId()) + "</b> запрашивает доступ к аккаунту <b>"
        + esc(accounts.user().getString("login")) + "</b>: " + esc(String.join(", ", p.scopes())) + ".</p>"
        + "<form method=\"post\" action=\"/dzen/oauth/authorize\"><input type=\"hidden\" name=\"request_id\" value=\"" + id + "\">"
        + "<button name=\"decision\" value=\"approve\">Разрешить</button> <button name=\"decision\" value=\"deny\">Отказать</button></form>");
  }

  @Override
  public boolean declined(MultiMap form) {
    return !"approve".equals(form.get("decision"));
  }

  @Override
  public String refusal(Pending p) {
    return withQuery(p.redirectUri(), "error", "access_denied", "error_description", "user denied access", "state", p.state());
  }

  @Override
  public Outcome approved(Pending p, MultiMap form) {
    return Outcome.redirect(approved(p));
  }

  private String approved(Pending p) {
    String code = accounts.issueCode(p.app().clientId(), p.scopes(), p.challenge(), p.method());
    return withQuery(p.redirectUri(), "code", code, "state", p.state());
  }

  private static final YandexCall.Errors ERRORS = new YandexCall.Errors() {
    @Override
    public void serverError(RoutingContext ctx, int status) {
      ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json")
          .end(new JsonObject().put("error", "server_error").put("error_description", "Internal error, try again later").encode());
    }

    @Override
    public void rateLimited(RoutingContext ctx, int retryAfterSeconds) {
      ctx.response().setStatusCode(429).putHeader("Content-Type", "application/json").putHeader("Retry-After", Integer.toString(retryAfterSeconds))
          .end(new JsonObject().put("error", "too_many_requests").put("error_description", "Too many requests").encode());
    }

    @Override
    public void tokenExpired(RoutingContext ctx) {
      ctx.response().setStatusCode(400).putHeader("Content-Type", "application/json")
          .end(new JsonObject().put("error", "invalid_grant").put("error_description", "Token has expired or was revoked").encode());
    }
  };

  private static Page page(int status, String title, String body) {
    return new Page(status, "<!doctype html><html><head><meta charset=\"utf-8\"><title>" + title + " — Яндекс ID (sandbox)</title></head>"
        + "<body><h1>" + title + "</h1>" + body + "</body></html>");
  }

  private static JsonObject controlBody(RoutingContext ctx) {
    try {
      JsonObject b = ctx.body().asJsonObject();
      if (b != null) return b;
    } catch (RuntimeException ignored) {
      // answered below
    }
    Control.error(ctx, "body must be a JSON object");
    return null;
  }
}
