package io.clipcast.sandbox.tiktok;

import io.clipcast.sandbox.kit.oauth.TokenBook;
import io.clipcast.sandbox.kit.Control;
import io.clipcast.sandbox.kit.SandboxKit;
import io.clipcast.sandbox.kit.oauth.AuthCodes;
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

/**
 * TikTok Login Kit v2 (tiktok.md §Auth): the browser's {@code GET /tiktok/oauth/v2/auth/authorize/} (an Approve page,
 * or straight back to {@code redirect_uri?code&scopes&state} when auto-approve is on) and the server's
 * {@code POST /tiktok/api/v2/oauth/token/} ({@code authorization_code} and rotating {@code refresh_token} grants, form
 * fields only, the client secret required) and {@code /v2/oauth/revoke/}. Errors: {@code {"error","error_description",
 * "log_id"}}. Control under {@code /tiktok/_sandbox}: {@code POST /clients} {@code {clientKey, clientSecret,
 * redirectUris}}, {@code POST /oauth} {@code {autoApprove, creator:{open_id,…}}}, {@code POST /creators}, {@code POST
 * /tokens} {@code {open_id, clientKey, scope}} (tokens without the browser). Fault operation {@code oauth.token}.
 */
final class TikTokOAuth extends ConsentFlow<MultiMap> {
  private record Code(String clientKey, String redirectUri, String openId, Set<String> scopes, String codeChallenge) {}

  private final SandboxKit kit;
  private final TikTokAccounts accounts;
  private final TikTokSettings settings;
  private final AuthCodes<Code> codes = new AuthCodes<>(600);
  private volatile String autoOpenId = TikTokAccounts.DEFAULT_CREATOR.openId();

  TikTokOAuth(SandboxKit kit, TikTokAccounts accounts, TikTokSettings settings) {
    this.kit = kit;
    this.accounts = accounts;
    this.settings = settings;
  }

  void mount(Router router) {
    BodyHandler small = BodyHandler.create().setBodyLimit(16 * 1024).setHandleFileUploads(false);
    router.get("/tiktok/oauth/v2/auth/authorize/").handler(this::authorize);
    router.post("/tiktok/oauth/v2/auth/authorize/approve").handler(small).handler(this::approve);
    router.post("/tiktok/api/v2/oauth/token/").handler(small).handler(ctx -> TikTokCall.run(kit, ctx, "oauth.token", true, r -> token(ctx, r)));
    router.post("/tiktok/api/v2/oauth/revoke/").handler(small).handler(ctx -> TikTokCall.run(kit, ctx, "oauth.revoke", true, r -> revoke(ctx, r)));
    router.post("/tiktok/_sandbox/clients").handler(small).handler(this::registerClient);
    router.post("/tiktok/_sandbox/oauth").handler(small).handler(this::configure);
    router.post("/tiktok/_sandbox/creators").handler(small).handler(ctx -> {
      JsonObject b = OAuthParams.jsonBody(ctx);
      if (b == null || b.getString("open_id") == null) {
        Control.error(ctx, "need {open_id, username?, display_name?, avatar_url?, privacy_level_options?, dailyPostCap?, banned?}");
        return;
      }
      ctx.response().setStatusCode(201);
      ctx.json(accounts.put(TikTokAccounts.parse(b)).toJson());
    });
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
  public MultiMap request(MultiMap params) {
    return params;
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

  // ---- token endpoint ----

  private void token(RoutingContext ctx, TikTokReply reply) {
    if (!OAuthParams.isForm(ctx)) {
      reply.oauthError(400, "invalid_request", "Content-Type must be application/x-www-form-urlencoded");
      return;
    }
    MultiMap f = ctx.request().formAttributes();
    String missing = missing(f, "client_key", "client_secret", "grant_type");
    if (missing != null) {
      reply.oauthError(400, "invalid_request", missing + " is required");
      return;
    }
    OAuthClients.Client app = accounts.apps.get(f.get("client_key")).orElse(null);
    if (app == null || !OAuthParams.sameSecret(app.clientSecret(), f.get("client_secret"))) {
      reply.oauthError(401, "invalid_client", "Client key or secret is invalid");
      return;
    }
    switch (f.get("grant_type")) {
      case "authorization_code" -> exchange(f, reply);
      case "refresh_token" -> refresh(f, reply);
      default -> reply.oauthError(400, "unsupported_grant_type", "grant_type must be authorization_code or refresh_token");
    }
  }

  private void exchange(MultiMap f, TikTokReply reply) {
    String missing = missing(f, "code", "redirect_uri");
    if (missing != null) {
      reply.oauthError(400, "invalid_request", missing + " is required");
      return;
    }
    AuthCodes.Taken<Code> taken = codes.take(f.get("code")).orElse(null);
    Code code = taken == null ? null : taken.grant();
    if (code == null) {
      reply.oauthError(400, "invalid_grant", "Authorization code is invalid or has already been used");
    } else if (taken.expired()) {
      reply.oauthError(400, "invalid_grant", "Authorization code is expired");
    } else if (!code.clientKey().equals(f.get("client_key"))) {
      reply.oauthError(400, "invalid_grant", "Authorization code was issued to another client_key");
    } else if (!code.redirectUri().equals(f.get("redirect_uri"))) {
      reply.oauthError(400, "invalid_grant", "redirect_uri does not match the authorization request");
    } else if (code.codeChallenge() != null && (blank(f.get("code_verifier")) || !pkceMatches(f.get("code_verifier"), code.codeChallenge()))) {
      reply.oauthError(400, "invalid_grant", "code_verifier does not match code_challenge");
    } else {
      reply.json(200, tokenJson(accounts.tokens.issue(code.openId(), code.clientKey(), code.scopes())));
    }
  }

  private void refresh(MultiMap f, TikTokReply reply) {
    if (blank(f.get("refresh_token"))) {
      reply.oauthError(400, "invalid_request", "refresh_token is required");
      return;
    }
    TokenBook.Grant<String> r = accounts.tokens.refresh(f.get("refresh_token")).orElse(null);
    if (reply.drawn("token_expired") || (r != null && r.expired())) {
      reply.oauthError(400, "invalid_grant", "Refresh token is expired");
    } else if (r == null || !r.clientId().equals(f.get("client_key")) || !accounts.tokens.consume(r)) {
      // rotation: a refresh token that was already used (or never issued to this app) is refused
      reply.oauthError(400, "invalid_grant", "Refresh token is invalid or has already been used");
    } else {
      reply.json(200, tokenJson(accounts.tokens.issue(r.subject(), r.clientId(), r.scopes())));
    }
  }

  private void revoke(RoutingContext ctx, TikTokReply reply) {
    MultiMap f = ctx.request().formAttributes();
    String missing = missing(f, "client_key", "client_secret", "token");
    if (missing != null) {
      reply.oauthError(400, "invalid_request", missing + " is required");
      return;
    }
    OAuthClients.Client app = accounts.apps.get(f.get("client_key")).orElse(null);
    if (app == null || !app.clientSecret().equals(f.get("client_secret"))) {
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
