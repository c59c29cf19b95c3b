package io.clipcast.sandbox.tiktok;

import io.clipcast.sandbox.kit.oauth.TokenBook;
import io.clipcast.sandbox.kit.Control;
import io.clipcast.sandbox.kit.SandboxKit;
import io.clipcast.sandbox.kit.oauth.AuthCodes;
import io.clipcast.sandbox.kit.oauth.BoundCode;
import io.clipcast.sandbox.kit.oauth.TokenEndpoint;
import io.clipcast.sandbox.kit.oauth.TokenEndpoint.Step;
import io.clipcast.sandbox.kit.oauth.TokenProblem;
import io.clipcast.sandbox.kit.oauth.TokenRefusals;
import io.clipcast.sandbox.kit.oauth.OAuthClients;
import io.clipcast.sandbox.kit.oauth.ConsentFlow;
import io.clipcast.sandbox.kit.oauth.OAuthParams;
import io.clipcast.sandbox.kit.oauth.Pkce;
import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

import java.util.Set;

import static io.clipcast.sandbox.kit.oauth.OAuthParams.blank;
import static io.clipcast.sandbox.kit.oauth.OAuthParams.esc;
import static io.clipcast.sandbox.kit.oauth.OAuthParams.missing;

/** TikTok Login Kit v2 (authorize, token, revoke); its routes and control routes: docs/sandbox.md. */
final class TikTokOAuth extends ConsentFlow.OnParams {
  private static final TokenRefusals REFUSALS = new TokenRefusals()
      .on(TokenProblem.NOT_FORM, 400, "invalid_request", "Content-Type must be application/x-www-form-urlencoded")
      .on(TokenProblem.MISSING, 400, "invalid_request", "{} is required")
      .on(TokenProblem.NO_GRANT_TYPE, 400, "invalid_request", "grant_type is required")
      .on(TokenProblem.UNKNOWN_CLIENT, 401, "invalid_client", "Client key or secret is invalid")
      .same(TokenProblem.UNKNOWN_CLIENT, TokenProblem.WRONG_SECRET)
      .on(TokenProblem.UNSUPPORTED_GRANT, 400, "unsupported_grant_type", "grant_type must be authorization_code or refresh_token")
      .on(TokenProblem.CODE_UNKNOWN, 400, "invalid_grant", "Authorization code is invalid or has already been used")
      .on(TokenProblem.CODE_EXPIRED, 400, "invalid_grant", "Authorization code is expired")
      .on(TokenProblem.CODE_OTHER_CLIENT, 400, "invalid_grant", "Authorization code was issued to another client_key")
      .on(TokenProblem.CODE_OTHER_REDIRECT, 400, "invalid_grant", "redirect_uri does not match the authorization request")
      .on(TokenProblem.VERIFIER_WRONG, 400, "invalid_grant", "code_verifier does not match code_challenge")
      .same(TokenProblem.VERIFIER_WRONG, TokenProblem.VERIFIER_MISSING)
      .on(TokenProblem.REFRESH_EXPIRED, 400, "invalid_grant", "Refresh token is expired")
      .same(TokenProblem.REFRESH_EXPIRED, TokenProblem.REFRESH_EXPIRED_FAULT)
      .on(TokenProblem.REFRESH_UNKNOWN, 400, "invalid_grant", "Refresh token is invalid or has already been used")
      .same(TokenProblem.REFRESH_UNKNOWN, TokenProblem.REFRESH_OTHER_CLIENT, TokenProblem.REFRESH_USED);

  private record Code(String clientId, String redirectUri, String subject, Set<String> scopes, String challenge) implements BoundCode<String> {}

  /** TikTok's token endpoint: form fields only, {@code client_key}, every refusal with a {@code log_id}, rotating refresh tokens. */
  private final TokenEndpoint<TikTokReply, String, Code> tokenEndpoint;

  private final SandboxKit kit;
  private final TikTokAccounts accounts;
  private final AuthCodes<Code> codes = new AuthCodes<>(600);
  private volatile String autoOpenId = TikTokAccounts.DEFAULT_CREATOR.openId();

  TikTokOAuth(SandboxKit kit, TikTokAccounts accounts) {
    this.kit = kit;
    this.accounts = accounts;
    tokenEndpoint = new TokenEndpoint<>(REFUSALS, codes,
        Step.FORM, Step.CLIENT_PRESENT, Step.GRANT_PRESENT, Step.CLIENT_AUTH, Step.GRANT_SUPPORTED, Step.REQUIRED);
    tokenEndpoint.clientParam = "client_key";
    tokenEndpoint.secrets = key -> accounts.apps.get(key).map(OAuthClients.Client::clientSecret).orElse(null);
    tokenEndpoint.require("authorization_code", "code", "redirect_uri");
    tokenEndpoint.verifier = (verifier, code) -> pkceMatches(verifier, code.challenge()) ? TokenEndpoint.Verdict.OK : TokenEndpoint.Verdict.WRONG;
    tokenEndpoint.tokens(accounts.tokens, true, (access, refresh, isNew, params) -> tokenJson(new TokenBook.Pair<>(access, refresh)));
  }

  void mount(Router router) {
    BodyHandler small = BodyHandler.create().setBodyLimit(16 * 1024).setHandleFileUploads(false);
    router.get("/tiktok/oauth/v2/auth/authorize/").handler(this::authorize);
    router.post("/tiktok/oauth/v2/auth/authorize/approve").handler(small).handler(this::approve);
    router.post("/tiktok/api/v2/oauth/token/").handler(small).handler(ctx -> TikTokCall.run(kit, ctx, "oauth.token", true, r -> tokenEndpoint.handle(ctx, r)));
    router.post("/tiktok/api/v2/oauth/revoke/").handler(small).handler(ctx -> TikTokCall.run(kit, ctx, "oauth.revoke", true, r -> revoke(ctx, r)));
    router.post("/tiktok/_sandbox/clients").handler(small).handler(this::registerClient);
    router.post("/tiktok/_sandbox/oauth").handler(small).handler(this::configure);
    router.post("/tiktok/_sandbox/tokens").handler(small).handler(this::seedTokens);
  }

  // ---- control ----

  private void registerClient(RoutingContext ctx) {
    JsonObject b = OAuthParams.jsonBody(ctx);
    JsonArray uris = b == null ? null : b.getJsonArray("redirectUris");
    if (b == null || b.getString("clientKey", "").isBlank() || b.getString("clientSecret", "").isBlank() || uris == null || uris.isEmpty()) {
      Control.error(ctx, "need {clientKey, clientSecret, redirectUris: [...]}");
      return;
    }
    accounts.apps.put(new OAuthClients.Client(b.getString("clientKey"), b.getString("clientSecret"),
        uris.stream().map(Object::toString).toList(), TikTokAccounts.KNOWN_SCOPES));
    ctx.response().setStatusCode(204).end();
  }

  /** {@code {"autoApprove": true, "creator": {open_id, …}}}: auto-approve signs in as that creator (the default one if none). */
  private void configure(RoutingContext ctx) {
    JsonObject b = OAuthParams.jsonBody(ctx);
    if (b == null) b = new JsonObject();
    if (b.containsKey("autoApprove")) autoApprove = b.getBoolean("autoApprove");
    if (b.getJsonObject("creator") != null) {
      if (b.getJsonObject("creator").getString("open_id") == null) {
        Control.error(ctx, "creator needs an open_id");
        return;
      }
      autoOpenId = accounts.put(TikTokAccounts.parse(b.getJsonObject("creator"))).openId();
    } else if (b.containsKey("autoApprove")) {
      autoOpenId = TikTokAccounts.DEFAULT_CREATOR.openId();
    }
    ctx.json(new JsonObject().put("autoApprove", autoApprove).put("openId", autoOpenId));
  }

  private void seedTokens(RoutingContext ctx) {
    JsonObject b = OAuthParams.jsonBody(ctx);
    if (b == null) b = new JsonObject();
    String openId = b.getString("open_id", TikTokAccounts.DEFAULT_CREATOR.openId());
    if (b.getJsonObject("creator") != null) openId = accounts.put(TikTokAccounts.parse(b.getJsonObject("creator"))).openId();
    String scope = b.getString("scope", "user.info.basic,user.info.profile,video.publish,video.list");
    TokenBook.Pair<String> p = accounts.tokens.issue(openId, b.getString("clientKey", "sbawclipcastdev0001"), TikTokAccounts.scopes(scope));
    ctx.response().setStatusCode(201);
    ctx.json(tokenJson(p));
  }

  // ---- authorize (browser) ----

  @Override
  public Page problem(MultiMap p) {
    String problem = problemOf(p);
    return problem == null ? null : new Page(400, page("Something went wrong", "<p class=\"error\">" + esc(problem) + "</p>"));
  }

  @Override
  public String autoGrant(MultiMap q) {
    return grant(q, autoOpenId);
  }

  @Override
  public Page consent(MultiMap q, MultiMap params) {
    StringBuilder hidden = new StringBuilder();
    for (String name : new String[] {"client_key", "response_type", "scope", "redirect_uri", "state", "code_challenge", "code_challenge_method"}) {
      if (q.get(name) != null) hidden.append(OAuthParams.hidden(name, q.get(name)));
    }
    TikTokAccounts.Creator c = accounts.creator(autoOpenId);
    return new Page(200, page("Authorize", "<p><b>" + esc(q.get("client_key")) + "</b> would like to access your TikTok account <b>@"
        + esc(c.username()) + "</b>: <code>" + esc(q.get("scope")) + "</code></p><form method=\"post\" action=\"/tiktok/oauth/v2/auth/authorize/approve\">"
        + hidden + "<button type=\"submit\" name=\"decision\" value=\"approve\">Authorize</button> "
        + "<button type=\"submit\" name=\"decision\" value=\"deny\">Cancel</button></form>"));
  }

  @Override
  public String refusal(MultiMap f) {
    return OAuthParams.withQuery(f.get("redirect_uri"), "error", "access_denied", "error_description",
        "The user denied the authorization request", "state", f.get("state"));
  }

  @Override
  public Outcome approved(MultiMap f, MultiMap form) {
    return Outcome.redirect(grant(f, autoOpenId));
  }

  /** Why an authorization request is refused (shown on TikTok's error page), or null. */
  private String problemOf(MultiMap p) {
    OAuthClients.Client app = accounts.apps.get(p.get("client_key")).orElse(null);
    if (app == null) return "client_key: the app is unknown";
    if (!"code".equals(p.get("response_type"))) return "response_type must be 'code'";
    if (blank(p.get("redirect_uri")) || !app.redirectUris().contains(p.get("redirect_uri"))) {
      return "redirect_uri does not match any redirect URI registered for this app";
    }
    if (blank(p.get("scope"))) return "scope is required";
    Set<String> scopes = TikTokAccounts.scopes(p.get("scope"));
    if (!TikTokAccounts.KNOWN_SCOPES.containsAll(scopes)) return "scope has unknown scopes (separate scopes with commas)";
    if (blank(p.get("state"))) return "state is required";
    if (p.get("code_challenge") != null && !"S256".equals(p.get("code_challenge_method"))) return "code_challenge_method must be S256";
    return null;
  }

  private String grant(MultiMap p, String openId) {
    Set<String> scopes = TikTokAccounts.scopes(p.get("scope"));
    String code = codes.issue("code." + TikTokAccounts.random(24) + "*v!" + TikTokAccounts.random(6),
        new Code(p.get("client_key"), p.get("redirect_uri"), openId, scopes, p.get("code_challenge")));
    return OAuthParams.withQuery(p.get("redirect_uri"), "code", code, "scopes", String.join(",", scopes), "state", p.get("state"));
  }

  private void revoke(RoutingContext ctx, TikTokReply reply) {
    MultiMap f = ctx.request().formAttributes();
    String missing = missing(f, "client_key", "client_secret", "token");
    if (missing != null) {
      reply.oauthError(400, "invalid_request", missing + " is required");
      return;
    }
    OAuthClients.Client app = accounts.apps.get(f.get("client_key")).orElse(null);
    if (app == null || !OAuthParams.sameSecret(app.clientSecret(), f.get("client_secret"))) {
      reply.oauthError(401, "invalid_client", "Client key or secret is invalid");
      return;
    }
    accounts.revoke(f.get("token"), app.clientId());
    reply.json(200, new JsonObject());
  }

  private JsonObject tokenJson(TokenBook.Pair<String> p) {
    return new JsonObject().put("open_id", p.access().subject()).put("scope", String.join(",", p.access().scopes()))
        .put("access_token", p.access().token())
        .put("expires_in", Math.max(0, p.access().expiresAt().getEpochSecond() - java.time.Instant.now().getEpochSecond()))
        .put("refresh_token", p.refresh().token())
        .put("refresh_expires_in", Math.max(0, p.refresh().expiresAt().getEpochSecond() - java.time.Instant.now().getEpochSecond()))
        .put("token_type", "Bearer");
  }

  // ---- helpers ----

  /** TikTok's PKCE takes the hex SHA-256 of the verifier on desktop; the web-style base64url form is accepted too. */
  private static boolean pkceMatches(String verifier, String challenge) {
    return challenge.equals(Pkce.s256Hex(verifier)) || challenge.equals(Pkce.s256(verifier));
  }

  private static String page(String title, String body) {
    return "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>TikTok — " + esc(title)
        + "</title></head><body><h1>TikTok (sandbox)</h1>" + body + "</body></html>";
  }
}
