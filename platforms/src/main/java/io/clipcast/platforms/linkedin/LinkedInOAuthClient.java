package io.clipcast.platforms.linkedin;

import io.clipcast.platforms.OAuthSignIn;
import io.clipcast.platforms.ConnectedAccount;
import io.clipcast.platforms.ConnectorSettings;
import io.clipcast.platforms.OAuthCallback;
import io.clipcast.platforms.OAuthStart;
import io.clipcast.platforms.PlatformFailure;
import io.clipcast.platforms.oauth.OAuth2Flow;
import io.clipcast.platforms.oauth.OAuthProfile;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * LinkedIn sign-in (docs/platforms/linkedin.md) on the shared {@link OAuth2Flow}: the authorization URL, the code
 * exchange and refresh at {@code <oauth>/oauth/v2/accessToken} (form fields, the app's client id and secret), then the member from
 * {@code /v2/userinfo} ({@code sub} = person id) and, when the scopes allow, the Pages the member administers
 * ({@code organizationAcls}) — kept in the connection's metadata so a frontend can offer "post as" choices.
 * Refresh tokens exist only for apps LinkedIn approved for programmatic refresh; without one the member reconnects
 * when the 60-day access token ends.
 */
final class LinkedInOAuthClient implements OAuthSignIn {
  /** Pages looked up at connect; a member administering more is rare, and the id alone still works as an option. */
  private static final int MAX_PAGES = 50;

  private final WebClient web;
  private final LinkedInRest rest;
  private final String apiBase;
  private final List<String> scopes;
  private final long callMs;
  private final OAuth2Flow flow;

  LinkedInOAuthClient(Vertx vertx, WebClient web, ConnectorSettings settings, LinkedInRest rest, List<String> scopes, long callMs) {
    this.web = web;
    this.rest = rest;
    this.apiBase = settings.endpoint("api");
    this.scopes = scopes;
    this.callMs = callMs;
    String oauthBase = settings.endpoint("oauth");
    // invalid_request / invalid_grant and the rest: the code or refresh token is spent, expired or revoked
    this.flow = new OAuth2Flow(vertx, web, OAuthProfile.of("LinkedIn", oauthBase + "/oauth/v2/authorization",
            oauthBase + "/oauth/v2/accessToken", settings.clientId(), settings.clientSecret(), settings.redirectUri())
        .operatorErrors("invalid_client").otherErrorsNeedReconnect().defaultRetryAfterMs(LinkedInErrors.THROTTLE_WAIT_MS)
        .reconnectHint("Connect your LinkedIn account again."), callMs);
  }

  @Override
  public String authorizationUrl(OAuthStart start) {
    return flow.authorizationUrl(start, scopes, " ");
  }

  @Override
  public Future<ConnectedAccount> exchangeCode(OAuthCallback callback) {
    if (callback.code() == null || callback.code().isBlank()) {
      String error = callback.params() == null ? null : callback.params().getString("error_description");
      return Future.failedFuture(PlatformFailure.auth(null, "LinkedIn did not grant access" + (error == null ? "" : " (" + error + ")")
          + ". Start connecting LinkedIn again."));
    }
    return flow.exchangeCode(callback.code(), null, null).compose(tokens -> {
      String access = tokens.getString("access_token");
      List<String> granted = OAuth2Flow.scopes(tokens.getString("scope", String.join(",", scopes)));
      return userInfo(access).compose(user -> organizations(access, granted).map(orgs -> account(tokens, granted, user, orgs)));
    });
  }

  @Override
  public Future<ConnectedAccount> refresh(ConnectedAccount current) {
    if (current.refreshToken() == null || current.refreshToken().isBlank()) {
      return Future.failedFuture(PlatformFailure.auth(null, "LinkedIn gives this app no refresh tokens, so the connection cannot renew "
          + "itself. Reconnect LinkedIn."));
    }
    return flow.refresh(current.refreshToken(), null).map(t -> {
      JsonObject metadata = current.metadata() == null ? new JsonObject() : current.metadata().copy();
      Instant refreshEnds = OAuth2Flow.inSeconds(t, "refresh_token_expires_in");
      if (refreshEnds != null) metadata.put("refreshTokenExpiresAt", refreshEnds.toString());
      // LinkedIn returns the same refresh token (its lifetime counts from the first consent); keep ours if none came
      return new ConnectedAccount(current.externalAccountId(), current.displayName(), current.avatarUrl(), t.getString("access_token"),
          t.getString("refresh_token", current.refreshToken()), OAuth2Flow.expiresAt(t),
          t.getString("scope") == null ? current.scopes() : OAuth2Flow.scopes(t.getString("scope")), metadata);
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
    Instant refreshEnds = OAuth2Flow.inSeconds(tokens, "refresh_token_expires_in");
    if (refreshEnds != null) metadata.put("refreshTokenExpiresAt", refreshEnds.toString());
    return new ConnectedAccount(sub, name == null || name.isBlank() ? "LinkedIn member " + sub : name, user.getString("picture"),
        tokens.getString("access_token"), tokens.getString("refresh_token"), OAuth2Flow.expiresAt(tokens), granted, metadata);
  }
}
