package io.clipcast.sandbox.linkedin;

import io.clipcast.sandbox.kit.oauth.TokenBook;
import io.clipcast.sandbox.kit.CallFaults;
import io.clipcast.sandbox.kit.Control;
import io.clipcast.sandbox.kit.SandboxKit;
import io.clipcast.sandbox.kit.oauth.AuthCodes;
import io.clipcast.sandbox.kit.oauth.BoundCode;
import io.clipcast.sandbox.kit.oauth.TokenEndpoint;
import io.clipcast.sandbox.kit.oauth.TokenEndpoint.Step;
import io.clipcast.sandbox.kit.oauth.TokenProblem;
import io.clipcast.sandbox.kit.oauth.TokenRefusals;
import io.clipcast.sandbox.kit.oauth.ConsentFlow;
import io.clipcast.sandbox.kit.oauth.OAuthParams;
import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.function.Predicate;

import static io.clipcast.sandbox.kit.oauth.OAuthParams.blank;
import static io.clipcast.sandbox.kit.oauth.OAuthParams.missing;

/** LinkedIn's OAuth 2.0 authorization code flow under {@code /linkedin/oauth}; its routes and control routes: docs/sandbox.md. */
final class LinkedInOAuthServer extends ConsentFlow<LinkedInOAuthServer.AuthRequest> {
  private static final TokenRefusals REFUSALS = new TokenRefusals()
      .on(TokenProblem.NOT_FORM, 400, "invalid_request", "parameters must be sent as application/x-www-form-urlencoded")
      .on(TokenProblem.NO_GRANT_TYPE, 400, "invalid_request", "A required parameter \"grant_type\" is missing")
      .on(TokenProblem.UNSUPPORTED_GRANT, 400, "unsupported_grant_type", "grant_type must be authorization_code or refresh_token")
      .on(TokenProblem.MISSING, 400, "invalid_request", "A required parameter \"{}\" is missing")
      .on(TokenProblem.UNKNOWN_CLIENT, 401, "invalid_client", "Client authentication failed")
      .same(TokenProblem.UNKNOWN_CLIENT, TokenProblem.WRONG_SECRET)
      .on(TokenProblem.CODE_UNKNOWN, 400, "invalid_request", "Unable to retrieve access token: appid/redirect uri/code verifier does "
      + "not match authorization code. Or authorization code expired.")
      .same(TokenProblem.CODE_UNKNOWN, TokenProblem.CODE_EXPIRED, TokenProblem.CODE_OTHER_CLIENT, TokenProblem.CODE_OTHER_REDIRECT)
      .on(TokenProblem.REFRESH_NOT_ALLOWED, 400, "invalid_request", "This application is not enabled for programmatic refresh tokens")
      .on(TokenProblem.REFRESH_UNKNOWN, 400, "invalid_request", "The provided authorization grant or refresh token is invalid, expired "
      + "or revoked")
      .same(TokenProblem.REFRESH_UNKNOWN, TokenProblem.REFRESH_EXPIRED, TokenProblem.REFRESH_OTHER_CLIENT,
      TokenProblem.REFRESH_EXPIRED_FAULT);

  record AuthRequest(String clientId, String redirectUri, String state, Set<String> scopes) {}

  private record Code(String clientId, String redirectUri, String subject, Set<String> scopes) implements BoundCode<String> {}

  /** Refresh tokens only for apps approved for programmatic refresh, and not rotated. */
  private final TokenEndpoint<Reply, String, Code> tokenEndpoint;

  private final SandboxKit kit;
  private final LinkedInDirectory directory;
  private final LinkedInTokens tokens;
  private final LinkedInSettings settings;
  private final AuthCodes<Code> codes = new AuthCodes<>(Duration.ofMinutes(30).toSeconds());
  private volatile String autoMember = LinkedInDirectory.DEFAULT_MEMBER.id();

  LinkedInOAuthServer(SandboxKit kit, LinkedInDirectory directory, LinkedInTokens tokens, LinkedInSettings settings) {
    this.kit = kit;
    this.directory = directory;
    this.tokens = tokens;
    this.settings = settings;
    Predicate<String> programmatic = id -> directory.app(id).map(LinkedInDirectory.App::programmaticRefresh).orElse(false);
    tokenEndpoint = new TokenEndpoint<>(REFUSALS, codes,
        Step.FORM, Step.GRANT_PRESENT, Step.GRANT_SUPPORTED, Step.REQUIRED, Step.CLIENT_AUTH);
    tokenEndpoint.require("authorization_code", "code", "redirect_uri", "client_id", "client_secret");
    tokenEndpoint.require("refresh_token", "refresh_token", "client_id", "client_secret");
    tokenEndpoint.secrets = id -> directory.app(id).map(LinkedInDirectory.App::clientSecret).orElse(null);
    tokenEndpoint.tokens(tokens.book, false, (access, refresh, isNew, f) -> tokenBody(access, refresh, isNew));
    tokenEndpoint.refreshWithCode = code -> programmatic.test(code.clientId());
    tokenEndpoint.refreshAllowed = programmatic;
  }

  void mount(Router router) {
    BodyHandler form = BodyHandler.create().setBodyLimit(16 * 1024).setHandleFileUploads(false);
    router.get("/linkedin/oauth/oauth/v2/authorization").handler(this::authorize);
    router.post("/linkedin/oauth/oauth/v2/authorization/approve").handler(form).handler(this::approve);
    router.post("/linkedin/oauth/oauth/v2/accessToken").handler(form).handler(this::token);
    router.post("/linkedin/_sandbox/oauth").handler(BodyHandler.create().setBodyLimit(64 * 1024)).handler(this::configure);
  }

  private void configure(RoutingContext ctx) {
    JsonObject b = ctx.body().length() == 0 ? new JsonObject() : ctx.body().asJsonObject();
    try {
      if (b.getJsonObject("member") != null) autoMember = directory.putMember(b.getJsonObject("member")).id();
      else if (b.containsKey("autoApprove")) autoMember = LinkedInDirectory.DEFAULT_MEMBER.id();
    } catch (IllegalArgumentException e) {
      Control.error(ctx, e.getMessage());
      return;
    }
    if (b.containsKey("autoApprove")) autoApprove = b.getBoolean("autoApprove");
    ctx.json(new JsonObject().put("autoApprove", autoApprove).put("memberId", autoMember));
  }

  // ---- authorization page (browser) ----

  @Override
  public Page problem(MultiMap p) {
    String problem = problemOf(p);
    return problem == null ? null : new Page(400, LinkedInPages.error(problem));
  }

  /** LinkedIn sends the browser back with the error when the app's products do not include a scope. */
  @Override
  public String earlyRefusal(AuthRequest req) {
    LinkedInDirectory.App app = directory.app(req.clientId()).orElseThrow();
    Set<String> unauthorized = new LinkedHashSet<>(req.scopes());
    unauthorized.removeAll(app.scopes());
    return unauthorized.isEmpty() ? null : OAuthParams.withQuery(req.redirectUri(), "error", "unauthorized_scope_error",
        "error_description", "Scope \"" + unauthorized.iterator().next() + "\" is not authorized for your application", "state", req.state());
  }

  @Override
  public String autoGrant(AuthRequest req) {
    return grant(req, autoMember);
  }

  @Override
  public Page consent(AuthRequest req, MultiMap params) {
    return new Page(200, LinkedInPages.consent(req, directory.members(), autoMember));
  }

  @Override
  public boolean declined(MultiMap form) {
    return "cancel".equals(form.get("decision"));
  }

  @Override
  public String refusal(AuthRequest req) {
    return OAuthParams.withQuery(req.redirectUri(), "error", "user_cancelled_authorize", "error_description",
        "The user cancelled the authorization", "state", req.state());
  }

  @Override
  public Outcome approved(AuthRequest req, MultiMap f) {
    String memberId = f.get("member_id");
    if (memberId == null || directory.member(memberId).isEmpty()) {
      return Outcome.page(400, LinkedInPages.error("Choose the member to sign in as."));
    }
    return Outcome.redirect(grant(req, memberId));
  }

  /** Why the authorization request cannot be shown, or null when it is fine. */
  private String problemOf(MultiMap p) {
    if (!"code".equals(p.get("response_type"))) return "response_type must be 'code'";
    LinkedInDirectory.App app = directory.app(p.get("client_id")).orElse(null);
    if (app == null) return "The client_id is not valid: no application has that client id.";
    String redirect = p.get("redirect_uri");
    if (blank(redirect)) return "redirect_uri is required";
    if (!OAuthParams.parses(redirect)) return "The redirect_uri is not a valid URL.";
    if (!OAuthParams.httpUrl(redirect, true)) return "The redirect_uri must be an absolute http(s) URL without a fragment.";
    if (!app.redirectUris().isEmpty() && !app.redirectUris().contains(redirect)) {
      return "The redirect_uri does not match the registered value";
    }
    if (blank(p.get("state"))) return "state is required (it protects the member against CSRF)";
    if (blank(p.get("scope"))) return "scope is required";
    return null;
  }

  @Override
  public AuthRequest request(MultiMap p) {
    return new AuthRequest(p.get("client_id"), p.get("redirect_uri"), p.get("state"), scopes(p.get("scope")));
  }

  private String grant(AuthRequest req, String memberId) {
    String code = codes.issue("AQT" + LinkedInTokens.random(64), new Code(req.clientId(), req.redirectUri(), memberId, req.scopes()));
    return OAuthParams.withQuery(req.redirectUri(), "code", code, "state", req.state());
  }

  // ---- token endpoint ----

  private void token(RoutingContext ctx) {
    CallFaults.run(kit, "linkedin", "oauth.accessToken", ctx, Reply::new, (f, reply) -> switch (f.kind()) {
      case "http_error" -> {
        reply.error(f.status(), null, null, "Internal Server Error");
        yield true;
      }
      case "rate_limit" -> {
        ctx.response().putHeader("Retry-After", Integer.toString(f.retryAfterSeconds()));
        reply.error(429, "TOO_MANY_REQUESTS", 101, "Too many requests");
        yield true;
      }
      default -> false;
    }, reply -> tokenEndpoint.handle(ctx, reply));
  }

  private JsonObject tokenBody(TokenBook.Grant<String> access, TokenBook.Grant<String> refresh, boolean isNew) {
    JsonObject body = new JsonObject().put("access_token", access.token()).put("expires_in", settings.accessTokenTtlSeconds);
    if (refresh != null) {
      body.put("refresh_token", refresh.token()).put("refresh_token_expires_in", isNew ? settings.refreshTokenTtlSeconds
          : Math.max(0, Duration.between(Instant.now(), refresh.expiresAt()).toSeconds()));
    }
    return body.put("scope", String.join(",", access.scopes())).put("token_type", "Bearer");
  }

  /** LinkedIn takes space-separated scopes (some clients send commas; both are split). */
  static Set<String> scopes(String scope) {
    return OAuthParams.scopes(scope, "[\\s,]+");
  }
}
