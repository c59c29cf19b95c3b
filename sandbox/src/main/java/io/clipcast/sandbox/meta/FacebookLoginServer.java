package io.clipcast.sandbox.meta;

import io.clipcast.sandbox.kit.SandboxKit;
import io.clipcast.sandbox.kit.oauth.AuthCodes;
import io.clipcast.sandbox.kit.oauth.BoundCode;
import io.clipcast.sandbox.kit.oauth.TokenEndpoint;
import io.clipcast.sandbox.kit.oauth.TokenEndpoint.Step;
import io.clipcast.sandbox.kit.oauth.TokenProblem;
import io.clipcast.sandbox.kit.oauth.ConsentFlow;
import io.clipcast.sandbox.kit.oauth.OAuthParams;
import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import static io.clipcast.sandbox.kit.oauth.OAuthParams.esc;

/** Facebook Login for one simulator, under {@code /<id>}; its routes and control routes: docs/sandbox.md. */
public final class FacebookLoginServer extends ConsentFlow.OnParams {
  public static final Set<String> KNOWN_SCOPES = Set.of("public_profile", "email", "pages_show_list", "pages_read_engagement",
      "pages_manage_posts", "pages_read_user_content", "business_management", "instagram_basic", "instagram_content_publish",
      "instagram_manage_insights", "instagram_manage_comments", "read_insights", "publish_video", "ads_management", "ads_read");

  private record Code(String clientId, String redirectUri, String subject, Set<String> pages, Set<String> scopes) implements BoundCode<String> {}

  /** Graph's refusals of the token endpoint: {@code OAuthException}s with Facebook's codes and subcodes. */
  private static final Map<TokenProblem, GraphError> REFUSALS = Map.of(
      TokenProblem.UNKNOWN_CLIENT, new GraphError(400, "OAuthException", 101, null, "Error validating application. Invalid application ID.", false),
      TokenProblem.WRONG_SECRET, new GraphError(400, "OAuthException", 1, null, "Error validating client secret.", false),
      TokenProblem.CODE_UNKNOWN, new GraphError(400, "OAuthException", 100, 36009, "This authorization code has been used.", false),
      TokenProblem.CODE_EXPIRED, new GraphError(400, "OAuthException", 100, 36007, "This authorization code has expired.", false),
      TokenProblem.CODE_OTHER_CLIENT, new GraphError(400, "OAuthException", 100, null, "The code was issued to another app.", false),
      TokenProblem.CODE_OTHER_REDIRECT, new GraphError(400, "OAuthException", 100, 36008, "Error validating verification code. Please make "
          + "sure your redirect_uri is identical to the one you used in the OAuth dialog request", false));

  /** Parameters from the query string, the code exchange when no grant_type is given, and the long-lived token exchange. */
  private final TokenEndpoint<GraphReply, String, Code> tokenEndpoint;

  private final SandboxKit kit;
  private final String platform;
  private final MetaDirectory directory;
  private final MetaTokens tokens;
  private final MetaSettings settings;
  private final Map<String, String> apps = new ConcurrentHashMap<>();
  private final AuthCodes<Code> codes = new AuthCodes<>(600);
  private volatile String autoUserId = MetaDirectory.DEFAULT_USER.id();
  private volatile List<String> grantPages;   // null = all the user's Pages
  private volatile boolean pageTokens = true;   // false: /me/accounts gives no access_token (docs/platforms/instagram.md)

  public FacebookLoginServer(SandboxKit kit, String platform, MetaDirectory directory, MetaTokens tokens, MetaSettings settings,
                             String appId, String appSecret) {
    this.kit = kit;
    this.platform = platform;
    this.directory = directory;
    this.tokens = tokens;
    this.settings = settings;
    apps.put(appId, appSecret);
    tokenEndpoint = new TokenEndpoint<>((reply, problem, detail) -> {
      throw switch (problem) {
        case MISSING -> GraphError.param("The parameter " + detail + " is required");
        case UNSUPPORTED_GRANT -> GraphError.param("Unsupported grant_type " + detail);
        default -> REFUSALS.get(problem);
      };
    }, codes, Step.CLIENT_PRESENT, Step.CLIENT_AUTH, Step.GRANT_SUPPORTED, Step.REQUIRED);
    tokenEndpoint.defaultGrant = "authorization_code";
    tokenEndpoint.grants("authorization_code");
    tokenEndpoint.require("authorization_code", "redirect_uri", "code");
    tokenEndpoint.grant("fb_exchange_token", this::exchangeForLongLived, "fb_exchange_token");
    tokenEndpoint.secrets = apps::get;
    tokenEndpoint.codeAnswer = code -> userToken(MetaTokens.Kind.USER_SHORT, code.clientId(), code.subject(), code.pages(), code.scopes(),
        settings.shortTokenTtlSeconds);
  }

  public void mount(Router router) {
    String p = "/" + platform;
    BodyHandler form = BodyHandler.create().setBodyLimit(16 * 1024).setHandleFileUploads(false);
    BodyHandler json = BodyHandler.create().setBodyLimit(64 * 1024);
    // the dialog with a version, as Meta's pages show it, and without one, as Meta's Java client restfb builds it
    // (docs/platforms/facebook.md, "The sandbox and Meta's own client")
    for (String dialog : new String[] {p + "/oauth/:version/dialog/oauth", p + "/oauth/dialog/oauth"}) {
      router.get(dialog).handler(this::authorize);
      router.post(dialog + "/approve").handler(form).handler(this::approve);
    }
    router.get(p + "/api/:version/oauth/access_token").handler(ctx -> GraphCall.run(kit, platform, ctx, "oauth.access_token",
        (q, r) -> tokenEndpoint.handle(ctx, r, q)));
    router.get(p + "/api/:version/me").handler(ctx -> GraphCall.run(kit, platform, ctx, "me", (q, r) -> me(ctx, q, r)));
    router.get(p + "/api/:version/me/accounts").handler(ctx -> GraphCall.run(kit, platform, ctx, "me.accounts", (q, r) -> accounts(ctx, q, r)));
    router.get(p + "/api/:version/me/permissions").handler(ctx -> GraphCall.run(kit, platform, ctx, "me.permissions",
        (q, r) -> permissions(ctx, q, r)));
    router.post(p + "/_sandbox/oauth").handler(json).handler(this::configure);
    router.post(p + "/_sandbox/users").handler(json).handler(this::seed);
    router.post(p + "/_sandbox/apps").handler(json).handler(ctx -> {
      JsonObject b = body(ctx);
      if (b.getString("clientId") == null || !b.getString("clientId").matches("\\d{6,20}") || b.getString("clientSecret") == null) {
        ctx.response().setStatusCode(400).end("need {clientId: numeric app id, clientSecret}");
        return;
      }
      apps.put(b.getString("clientId"), b.getString("clientSecret"));
      ctx.json(new JsonObject().put("clientId", b.getString("clientId")));
    });
    router.post(p + "/_sandbox/tokens").handler(json).handler(this::mintTokens);
  }

  // ---- control ----

  private void configure(RoutingContext ctx) {
    JsonObject b = body(ctx);
    if (b.containsKey("autoApprove")) autoApprove = b.getBoolean("autoApprove");
    if (b.getString("userId") != null) autoUserId = b.getString("userId");
    if (b.containsKey("grantPages")) {
      JsonArray g = b.getJsonArray("grantPages");
      grantPages = g == null ? null : g.stream().map(String::valueOf).toList();
    }
    if (b.getBoolean("pageTokens") != null) pageTokens = b.getBoolean("pageTokens");
    ctx.json(new JsonObject().put("autoApprove", autoApprove).put("userId", autoUserId)
        .put("grantPages", grantPages == null ? null : new JsonArray(grantPages)).put("pageTokens", pageTokens));
  }

  private void seed(RoutingContext ctx) {
    try {
      MetaDirectory.User u = directory.put(MetaDirectory.parse(body(ctx)));
      ctx.response().setStatusCode(201).putHeader("Content-Type", "application/json").end(new JsonObject().put("id", u.id()).encode());
    } catch (IllegalArgumentException e) {
      ctx.response().setStatusCode(400).end(e.getMessage());
    }
  }

  private void mintTokens(RoutingContext ctx) {
    JsonObject b = body(ctx);
    MetaDirectory.User u = directory.user(b.getString("userId", "")).orElse(null);
    if (u == null || !apps.containsKey(b.getString("clientId", ""))) {
      ctx.response().setStatusCode(400).end("need {userId of a seeded user, clientId of a registered app}");
      return;
    }
    Set<String> pages = u.pages().stream().map(MetaDirectory.Page::id).collect(Collectors.toSet());
    MetaTokens.Token t = tokens.issueUser(MetaTokens.Kind.USER_LONG, b.getString("clientId"), u.id(), pages, KNOWN_SCOPES,
        settings.longTokenTtlSeconds);
    JsonObject pageTokens = new JsonObject();
    u.pages().forEach(pg -> pageTokens.put(pg.id(), tokens.pageToken(t, pg.id()).value()));
    ctx.json(new JsonObject().put("access_token", t.value()).put("expires_in", settings.longTokenTtlSeconds).put("pages", pageTokens));
  }

  // ---- the dialog (browser) ----

  @Override
  public Page problem(MultiMap p) {
    String problem = problemOf(p);
    return problem == null ? null : new Page(400, page("Error", "<p>" + esc(problem) + "</p>"));
  }

  @Override
  public String autoGrant(MultiMap q) {
    MetaDirectory.User u = directory.user(autoUserId).orElse(MetaDirectory.DEFAULT_USER);
    List<String> pages = grantPages != null ? grantPages : u.pages().stream().map(MetaDirectory.Page::id).toList();
    return grant(q, u.id(), pages);
  }

  /** Facebook's own dialog: pick the account and the Pages to grant. */
  @Override
  public Page consent(MultiMap q, MultiMap params) {
    StringBuilder b = new StringBuilder("<form method=\"post\" action=\"oauth/approve\">");
    q.forEach(e -> b.append(OAuthParams.hidden(e.getKey(), e.getValue())));
    for (MetaDirectory.User u : directory.all()) {
      b.append("<fieldset><legend><label><input type=\"radio\" name=\"user_id\" value=\"").append(u.id()).append("\"")
          .append(u.id().equals(autoUserId) ? " checked" : "").append("> Continue as ").append(esc(u.name())).append("</label></legend>");
      for (MetaDirectory.Page pg : u.pages()) {
        b.append("<label><input type=\"checkbox\" name=\"page_id\" value=\"").append(pg.id()).append("\" checked> ")
            .append(esc(pg.name())).append(pg.instagram() == null ? "" : " (Instagram @" + esc(pg.instagram().username()) + ")")
            .append("</label><br>");
      }
      b.append("</fieldset>");
    }
    b.append("<button name=\"decision\" value=\"approve\">Continue</button> <button name=\"decision\" value=\"deny\">Cancel</button></form>");
    return new Page(200, page("Log in with Facebook", "<p>The app asks for: " + esc(q.get("scope")) + "</p>" + b));
  }

  @Override
  public String refusal(MultiMap f) {
    return OAuthParams.withQuery(f.get("redirect_uri"), "error", "access_denied", "error_code", "200",
        "error_description", "Permissions error", "error_reason", "user_denied", "state", f.get("state") == null ? "" : f.get("state"));
  }

  @Override
  public Outcome approved(MultiMap f, MultiMap form) {
    MetaDirectory.User u = directory.user(f.get("user_id") == null ? "" : f.get("user_id")).orElse(null);
    if (u == null) return Outcome.page(400, page("Error", "<p>Choose the account to continue as.</p>"));
    List<String> pages = f.getAll("page_id");
    Set<String> own = u.pages().stream().map(MetaDirectory.Page::id).collect(Collectors.toSet());
    if (!own.containsAll(pages)) return Outcome.page(400, page("Error", "<p>You can only grant access to your own Pages.</p>"));
    return Outcome.redirect(grant(f, u.id(), pages));
  }

  private String problemOf(MultiMap p) {
    String appId = p.get("client_id");
    if (appId == null || !apps.containsKey(appId)) return "Invalid App ID: the client_id is not a registered app.";
    String redirect = p.get("redirect_uri");
    if (redirect == null || redirect.isBlank()) return "redirect_uri is required.";
    if (!OAuthParams.parses(redirect)) return "redirect_uri is not a valid URL.";
    if (!OAuthParams.httpUrl(redirect, false)) return "URL blocked: redirect_uri must be an absolute http(s) URL.";
    if (p.get("response_type") != null && !Set.of("code", "token", "code token").contains(p.get("response_type"))) {
      return "response_type must be code.";
    }
    String scope = p.get("scope");
    if (scope != null) {
      for (String s : scope.split("[,\\s]+")) {
        if (!s.isEmpty() && !KNOWN_SCOPES.contains(s)) return "Invalid Scopes: " + s + ".";
      }
    }
    return null;
  }

  private String grant(MultiMap p, String userId, List<String> pages) {
    String code = "AQ" + MetaTokens.random(48);
    Set<String> scopes = new LinkedHashSet<>(List.of("public_profile"));
    if (p.get("scope") != null) Arrays.stream(p.get("scope").split("[,\\s]+")).filter(s -> !s.isEmpty()).forEach(scopes::add);
    codes.issue(code, new Code(p.get("client_id"), p.get("redirect_uri"), userId, Set.copyOf(pages), scopes));
    return OAuthParams.withQuery(p.get("redirect_uri"), "code", code, "state", p.get("state")) + "#_=_";
  }

  // ---- token endpoint ----

  /** {@code fb_exchange_token}: a short-lived user token of this app for a long-lived one. */
  private void exchangeForLongLived(GraphReply reply, String appId, MultiMap q) {
    MetaTokens.Token shortToken = tokens.find(q.get("fb_exchange_token")).orElse(null);
    if (shortToken == null || !shortToken.user() || !shortToken.appId().equals(appId)) throw GraphError.badToken();
    if (shortToken.expired()) throw GraphError.expiredToken();
    reply.ok(userToken(MetaTokens.Kind.USER_LONG, appId, shortToken.userId(), shortToken.pages(), shortToken.scopes(),
        settings.longTokenTtlSeconds));
  }

  private JsonObject userToken(MetaTokens.Kind kind, String appId, String userId, Set<String> pages, Set<String> scopes, long ttl) {
    MetaTokens.Token t = tokens.issueUser(kind, appId, userId, pages, scopes, ttl);
    return new JsonObject().put("access_token", t.value()).put("token_type", "bearer").put("expires_in", ttl);
  }

  // ---- /me ----

  private MetaTokens.Token userToken(RoutingContext ctx, MultiMap q) {
    MetaTokens.Token t = tokens.require(GraphCall.token(ctx, q));
    if (!t.user()) throw GraphError.param("This endpoint requires a user access token; a Page token was given.");
    return t;
  }

  private void me(RoutingContext ctx, MultiMap q, GraphReply reply) {
    MetaTokens.Token t = userToken(ctx, q);
    MetaDirectory.User u = directory.user(t.userId()).orElseThrow(GraphError::badToken);
    JsonObject out = new JsonObject().put("id", u.id());
    if (GraphCall.fields(q, "id,name").contains("name")) out.put("name", u.name());
    reply.ok(out);
  }

  private void accounts(RoutingContext ctx, MultiMap q, GraphReply reply) {
    MetaTokens.Token t = userToken(ctx, q);
    if (!t.scopes().contains("pages_show_list")) throw GraphError.permission(200, "Missing permission pages_show_list");
    MetaDirectory.User u = directory.user(t.userId()).orElseThrow(GraphError::badToken);
    List<String> fields = GraphCall.fields(q, "id,name,access_token,category");
    JsonArray data = new JsonArray();
    for (MetaDirectory.Page pg : u.pages()) {
      if (!t.pages().contains(pg.id())) continue;
      JsonObject item = new JsonObject().put("id", pg.id());
      for (String f : fields) {
        if (f.equals("name")) item.put("name", pg.name());
        else if (f.equals("category")) item.put("category", pg.category());
        else if (f.equals("access_token") && pageTokens) item.put("access_token", tokens.pageToken(t, pg.id()).value());
        else if (f.equals("tasks")) item.put("tasks", new JsonArray().add("ANALYZE").add("ADVERTISE").add("MODERATE").add("CREATE_CONTENT").add("MANAGE"));
        else if (f.startsWith("instagram_business_account") && pg.instagram() != null && pg.instagram().professional()) {
          JsonObject ig = new JsonObject().put("id", pg.instagram().id());
          if (f.contains("username")) ig.put("username", pg.instagram().username());
          if (f.contains("name")) ig.put("name", pg.instagram().name());
          item.put("instagram_business_account", ig);
        }
      }
      data.add(item);
    }
    reply.ok(new JsonObject().put("data", data).put("paging", new JsonObject().put("cursors", new JsonObject()
        .put("before", "QVFIUm" + MetaTokens.random(6)).put("after", "QVFIUn" + MetaTokens.random(6)))));
  }

  private void permissions(RoutingContext ctx, MultiMap q, GraphReply reply) {
    MetaTokens.Token t = userToken(ctx, q);
    JsonArray data = new JsonArray();
    t.scopes().forEach(s -> data.add(new JsonObject().put("permission", s).put("status", "granted")));
    reply.ok(new JsonObject().put("data", data));
  }

  // ---- helpers ----

  private static JsonObject body(RoutingContext ctx) {
    JsonObject b = OAuthParams.jsonBody(ctx);
    return b == null ? new JsonObject() : b;
  }

  private static String page(String title, String body) {
    return "<!doctype html><html><head><title>" + esc(title) + "</title></head><body><h1>" + esc(title) + "</h1>" + body + "</body></html>";
  }
}
