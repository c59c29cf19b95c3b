package io.clipcast.sandbox.youtube;

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

import java.util.Arrays;
import java.util.List;
import java.util.Set;

import static io.clipcast.sandbox.kit.oauth.OAuthParams.blank;

/** Google OAuth 2.0, web-server flow, for YouTube; its routes and control routes: docs/sandbox.md. */
final class GoogleOAuthServer extends ConsentFlow<GoogleOAuthServer.AuthRequest> {
  static final String SCOPE_PREFIX = "https://www.googleapis.com/auth/";
  private static final Set<String> KNOWN_SCOPES = Set.of(SCOPE_PREFIX + "youtube.upload", SCOPE_PREFIX + "youtube.readonly",
      SCOPE_PREFIX + "youtube", SCOPE_PREFIX + "youtube.force-ssl", SCOPE_PREFIX + "yt-analytics.readonly", "openid", "email", "profile");

  private static final TokenRefusals REFUSALS = new TokenRefusals()
      .on(TokenProblem.NOT_FORM, 400, "invalid_request", "Invalid Content-Type: parameters must be application/x-www-form-urlencoded.")
      .on(TokenProblem.NO_GRANT_TYPE, 400, "unsupported_grant_type", "Invalid grant_type: ")
      .on(TokenProblem.UNSUPPORTED_GRANT, 400, "unsupported_grant_type", "Invalid grant_type: {}")
      .on(TokenProblem.MISSING, 400, "invalid_request", "Missing required parameter: {}")
      .missing("client_id", 400, "invalid_request", "Could not determine client ID from request.")
      .missing("client_secret", 400, "invalid_request", "client_secret is missing.")
      .missing("redirect_uri", 400, "invalid_request", "Missing parameter: redirect_uri")
      .on(TokenProblem.UNKNOWN_CLIENT, 401, "invalid_client", "Unauthorized")
      .same(TokenProblem.UNKNOWN_CLIENT, TokenProblem.WRONG_SECRET)
      .on(TokenProblem.CODE_UNKNOWN, 400, "invalid_grant", "Malformed auth code.")
      .on(TokenProblem.CODE_EXPIRED, 400, "invalid_grant", "Bad Request")
      .same(TokenProblem.CODE_EXPIRED, TokenProblem.CODE_OTHER_CLIENT)
      .on(TokenProblem.CODE_OTHER_REDIRECT, 400, "redirect_uri_mismatch", "Bad Request")
      .on(TokenProblem.VERIFIER_MISSING, 400, "invalid_grant", "Missing code verifier.")
      .on(TokenProblem.VERIFIER_WRONG, 400, "invalid_grant", "Invalid code verifier.")
      .on(TokenProblem.REFRESH_UNKNOWN, 400, "invalid_grant", "Token has been expired or revoked.")
      .same(TokenProblem.REFRESH_UNKNOWN, TokenProblem.REFRESH_EXPIRED, TokenProblem.REFRESH_EXPIRED_FAULT)
      .on(TokenProblem.REFRESH_OTHER_CLIENT, 400, "unauthorized_client", "Unauthorized");

  record AuthRequest(String clientId, String redirectUri, String state, Set<String> scopes, boolean offline, String challenge,
                     String challengeMethod) {}

  private record Code(String clientId, String redirectUri, String subject, Set<String> scopes, String challenge, String challengeMethod,
                      boolean offline) implements BoundCode<String> {}

  /** Google's token endpoint: {@code access_type=offline} earns a refresh token; refreshing returns none (no rotation). */
  private final TokenEndpoint<Answer, String, Code> tokenEndpoint;

  private final SandboxKit kit;
  static final String DEV_CLIENT_ID = "100000000001-clipcastsandbox.apps.googleusercontent.com";

  private final OAuthClients clients = new OAuthClients();
  private final GoogleTokens tokens;
  private final YouTubeChannels channels;
  private final AuditedProjects projects;
  private final AuthCodes<Code> codes = new AuthCodes<>(600);
  private volatile String autoChannelId = YouTubeChannels.DEFAULT.id();

  GoogleOAuthServer(SandboxKit kit, GoogleTokens tokens, YouTubeChannels channels, AuditedProjects projects) {
    this.kit = kit;
    clients.put(new OAuthClients.Client(DEV_CLIENT_ID, "GOCSPX-clipcast-sandbox-secret", List.of("http://127.0.0.1:8080/oauth/callback"),
        Set.of()));
    this.tokens = tokens;
    this.channels = channels;
    this.projects = projects;
    tokenEndpoint = new TokenEndpoint<>(REFUSALS, codes,
        Step.FORM, Step.GRANT_PRESENT, Step.CLIENT_PRESENT, Step.CLIENT_AUTH, Step.GRANT_SUPPORTED, Step.REQUIRED);
    tokenEndpoint.secrets = id -> clients.get(id).map(OAuthClients.Client::clientSecret).orElse(null);
    tokenEndpoint.require("authorization_code", "code", "redirect_uri");
    tokenEndpoint.tokens(tokens.book, false, (access, refresh, isNew, f) -> {
      JsonObject body = tokenJson(access);
      return isNew && refresh != null ? body.put("refresh_token", refresh.token()) : body;
    });
    tokenEndpoint.refreshWithCode = Code::offline;
  }

  void mount(Router router) {
    BodyHandler form = BodyHandler.create().setBodyLimit(16 * 1024).setHandleFileUploads(false);
    BodyHandler json = BodyHandler.create().setBodyLimit(64 * 1024);
    router.get("/youtube/oauth/o/oauth2/v2/auth").handler(this::authorize);
    // the older path, still Google's AUTHORIZATION_SERVER_URL in its Java client (docs/platforms/youtube.md)
    router.get("/youtube/oauth/o/oauth2/auth").handler(this::authorize);
    router.post("/youtube/oauth/o/oauth2/v2/approve").handler(form).handler(this::approve);
    router.post("/youtube/token/token").handler(form).handler(ctx -> YouTubeFaults.run(kit, ctx, "oauth.token", a -> tokenEndpoint.handle(ctx, a)));
    router.post("/youtube/token/revoke").handler(form).handler(this::revoke);
    router.post("/youtube/_sandbox/oauth").handler(json).handler(this::configure);
    router.post("/youtube/_sandbox/clients").handler(json).handler(ctx -> {
      JsonObject b = OAuthParams.jsonBody(ctx);
      if (b == null || blank(b.getString("clientId")) || blank(b.getString("clientSecret"))) {
        Control.error(ctx, "need {\"clientId\", \"clientSecret\", \"redirectUris\": [...]}");
        return;
      }
      List<String> uris = b.getJsonArray("redirectUris", new JsonArray()).stream().map(Object::toString).toList();
      OAuthClients.Client c = clients.put(new OAuthClients.Client(b.getString("clientId"), b.getString("clientSecret"), uris, Set.of()));
      if (b.containsKey("audited")) projects.set(c.clientId(), Boolean.TRUE.equals(b.getBoolean("audited")));
      ctx.response().setStatusCode(201);
      ctx.json(new JsonObject().put("clientId", c.clientId()).put("redirectUris", c.redirectUris()).put("audited", projects.audited(c.clientId())));
    });
    router.get("/youtube/_sandbox/projects").handler(ctx -> ctx.json(projects.toJson()));
    router.post("/youtube/_sandbox/projects").handler(json).handler(ctx -> {
      JsonObject b = OAuthParams.jsonBody(ctx);
      if (b == null || blank(b.getString("clientId")) || !(b.getValue("audited") instanceof Boolean audited)) {
        Control.error(ctx, "need {\"clientId\", \"audited\": true|false}");
        return;
      }
      projects.set(b.getString("clientId"), audited);
      ctx.json(new JsonObject().put("clientId", b.getString("clientId")).put("audited", audited));
    });
    router.post("/youtube/_sandbox/tokens").handler(json).handler(this::seedTokens);
  }

  private void configure(RoutingContext ctx) {
    JsonObject b = OAuthParams.jsonBody(ctx);
    if (b == null) b = new JsonObject();
    if (b.containsKey("autoApprove")) autoApprove = b.getBoolean("autoApprove");
    if (b.getJsonObject("channel") != null) autoChannelId = channels.put(YouTubeChannels.parse(b.getJsonObject("channel"))).id();
    else if (b.containsKey("autoApprove")) autoChannelId = YouTubeChannels.DEFAULT.id();
    if (b.getLong("accessTokenTtlSeconds") != null) tokens.accessTtlSeconds = b.getLong("accessTokenTtlSeconds");
    if (b.getLong("refreshTokenTtlSeconds") != null) tokens.refreshTtlSeconds = b.getLong("refreshTokenTtlSeconds");
    ctx.json(new JsonObject().put("autoApprove", autoApprove).put("channelId", autoChannelId)
        .put("accessTokenTtlSeconds", tokens.accessTtlSeconds).put("refreshTokenTtlSeconds", tokens.refreshTtlSeconds));
  }

  private void seedTokens(RoutingContext ctx) {
    JsonObject b = OAuthParams.jsonBody(ctx);
    if (b == null) b = new JsonObject();
    YouTubeChannels.Channel ch = b.getJsonObject("channel") == null ? YouTubeChannels.DEFAULT
        : channels.put(YouTubeChannels.parse(b.getJsonObject("channel")));
    Set<String> scopes = scopes(b.getString("scope", SCOPE_PREFIX + "youtube.upload " + SCOPE_PREFIX + "youtube.readonly"));
    String clientId = b.getString("clientId", DEV_CLIENT_ID);
    TokenBook.Grant<String> a = tokens.book.issueAccess(ch.id(), clientId, scopes);
    TokenBook.Grant<String> r = tokens.book.issueRefresh(ch.id(), clientId, scopes);
    ctx.response().setStatusCode(201);
    ctx.json(tokenJson(a).put("refresh_token", r.token()).put("channel", ch.toJson()));
  }

  // ---- authorize (browser) ----

  @Override
  public Page problem(MultiMap p) {
    String[] problem = problemOf(p);
    if (problem == null) return null;
    int status = problem[0].equals("invalid_client") ? 401 : 400;
    return new Page(status, GooglePages.error(status, problem[0], problem[1]));
  }

  @Override
  public String autoGrant(AuthRequest req) {
    return grant(req, autoChannelId);
  }

  @Override
  public Page consent(AuthRequest req, MultiMap params) {
    return new Page(200, GooglePages.consent(req, channels.get(autoChannelId).orElse(YouTubeChannels.DEFAULT)));
  }

  @Override
  public boolean declined(MultiMap form) {
    return !"allow".equals(form.get("decision"));
  }

  @Override
  public String refusal(AuthRequest req) {
    return OAuthParams.withQuery(req.redirectUri(), "error", "access_denied", "state", req.state());
  }

  @Override
  public Outcome approved(AuthRequest req, MultiMap f) {
    String channelId = f.get("channel_id");
    if (channelId == null || channels.get(channelId).isEmpty()) {
      return Outcome.page(400, GooglePages.error(400, "invalid_request", "Choose the channel to sign in with."));
    }
    return Outcome.redirect(grant(req, channelId));
  }

  /** {error, description} when the authorization request is invalid (Google shows an error page), else null. */
  private String[] problemOf(MultiMap p) {
    OAuthClients.Client client = clients.get(p.get("client_id")).orElse(null);
    if (client == null) return new String[] {"invalid_client", "The OAuth client was not found."};
    String redirect = p.get("redirect_uri");
    if (blank(redirect)) return new String[] {"invalid_request", "Missing required parameter: redirect_uri"};
    if (!client.redirectUris().contains(redirect)) {
      return new String[] {"redirect_uri_mismatch", "You can't sign in to this app because it doesn't comply with Google's OAuth 2.0 "
          + "policy. redirect_uri=" + redirect + " is not registered for this client."};
    }
    if (blank(p.get("response_type"))) return new String[] {"invalid_request", "Required parameter is missing: response_type"};
    if (!"code".equals(p.get("response_type"))) return new String[] {"unsupported_response_type", "Invalid response_type: " + p.get("response_type")};
    if (blank(p.get("scope"))) return new String[] {"invalid_request", "Missing required parameter: scope"};
    for (String s : scopes(p.get("scope"))) {
      if (!KNOWN_SCOPES.contains(s)) return new String[] {"invalid_scope", "Some requested scopes were invalid. {invalid=[" + s + "]}"};
    }
    String access = p.get("access_type");
    if (access != null && !access.equals("online") && !access.equals("offline")) {
      return new String[] {"invalid_request", "Invalid access_type: " + access};
    }
    String prompt = p.get("prompt");
    if (prompt != null && !Arrays.stream(prompt.split(" ")).allMatch(x -> Set.of("none", "consent", "select_account").contains(x))) {
      return new String[] {"invalid_request", "Invalid prompt: " + prompt};
    }
    String challenge = p.get("code_challenge");
    String method = p.get("code_challenge_method");
    if (challenge != null && !Pkce.VERIFIER.matcher(challenge).matches()) return new String[] {"invalid_request", "Invalid code_challenge."};
    if (method != null && challenge == null) return new String[] {"invalid_request", "Missing code_challenge."};
    if (method != null && !method.equals("S256") && !method.equals("plain")) {
      return new String[] {"invalid_request", "Invalid code_challenge_method: " + method};
    }
    return null;
  }

  @Override
  public AuthRequest request(MultiMap p) {
    String challenge = p.get("code_challenge");
    return new AuthRequest(p.get("client_id"), p.get("redirect_uri"), p.get("state"), scopes(p.get("scope")),
        "offline".equals(p.get("access_type")), challenge, challenge == null ? null : p.get("code_challenge_method") == null ? "plain"
        : p.get("code_challenge_method"));
  }

  private String grant(AuthRequest req, String channelId) {
    String code = codes.issue("4/0A" + OAuthParams.random(48), new Code(req.clientId(), req.redirectUri(), channelId, req.scopes(), req.challenge(),
        req.challengeMethod(), req.offline()));
    return OAuthParams.withQuery(req.redirectUri(), "state", req.state(), "code", code, "scope", String.join(" ", req.scopes()),
        "authuser", "0", "prompt", "consent");
  }

  private void revoke(RoutingContext ctx) {
    Answer answer = new Answer(ctx, null);
    String token = ctx.request().getParam("token");
    if (blank(token)) {
      answer.oauthError(400, "invalid_request", "Missing required parameter: token");
    } else if (!tokens.book.revoke(token)) {
      answer.oauthError(400, "invalid_token", "Token expired or revoked");
    } else {
      answer.json(200, new JsonObject());
    }
  }

  private JsonObject tokenJson(TokenBook.Grant<String> a) {
    return new JsonObject().put("access_token", a.token()).put("expires_in", tokens.accessTtlSeconds)
        .put("scope", String.join(" ", a.scopes())).put("token_type", "Bearer");
  }

  static Set<String> scopes(String scope) {
    return OAuthParams.scopes(scope, "\\s+");
  }
}
