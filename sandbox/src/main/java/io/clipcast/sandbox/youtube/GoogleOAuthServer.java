package io.clipcast.sandbox.youtube;

import io.clipcast.sandbox.kit.SandboxKit;
import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Google OAuth 2.0, web-server flow (platforms/youtube.md "Auth"): {@code GET /youtube/oauth/o/oauth2/v2/auth} shows a
 * consent page (Allow posts to {@code /youtube/oauth/o/oauth2/v2/approve}) or, with auto-approve, redirects at once to
 * {@code redirect_uri?state&code&scope}; {@code POST /youtube/token/token} trades a code (single use, 10 min, bound to
 * client, redirect URI and the optional PKCE challenge) or a refresh token for tokens ({@code access_type=offline} is
 * what earns a refresh token; refreshing returns no new one); {@code POST /youtube/token/revoke}. The client must be
 * registered ({@link GoogleClients}) with that exact redirect URI and authenticate with its secret.
 *
 * <p>Control: {@code POST /youtube/_sandbox/oauth {"autoApprove", "channel":{"id","title","thumbnail"},
 * "accessTokenTtlSeconds", "refreshTokenTtlSeconds"}} (the latter 0 = until revoked; 604800 acts out a "Testing" app), {@code POST /youtube/_sandbox/clients}, and {@code POST /youtube/_sandbox/tokens
 * {"channel":{…},"clientId","scope"}} → a token response issued without the browser round trip. Fault operation:
 * {@code oauth.token} ({@code token_expired} answers a refresh with {@code invalid_grant}).
 */
final class GoogleOAuthServer {
  static final String SCOPE_PREFIX = "https://www.googleapis.com/auth/";
  private static final Set<String> KNOWN_SCOPES = Set.of(SCOPE_PREFIX + "youtube.upload", SCOPE_PREFIX + "youtube.readonly",
      SCOPE_PREFIX + "youtube", SCOPE_PREFIX + "youtube.force-ssl", SCOPE_PREFIX + "yt-analytics.readonly", "openid", "email", "profile");
  private static final Pattern CHALLENGE = Pattern.compile("[A-Za-z0-9._~-]{43,128}");
  private static final long CODE_TTL_SECONDS = 600;

  record AuthRequest(String clientId, String redirectUri, String state, Set<String> scopes, boolean offline, String challenge,
                     String challengeMethod) {}

  private record Code(AuthRequest request, String channelId, Instant expiresAt) {}

  private final SandboxKit kit;
  private final GoogleClients clients;
  private final GoogleTokens tokens;
  private final YouTubeChannels channels;
  private final Map<String, Code> codes = new ConcurrentHashMap<>();
  private volatile boolean autoApprove;
  private volatile String autoChannelId = YouTubeChannels.DEFAULT.id();

  GoogleOAuthServer(SandboxKit kit, GoogleClients clients, GoogleTokens tokens, YouTubeChannels channels) {
    this.kit = kit;
    this.clients = clients;
    this.tokens = tokens;
    this.channels = channels;
  }

  void mount(Router router) {
    BodyHandler form = BodyHandler.create().setBodyLimit(16 * 1024).setHandleFileUploads(false);
    BodyHandler json = BodyHandler.create().setBodyLimit(64 * 1024);
    router.get("/youtube/oauth/o/oauth2/v2/auth").handler(this::authorize);
    router.post("/youtube/oauth/o/oauth2/v2/approve").handler(form).handler(this::approve);
    router.post("/youtube/token/token").handler(form).handler(ctx -> YouTubeFaults.run(kit, ctx, "oauth.token", a -> token(ctx, a)));
    router.post("/youtube/token/revoke").handler(form).handler(this::revoke);
    router.post("/youtube/_sandbox/oauth").handler(json).handler(this::configure);
    router.post("/youtube/_sandbox/clients").handler(json).handler(ctx -> {
      JsonObject b = jsonBody(ctx);
      if (b == null || blank(b.getString("clientId")) || blank(b.getString("clientSecret"))) {
        ctx.response().setStatusCode(400);
        ctx.json(new JsonObject().put("error", "need {\"clientId\", \"clientSecret\", \"redirectUris\": [...]}"));
        return;
      }
      GoogleClients.Client c = clients.put(GoogleClients.parse(b));
      ctx.response().setStatusCode(201);
      ctx.json(new JsonObject().put("clientId", c.clientId()).put("redirectUris", c.redirectUris()));
    });
    router.post("/youtube/_sandbox/tokens").handler(json).handler(this::seedTokens);
  }

  private void configure(RoutingContext ctx) {
    JsonObject b = jsonBody(ctx);
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
    JsonObject b = jsonBody(ctx);
    if (b == null) b = new JsonObject();
    YouTubeChannels.Channel ch = b.getJsonObject("channel") == null ? YouTubeChannels.DEFAULT
        : channels.put(YouTubeChannels.parse(b.getJsonObject("channel")));
    Set<String> scopes = scopes(b.getString("scope", SCOPE_PREFIX + "youtube.upload " + SCOPE_PREFIX + "youtube.readonly"));
    String clientId = b.getString("clientId", GoogleClients.DEV_CLIENT_ID);
    GoogleTokens.Access a = tokens.issueAccess(ch.id(), clientId, scopes);
    GoogleTokens.Refresh r = tokens.issueRefresh(ch.id(), clientId, scopes);
    ctx.response().setStatusCode(201);
    ctx.json(tokenJson(a).put("refresh_token", r.token()).put("channel", ch.toJson()));
  }

  // ---- authorize (browser) ----

  private void authorize(RoutingContext ctx) {
    Answer answer = new Answer(ctx, null);
    MultiMap q = ctx.queryParams();
    String[] problem = problem(q);
    if (problem != null) {
      int status = problem[0].equals("invalid_client") ? 401 : 400;
      answer.html(status, GooglePages.error(status, problem[0], problem[1]));
      return;
    }
    AuthRequest req = request(q);
    if (autoApprove) {
      answer.redirect(grant(req, autoChannelId));
      return;
    }
    answer.html(200, GooglePages.consent(req, channels.get(autoChannelId).orElse(YouTubeChannels.DEFAULT)));
  }

  private void approve(RoutingContext ctx) {
    Answer answer = new Answer(ctx, null);
    MultiMap f = ctx.request().formAttributes();
    String[] problem = problem(f);
    if (problem != null) {
      answer.html(400, GooglePages.error(400, problem[0], problem[1]));
      return;
    }
    AuthRequest req = request(f);
    if (!"allow".equals(f.get("decision"))) {
      Map<String, String> params = new LinkedHashMap<>();
      params.put("error", "access_denied");
      if (req.state() != null) params.put("state", req.state());
      answer.redirect(withQuery(req.redirectUri(), params));
      return;
    }
    String channelId = f.get("channel_id");
    if (channelId == null || channels.get(channelId).isEmpty()) {
      answer.html(400, GooglePages.error(400, "invalid_request", "Choose the channel to sign in with."));
      return;
    }
    answer.redirect(grant(req, channelId));
  }

  /** {error, description} when the authorization request is invalid (Google shows an error page), else null. */
  private String[] problem(MultiMap p) {
    GoogleClients.Client client = clients.get(p.get("client_id"));
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
    if (challenge != null && !CHALLENGE.matcher(challenge).matches()) return new String[] {"invalid_request", "Invalid code_challenge."};
    if (method != null && challenge == null) return new String[] {"invalid_request", "Missing code_challenge."};
    if (method != null && !method.equals("S256") && !method.equals("plain")) {
      return new String[] {"invalid_request", "Invalid code_challenge_method: " + method};
    }
    return null;
  }

  private static AuthRequest request(MultiMap p) {
    String challenge = p.get("code_challenge");
    return new AuthRequest(p.get("client_id"), p.get("redirect_uri"), p.get("state"), scopes(p.get("scope")),
        "offline".equals(p.get("access_type")), challenge, challenge == null ? null : p.get("code_challenge_method") == null ? "plain"
        : p.get("code_challenge_method"));
  }

  private String grant(AuthRequest req, String channelId) {
    String code = "4/0A" + GoogleTokens.random(48);
    codes.put(code, new Code(req, channelId, Instant.now().plusSeconds(CODE_TTL_SECONDS)));
    Map<String, String> params = new LinkedHashMap<>();
    if (req.state() != null) params.put("state", req.state());
    params.put("code", code);
    params.put("scope", String.join(" ", req.scopes()));
    params.put("authuser", "0");
    params.put("prompt", "consent");
    return withQuery(req.redirectUri(), params);
  }

  // ---- token endpoint ----

  private void token(RoutingContext ctx, Answer answer) {
    String type = ctx.request().getHeader("Content-Type");
    if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded")) {
      answer.oauthError(400, "invalid_request", "Invalid Content-Type: parameters must be application/x-www-form-urlencoded.");
      return;
    }
    MultiMap f = ctx.request().formAttributes();
    String grantType = f.get("grant_type");
    if (blank(grantType)) {
      answer.oauthError(400, "unsupported_grant_type", "Invalid grant_type: ");
      return;
    }
    if (blank(f.get("client_id"))) {
      answer.oauthError(400, "invalid_request", "Could not determine client ID from request.");
      return;
    }
    if (blank(f.get("client_secret"))) {
      answer.oauthError(400, "invalid_request", "client_secret is missing.");
      return;
    }
    GoogleClients.Client client = clients.authenticate(f.get("client_id"), f.get("client_secret"));
    if (client == null) {
      answer.oauthError(401, "invalid_client", "Unauthorized");
      return;
    }
    switch (grantType) {
      case "authorization_code" -> exchange(f, client, answer);
      case "refresh_token" -> refresh(f, client, answer);
      default -> answer.oauthError(400, "unsupported_grant_type", "Invalid grant_type: " + grantType);
    }
  }

  private void exchange(MultiMap f, GoogleClients.Client client, Answer answer) {
    if (blank(f.get("code"))) {
      answer.oauthError(400, "invalid_request", "Missing required parameter: code");
      return;
    }
    if (blank(f.get("redirect_uri"))) {
      answer.oauthError(400, "invalid_request", "Missing parameter: redirect_uri");
      return;
    }
    Code code = codes.remove(f.get("code"));   // single use: whatever happens next, this code is spent
    if (code == null || Instant.now().isAfter(code.expiresAt())) {
      answer.oauthError(400, "invalid_grant", code == null ? "Malformed auth code." : "Bad Request");
    } else if (!code.request().clientId().equals(client.clientId())) {
      answer.oauthError(400, "invalid_grant", "Bad Request");
    } else if (!code.request().redirectUri().equals(f.get("redirect_uri"))) {
      answer.oauthError(400, "redirect_uri_mismatch", "Bad Request");
    } else if (code.request().challenge() != null && blank(f.get("code_verifier"))) {
      answer.oauthError(400, "invalid_grant", "Missing code verifier.");
    } else if (code.request().challenge() != null && !verifies(code.request(), f.get("code_verifier"))) {
      answer.oauthError(400, "invalid_grant", "Invalid code verifier.");
    } else {
      AuthRequest r = code.request();
      GoogleTokens.Access a = tokens.issueAccess(code.channelId(), client.clientId(), r.scopes());
      JsonObject body = tokenJson(a);
      if (r.offline()) body.put("refresh_token", tokens.issueRefresh(code.channelId(), client.clientId(), r.scopes()).token());
      answer.json(200, body);
    }
  }

  private void refresh(MultiMap f, GoogleClients.Client client, Answer answer) {
    if (blank(f.get("refresh_token"))) {
      answer.oauthError(400, "invalid_request", "Missing required parameter: refresh_token");
      return;
    }
    GoogleTokens.Refresh r = tokens.refresh(f.get("refresh_token")).orElse(null);
    if (r == null || r.expired() || answer.drawn("token_expired")) {
      answer.oauthError(400, "invalid_grant", "Token has been expired or revoked.");
    } else if (!r.clientId().equals(client.clientId())) {
      answer.oauthError(400, "unauthorized_client", "Unauthorized");
    } else {
      answer.json(200, tokenJson(tokens.issueAccess(r.channelId(), r.clientId(), r.scopes())));
    }
  }

  private void revoke(RoutingContext ctx) {
    Answer answer = new Answer(ctx, null);
    String token = ctx.request().getParam("token");
    if (blank(token)) {
      answer.oauthError(400, "invalid_request", "Missing required parameter: token");
    } else if (!tokens.revoke(token)) {
      answer.oauthError(400, "invalid_token", "Token expired or revoked");
    } else {
      answer.json(200, new JsonObject());
    }
  }

  private JsonObject tokenJson(GoogleTokens.Access a) {
    return new JsonObject().put("access_token", a.token()).put("expires_in", tokens.accessTtlSeconds)
        .put("scope", String.join(" ", a.scopes())).put("token_type", "Bearer");
  }

  // ---- helpers ----

  private static boolean verifies(AuthRequest r, String verifier) {
    if (!CHALLENGE.matcher(verifier).matches()) return false;
    return r.challengeMethod().equals("plain") ? verifier.equals(r.challenge()) : s256(verifier).equals(r.challenge());
  }

  static String s256(String verifier) {
    try {
      byte[] hash = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(hash);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static Set<String> scopes(String scope) {
    return new LinkedHashSet<>(Arrays.asList(scope.trim().split("\\s+")));
  }

  private static JsonObject jsonBody(RoutingContext ctx) {
    try {
      return ctx.body().length() == 0 ? new JsonObject() : ctx.body().asJsonObject();
    } catch (RuntimeException e) {
      return null;
    }
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }

  private static String withQuery(String base, Map<String, String> params) {
    StringBuilder b = new StringBuilder(base).append(base.contains("?") ? '&' : '?');
    params.forEach((k, v) -> b.append(k).append('=').append(URLEncoder.encode(v, StandardCharsets.UTF_8)).append('&'));
    return b.substring(0, b.length() - 1);
  }
}
