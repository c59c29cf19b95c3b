package io.clipcast.sandbox.vk;

import io.clipcast.sandbox.kit.oauth.TokenBook;
import io.clipcast.sandbox.kit.Control;
import io.clipcast.sandbox.kit.Fault;
import io.clipcast.sandbox.kit.Reply;
import io.clipcast.sandbox.kit.SandboxKit;
import io.clipcast.sandbox.kit.oauth.AuthCodes;
import io.clipcast.sandbox.kit.oauth.BoundCode;
import io.clipcast.sandbox.kit.oauth.TokenEndpoint;
import io.clipcast.sandbox.kit.oauth.TokenEndpoint.Step;
import io.clipcast.sandbox.kit.oauth.TokenProblem;
import io.clipcast.sandbox.kit.oauth.TokenRefusals;
import io.clipcast.sandbox.kit.oauth.ConsentFlow;
import io.clipcast.sandbox.kit.oauth.OAuthParams;
import io.clipcast.sandbox.kit.oauth.Pkce;
import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.regex.Pattern;

import static io.clipcast.sandbox.kit.oauth.OAuthParams.blank;
import static io.clipcast.sandbox.kit.oauth.OAuthParams.missing;

/** VK ID, OAuth 2.1 with mandatory PKCE, under {@code /vk/id}; its routes and control routes: docs/sandbox.md. */
final class VkIdServer extends ConsentFlow<VkIdServer.AuthRequest> {
  private static final Pattern CLIENT_ID = Pattern.compile("[1-9]\\d{0,11}");
  private static final Pattern CHALLENGE = Pattern.compile("[A-Za-z0-9_-]{43}");
  private static final Pattern VERIFIER = Pattern.compile("[A-Za-z0-9_-]{43,128}");

  private static final TokenRefusals REFUSALS = new TokenRefusals()
      .on(TokenProblem.NOT_FORM, 400, "invalid_request", "parameters must be sent as application/x-www-form-urlencoded")
      .on(TokenProblem.NO_GRANT_TYPE, 400, "invalid_request", "grant_type is required")
      .on(TokenProblem.UNSUPPORTED_GRANT, 400, "unsupported_grant_type", "grant_type must be authorization_code or refresh_token")
      .on(TokenProblem.MISSING, 400, "invalid_request", "{} is required")
      .on(TokenProblem.CODE_UNKNOWN, 400, "invalid_grant", "the authorization code is invalid or has already been used")
      .on(TokenProblem.CODE_EXPIRED, 400, "invalid_grant", "the authorization code has expired")
      .on(TokenProblem.CODE_OTHER_CLIENT, 400, "invalid_grant", "the code was issued to another client_id")
      .on(TokenProblem.CODE_OTHER_REDIRECT, 400, "invalid_grant", "redirect_uri does not match the authorization request")
      .on(TokenProblem.CODE_OTHER_DEVICE, 400, "invalid_grant", "device_id does not match the one returned with the code")
      .on(TokenProblem.VERIFIER_MALFORMED, 400, "invalid_request", "code_verifier must be 43-128 characters of a-z A-Z 0-9 _ -")
      .on(TokenProblem.VERIFIER_WRONG, 400, "invalid_grant", "code_verifier does not match code_challenge")
      .on(TokenProblem.REFRESH_EXPIRED_FAULT, 400, "invalid_grant", "refresh token is expired")
      .on(TokenProblem.REFRESH_UNKNOWN, 400, "invalid_grant", "refresh token is invalid, expired or already used")
      .same(TokenProblem.REFRESH_UNKNOWN, TokenProblem.REFRESH_EXPIRED, TokenProblem.REFRESH_USED)
      .on(TokenProblem.REFRESH_OTHER_CLIENT, 400, "invalid_grant", "refresh token was issued to another client_id or device_id")
      .same(TokenProblem.REFRESH_OTHER_CLIENT, TokenProblem.REFRESH_OTHER_DEVICE)
      .on(TokenProblem.REFRESH_SCOPE_WIDER, 400, "invalid_scope", "scope is wider than the one granted");

  record AuthRequest(String clientId, String redirectUri, String state, String scope, String codeChallenge) {}

  private record Code(String clientId, String redirectUri, Long subject, String device, Set<String> scopes, String challenge)
      implements BoundCode<Long> {}

  private final SandboxKit kit;
  private final VkUsers users;
  private final VkTokens tokens;
  private final AuthCodes<Code> codes = new AuthCodes<>(600);
  private final TokenEndpoint<Reply, Long, Code> tokenEndpoint;
  private final VkAppRights rights;
  private volatile long autoUserId = VkUsers.DEFAULT_USER.id();

  VkIdServer(SandboxKit kit, VkUsers users, VkTokens tokens, VkAppRights rights) {
    this.kit = kit;
    this.rights = rights;
    this.users = users;
    this.tokens = tokens;
    // A public client: no secret, PKCE S256 mandatory, codes and refresh tokens bound to the device; refresh tokens rotate.
    tokenEndpoint = new TokenEndpoint<>(REFUSALS, codes, Step.FORM, Step.GRANT_PRESENT, Step.GRANT_SUPPORTED, Step.REQUIRED);
    tokenEndpoint.require("authorization_code", "code", "code_verifier", "client_id", "device_id", "redirect_uri", "state");
    tokenEndpoint.require("refresh_token", "refresh_token", "client_id", "device_id", "state");
    tokenEndpoint.verifier = (verifier, code) -> !VERIFIER.matcher(verifier).matches() ? TokenEndpoint.Verdict.MALFORMED
        : Pkce.s256(verifier).equals(code.challenge()) ? TokenEndpoint.Verdict.OK : TokenEndpoint.Verdict.WRONG;
    tokenEndpoint.tokens(tokens.book, true, this::tokenBody);
    tokenEndpoint.refreshScopes = VkIdServer::scopes;
  }

  void mount(Router router) {
    BodyHandler form = BodyHandler.create().setBodyLimit(16 * 1024).setHandleFileUploads(false);
    router.get("/vk/id/authorize").handler(this::authorize);
    router.post("/vk/id/authorize/approve").handler(form).handler(this::approve);
    router.post("/vk/id/oauth2/auth").handler(form).handler(ctx -> FaultStage.run(kit, ctx, "oauth2.auth", this::idFault, r -> tokenEndpoint.handle(ctx, r)));
    router.post("/vk/id/oauth2/user_info").handler(form)
        .handler(ctx -> FaultStage.run(kit, ctx, "oauth2.user_info", this::idFault, r -> userInfo(ctx, r)));
    router.post("/vk/_sandbox/oauth").handler(BodyHandler.create().setBodyLimit(64 * 1024)).handler(this::configure);
    router.post("/vk/_sandbox/apps").handler(BodyHandler.create().setBodyLimit(16 * 1024)).handler(this::registerApp);
  }

  /** {@code {"clientId", "approvedRights": ["wall", "video"]}}: the extended rights VK has approved for the app. */
  private void registerApp(RoutingContext ctx) {
    JsonObject b = OAuthParams.jsonBody(ctx);
    String clientId = b == null ? null : b.getString("clientId");
    if (clientId == null || !CLIENT_ID.matcher(clientId).matches()) {
      Control.error(ctx, "need {clientId: a VK app id, approvedRights: [...] among " + VkAppRights.EXTENDED + "}");
      return;
    }
    try {
      rights.approve(clientId, b.getJsonArray("approvedRights", new JsonArray()).stream().map(String::valueOf)
          .collect(Collectors.toCollection(LinkedHashSet::new)));
    } catch (IllegalArgumentException e) {
      Control.error(ctx, e.getMessage());
      return;
    }
    ctx.json(new JsonObject().put("clientId", clientId).put("approvedRights", new JsonArray(List.copyOf(rights.approved(clientId)))));
  }

  private void configure(RoutingContext ctx) {
    JsonObject b = ctx.body().asJsonObject();
    if (b == null) b = new JsonObject();
    if (b.containsKey("autoApprove")) autoApprove = b.getBoolean("autoApprove");
    if (b.getJsonObject("user") != null) autoUserId = users.put(VkUsers.parse(b.getJsonObject("user"))).id();
    else if (b.containsKey("autoApprove")) autoUserId = VkUsers.DEFAULT_USER.id();
    if (b.getLong("accessTokenTtlSeconds") != null) tokens.accessTtlSeconds = b.getLong("accessTokenTtlSeconds");
    if (b.getLong("refreshTokenTtlSeconds") != null) tokens.refreshTtlSeconds = b.getLong("refreshTokenTtlSeconds");
    ctx.json(new JsonObject().put("autoApprove", autoApprove).put("userId", autoUserId)
        .put("accessTokenTtlSeconds", tokens.accessTtlSeconds).put("refreshTokenTtlSeconds", tokens.refreshTtlSeconds));
  }

  // ---- authorize (browser) ----

  @Override
  public Page problem(MultiMap p) {
    String problem = problemOf(p);
    return problem == null ? null : new Page(400, VkIdPages.error(problem));
  }

  @Override
  public String autoGrant(AuthRequest req) {
    return grant(req, autoUserId);
  }

  @Override
  public Page consent(AuthRequest req, MultiMap params) {
    return new Page(200, VkIdPages.consent(req, users.all(), autoUserId));
  }

  @Override
  public String refusal(AuthRequest req) {
    return OAuthParams.withQuery(req.redirectUri(), "error", "access_denied", "error_description", "The user declined the request",
        "state", req.state());
  }

  @Override
  public Outcome approved(AuthRequest req, MultiMap f) {
    long userId;
    try {
      userId = Long.parseLong(f.get("user_id"));
    } catch (NumberFormatException | NullPointerException e) {
      return Outcome.page(400, VkIdPages.error("Choose the account to sign in with."));
    }
    if (users.user(userId).isEmpty()) return Outcome.page(400, VkIdPages.error("No such user: " + userId));
    return Outcome.redirect(grant(req, userId));
  }

  /** Why the authorization request is invalid, or null when it is fine. */
  private static String problemOf(MultiMap p) {
    if (!"code".equals(p.get("response_type"))) return "response_type must be 'code'";
    if (p.get("client_id") == null || !CLIENT_ID.matcher(p.get("client_id")).matches()) return "client_id is missing or is not an app id";
    String redirect = p.get("redirect_uri");
    if (redirect == null || redirect.isEmpty()) return "redirect_uri is required";
    if (!OAuthParams.parses(redirect)) return "redirect_uri is not a valid URL";
    if (!OAuthParams.httpUrl(redirect, true)) return "redirect_uri must be an absolute http(s) URL without a fragment";
    if (blank(p.get("state"))) return "state is required";
    if (blank(p.get("scope"))) return "scope is required";
    if (p.get("code_challenge") == null) return "code_challenge is required (PKCE is mandatory)";
    if (!CHALLENGE.matcher(p.get("code_challenge")).matches()) return "code_challenge must be the base64url SHA-256 of the code_verifier";
    if (!"S256".equals(p.get("code_challenge_method"))) return "code_challenge_method must be S256";
    return null;
  }

  @Override
  public AuthRequest request(MultiMap p) {
    return new AuthRequest(p.get("client_id"), p.get("redirect_uri"), p.get("state"), p.get("scope"), p.get("code_challenge"));
  }

  /**
   * Issues a code for {@code req} as {@code userId} and returns where the browser goes next. Rights VK has not granted
   * the app are left out: VK ignores {@code wall} for code-flow sign-ins (docs/platforms/vk.md [S14]); the sandbox
   * treats {@code video} alike.
   */
  private String grant(AuthRequest req, long userId) {
    String deviceId = VkTokens.random(24);
    Set<String> scopes = new LinkedHashSet<>(scopes(req.scope()));
    scopes.removeAll(rights.unapproved(req.clientId(), scopes));
    String code = codes.issue("vk2.c." + VkTokens.random(32), new Code(req.clientId(), req.redirectUri(), userId, deviceId,
        scopes, req.codeChallenge()));
    return OAuthParams.withQuery(req.redirectUri(), "code", code, "state", req.state(), "device_id", deviceId,
        "expires_in", Long.toString(codes.ttlSeconds()), "type", "code_v2");
  }

  // ---- token endpoint ----

  private boolean idFault(Fault f, Reply reply) {
    if (f.kind().equals("rate_limit")) {
      reply.json(429, new JsonObject().put("error", "too_many_requests").put("error_description", "Too many requests, slow down"));
      return true;
    }
    return false;
  }

  private JsonObject tokenBody(TokenBook.Grant<Long> a, TokenBook.Grant<Long> refresh, boolean isNew, MultiMap f) {
    return new JsonObject().put("refresh_token", refresh.token()).put("access_token", a.token())
        .put("id_token", "eyJhbGciOiJub25lIn0." + VkTokens.random(32) + ".")
        .put("token_type", "Bearer").put("expires_in", tokens.accessTtlSeconds).put("user_id", a.subject()).put("state", f.get("state"))
        .put("scope", String.join(" ", a.scopes()));
  }

  // ---- user_info ----

  private void userInfo(RoutingContext ctx, Reply reply) {
    if (!OAuthParams.isForm(ctx)) {
      reply.oauthError(400, "invalid_request", "parameters must be sent as application/x-www-form-urlencoded");
      return;
    }
    MultiMap f = ctx.request().formAttributes();
    String missing = missing(f, "client_id", "access_token");
    if (missing != null) {
      reply.oauthError(400, "invalid_request", missing + " is required");
      return;
    }
    TokenBook.Grant<Long> a = tokens.book.access(f.get("access_token")).orElse(null);
    if (a == null || !a.clientId().equals(f.get("client_id"))) {
      reply.oauthError(401, "invalid_token", "access token is invalid");
    } else if (a.expired() || reply.drawn("token_expired")) {
      reply.oauthError(401, "invalid_token", "access token is expired");
    } else {
      VkUsers.User u = users.user(a.subject()).orElse(VkUsers.DEFAULT_USER);
      reply.json(200, new JsonObject().put("user", new JsonObject().put("user_id", Long.toString(u.id()))
          .put("first_name", u.firstName()).put("last_name", u.lastName()).put("avatar", u.avatar())
          .put("sex", 0).put("verified", false)));
    }
  }

  // ---- helpers ----

  static Set<String> scopes(String scope) {
    return OAuthParams.scopes(scope, "\\s+");
  }
}
