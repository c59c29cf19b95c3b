package io.clipcast.platforms.linkedin;

import io.clipcast.platforms.ConnectedAccount;
import io.clipcast.platforms.ConnectorSettings;
import io.clipcast.platforms.OAuthCallback;
import io.clipcast.platforms.OAuthStart;
import io.clipcast.platforms.PlatformFailure;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * LinkedIn sign-in (linkedin.md "Auth"): the authorization URL, the code exchange and refresh at
 * {@code <oauth>/oauth/v2/accessToken} (form fields, the app's client id and secret), then the member from
 * {@code /v2/userinfo} ({@code sub} = person id) and, when the scopes allow, the Pages the member administers
 * ({@code organizationAcls}) — kept in the connection's metadata so a frontend can offer "post as" choices.
 * Refresh tokens exist only for apps LinkedIn approved for programmatic refresh; without one the member reconnects
 * when the 60-day access token ends.
 */
final class LinkedInOAuthClient {
  /** Pages looked up at connect; a member administering more is rare, and the id alone still works as an option. */
  private static final int MAX_PAGES = 50;

  private final WebClient web;
  private final ConnectorSettings settings;
  private final LinkedInRest rest;
  private final String oauthBase;
  private final String apiBase;
  private final List<String> scopes;
  private final long callMs;

  LinkedInOAuthClient(WebClient web, ConnectorSettings settings, LinkedInRest rest, List<String> scopes, long callMs) {
    this.web = web;
    this.settings = settings;
    this.rest = rest;
    this.oauthBase = settings.endpoint("oauth");
    this.apiBase = settings.endpoint("api");
    this.scopes = scopes;
    this.callMs = callMs;
  }

  String authorizationUrl(OAuthStart start) {
    return oauthBase + "/oauth/v2/authorization?response_type=code&client_id=" + enc(settings.clientId()) + "&redirect_uri="
        + enc(settings.redirectUri()) + "&state=" + enc(start.state()) + "&scope=" + enc(String.join(" ", scopes));
  }

  Future<ConnectedAccount> exchangeCode(OAuthCallback callback) {
    if (callback.code() == null || callback.code().isBlank()) {
      String error = callback.params() == null ? null : callback.params().getString("error_description");
      return Future.failedFuture(PlatformFailure.auth(null, "LinkedIn did not grant access" + (error == null ? "" : " (" + error + ")")
          + ". Start connecting LinkedIn again."));
    }
    MultiMap form = MultiMap.caseInsensitiveMultiMap().add("grant_type", "authorization_code").add("code", callback.code())
        .add("redirect_uri", settings.redirectUri()).add("client_id", settings.clientId()).add("client_secret", settings.clientSecret());
    return token(form, "sign-in").compose(tokens -> {
      String access = tokens.getString("access_token");
      List<String> granted = scopes(tokens.getString("scope", String.join(",", scopes)));
      return userInfo(access).compose(user -> organizations(access, granted).map(orgs -> account(tokens, granted, user, orgs)));
    });
  }

  Future<ConnectedAccount> refresh(ConnectedAccount current) {
    if (current.refreshToken() == null || current.refreshToken().isBlank()) {
      return Future.failedFuture(PlatformFailure.auth(null, "LinkedIn gives this app no refresh tokens, so the connection cannot renew "
          + "itself. Reconnect LinkedIn."));
    }
    MultiMap form = MultiMap.caseInsensitiveMultiMap().add("grant_type", "refresh_token").add("refresh_token", current.refreshToken())
        .add("client_id", settings.clientId()).add("client_secret", settings.clientSecret());
    return token(form, "token renewal").map(t -> {
      JsonObject metadata = current.metadata() == null ? new JsonObject() : current.metadata().copy();
      if (t.getLong("refresh_token_expires_in") != null) {
        metadata.put("refreshTokenExpiresAt", Instant.now().plusSeconds(t.getLong("refresh_token_expires_in")).toString());
      }
      // LinkedIn returns the same refresh token (its lifetime counts from the first consent); keep ours if none came
      return new ConnectedAccount(current.externalAccountId(), current.displayName(), current.avatarUrl(), t.getString("access_token"),
          t.getString("refresh_token", current.refreshToken()), expiresAt(t),
          t.getString("scope") == null ? current.scopes() : scopes(t.getString("scope")), metadata);
    });
  }

  private Future<JsonObject> userInfo(String accessToken) {
    return web.getAbs(apiBase + "/v2/userinfo").timeout(callMs).putHeader("Authorization", "Bearer " + accessToken).send()
        .recover(e -> Future.failedFuture(LinkedInErrors.unreachable("the profile lookup", e)))
        .compose(r -> r.statusCode() == 200 ? Future.succeededFuture(LinkedInRest.json(r))
            : Future.failedFuture(LinkedInErrors.of(r, "the profile lookup", ZoneOffset.UTC)))
        .compose(u -> u.getString("sub") == null
            ? Future.failedFuture(PlatformFailure.permanent(null, "LinkedIn did not say who signed in (no 'sub'); the app needs the openid scope."))
            : Future.succeededFuture(u));
  }

  /** The Pages the member administers (with their names, for a "post as" choice), when the connection may read them. */
  private Future<JsonArray> organizations(String accessToken, List<String> granted) {
    if (!granted.contains("rw_organization_admin")) return Future.succeededFuture(new JsonArray());
    return rest.get(accessToken, "/rest/organizationAcls?q=roleAssignee&role=ADMINISTRATOR&state=APPROVED", "the Page list", ZoneOffset.UTC)
        .compose(r -> {
          List<Future<JsonObject>> pages = new ArrayList<>();
          LinkedInRest.json(r).getJsonArray("elements", new JsonArray()).forEach(o -> {
            if (o instanceof JsonObject acl && acl.getString("organization") != null && pages.size() < MAX_PAGES) {
              String urn = acl.getString("organization");
              String id = urn.substring(urn.lastIndexOf(':') + 1);
              pages.add(pageName(accessToken, id).map(name -> new JsonObject().put("urn", urn).put("id", id).put("name", name)
                  .put("role", acl.getString("role"))));
            }
          });
          return Future.all(pages).map(all -> {
            JsonArray out = new JsonArray();
            pages.forEach(p -> out.add(p.result()));
            return out;
          });
        });
  }

  /** A Page's name; null when LinkedIn will not say (the id still lets the member post as it). */
  private Future<String> pageName(String accessToken, String id) {
    return rest.get(accessToken, "/rest/organizations/" + id, "the Page's name", ZoneOffset.UTC)
        .map(r -> LinkedInRest.json(r).getString("localizedName"))
        .otherwise((String) null);
  }

  private static ConnectedAccount account(JsonObject tokens, List<String> granted, JsonObject user, JsonArray organizations) {
    String sub = user.getString("sub");
    String name = user.getString("name");
    JsonObject metadata = new JsonObject().put("memberUrn", "urn:li:person:" + sub).put("organizations", organizations);
    if (tokens.getLong("refresh_token_expires_in") != null) {
      metadata.put("refreshTokenExpiresAt", Instant.now().plusSeconds(tokens.getLong("refresh_token_expires_in")).toString());
    }
    return new ConnectedAccount(sub, name == null || name.isBlank() ? "LinkedIn member " + sub : name, user.getString("picture"),
        tokens.getString("access_token"), tokens.getString("refresh_token"), expiresAt(tokens), granted, metadata);
  }

  private Future<JsonObject> token(MultiMap form, String what) {
    return web.postAbs(oauthBase + "/oauth/v2/accessToken").timeout(callMs).sendForm(form)
        .recover(e -> Future.failedFuture(LinkedInErrors.unreachable("the " + what, e)))
        .compose(r -> tokenAnswer(r, what));
  }

  /** The token endpoint answers errors RFC 6749-style: {@code {"error","error_description"}}. */
  private static Future<JsonObject> tokenAnswer(HttpResponse<Buffer> r, String what) {
    JsonObject body = LinkedInErrors.json(r);
    if (r.statusCode() == 200 && body != null && body.getString("access_token") != null) return Future.succeededFuture(body);
    String error = body == null ? null : body.getString("error");
    String description = body == null ? "" : body.getString("error_description", "");
    if (r.statusCode() == 429) {
      return Future.failedFuture(PlatformFailure.rateLimited("429", "LinkedIn is rate-limiting the " + what + "; it will be retried shortly.",
          LinkedInErrors.retryAfterMs(r.getHeader("Retry-After"))));
    }
    if (r.statusCode() >= 500 || error == null) {
      return Future.failedFuture(PlatformFailure.retryable("http_" + r.statusCode(), "LinkedIn failed during the " + what + " (HTTP "
          + r.statusCode() + "). Try again in a minute."));
    }
    if (error.equals("invalid_client")) {
      return Future.failedFuture(PlatformFailure.permanent(error, "LinkedIn does not accept this server's app credentials (oauth.clients."
          + "linkedin): " + description));
    }
    // invalid_request / invalid_grant: the code or refresh token is spent, expired or revoked
    return Future.failedFuture(PlatformFailure.auth(error, "LinkedIn no longer accepts this sign-in (" + description
        + "). Connect your LinkedIn account again."));
  }

  private static Instant expiresAt(JsonObject tokens) {
    Long seconds = tokens.getLong("expires_in");
    return seconds == null || seconds <= 0 ? null : Instant.now().plusSeconds(seconds);
  }

  /** LinkedIn lists granted scopes comma-separated; space-separated is accepted too. */
  static List<String> scopes(String scope) {
    return Arrays.stream(scope.trim().split("[\\s,]+")).filter(s -> !s.isEmpty()).toList();
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
