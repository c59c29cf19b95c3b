package io.clipcast.platforms.linkedin;

import io.clipcast.platforms.OAuthSignIn;
import io.clipcast.platforms.ConnectedAccount;
import io.clipcast.platforms.ConnectorSettings;
import io.clipcast.platforms.CredentialsRejected;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * LinkedIn sign-in (docs/platforms/linkedin.md) on the shared {@link OAuth2Flow}, with one flow per app
 * ({@link LinkedInApp}): the authorization URL, the code exchange and refresh at {@code <oauth>/oauth/v2/accessToken}
 * (form fields, that app's client id and secret). The member app identifies the member from {@code /v2/userinfo}
 * ({@code sub}, scope {@code openid}); the Page app cannot have {@code openid} (the Community Management API is its only
 * product), so it reads the person id from {@code /v2/me} ({@code r_basicprofile}) or, when that is refused, from the
 * {@code roleAssignee} of the member's Page roles ({@code organizationAcls}). The Pages the member administers are
 * kept in the connection's metadata so a frontend can offer "post as" choices.
 * Refresh tokens exist only for apps LinkedIn approved for programmatic refresh; without one the member reconnects
 * when the 60-day access token ends.
 */
final class LinkedInOAuthClient implements OAuthSignIn {
  /** Pages looked up at connect; a member administering more is rare, and the id alone still works as an option. */
  private static final int MAX_PAGES = 50;

  private final WebClient web;
  private final LinkedInRest rest;
  private final String apiBase;
  private final long callMs;
  private final Map<String, LinkedInApp> apps = new LinkedHashMap<>();
  private final Map<String, OAuth2Flow> flows = new LinkedHashMap<>();

  LinkedInOAuthClient(Vertx vertx, WebClient web, ConnectorSettings settings, LinkedInRest rest, List<String> memberScopes, long callMs) {
    this.web = web;
    this.rest = rest;
    this.apiBase = settings.endpoint("api");
    this.callMs = callMs;
    String oauthBase = settings.endpoint("oauth");
    for (LinkedInApp app : List.of(LinkedInApp.member(settings, memberScopes), LinkedInApp.page(settings))) {
      apps.put(app.name(), app);
      // invalid_request / invalid_grant and the rest: the code or refresh token is spent, expired or revoked
      flows.put(app.name(), new OAuth2Flow(vertx, web, OAuthProfile.of("LinkedIn", oauthBase + "/oauth/v2/authorization",
              oauthBase + "/oauth/v2/accessToken", app.clientId(), app.clientSecret(), settings.redirectUri())
          .operatorErrors("invalid_client").otherErrorsNeedReconnect().defaultRetryAfterMs(LinkedInErrors.THROTTLE_WAIT_MS)
          .reconnectHint("Connect your LinkedIn account again."), callMs));
    }
  }

  @Override
  public String authorizationUrl(OAuthStart start) {
    LinkedInApp app = app(LinkedInApp.chosenIn(start.state()));
    return flows.get(app.name()).authorizationUrl(start, app.scopes(), " ");
  }

  @Override
  public Future<ConnectedAccount> exchangeCode(OAuthCallback callback) {
    if (callback.code() == null || callback.code().isBlank()) {
      String error = callback.params() == null ? null : callback.params().getString("error_description");
      return Future.failedFuture(PlatformFailure.auth(null, "LinkedIn did not grant access" + (error == null ? "" : " (" + error + ")")
          + ". Start connecting LinkedIn again."));
    }
    LinkedInApp app;
    try {
      app = app(LinkedInApp.chosenIn(callback.state()));
    } catch (CredentialsRejected e) {
      return Future.failedFuture(e);
    }
    return flows.get(app.name()).exchangeCode(callback.code(), null, null).compose(tokens -> {
      String access = tokens.getString("access_token");
      List<String> granted = OAuth2Flow.scopes(tokens.getString("scope", String.join(",", app.scopes())));
      if (app.name().equals(LinkedInApp.PAGE)) return pageAccount(tokens, granted);
      if (!granted.contains("w_member_social")) {
        // some report LinkedIn leaving an unentitled scope out of the token instead of failing the sign-in
        return Future.failedFuture(PlatformFailure.permanent(null, "LinkedIn did not grant this server's member app w_member_social "
            + "(granted: " + String.join(", ", granted) + "); the operator must add Share on LinkedIn to the app. See docs/platforms/linkedin.md."));
      }
      return userInfo(access).compose(user -> organizations(access, granted)
          .map(acls -> account(tokens, granted, user, acls.pages())));
    });
  }

  @Override
  public Future<ConnectedAccount> refresh(ConnectedAccount current) {
    if (current.refreshToken() == null || current.refreshToken().isBlank()) {
      return Future.failedFuture(PlatformFailure.auth(null, "LinkedIn gives this app no refresh tokens, so the connection cannot renew "
          + "itself. Reconnect LinkedIn."));
    }
    String name = current.metadata() == null ? LinkedInApp.MEMBER : current.metadata().getString("app", LinkedInApp.MEMBER);
    OAuth2Flow flow = flows.getOrDefault(name, flows.get(LinkedInApp.MEMBER));
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

  /** The app a sign-in names; refused when this deployment has no such app or has not set it up. */
  private LinkedInApp app(String name) {
    LinkedInApp app = apps.get(name);
    if (app == null) {
      throw new CredentialsRejected("app", "LinkedIn has no app '" + name + "' here: use member (post as yourself) or page (post as a "
          + "LinkedIn Page you administer).");
    }
    if (!app.configured()) {
      throw new CredentialsRejected("app", "This server has no LinkedIn " + name + " app configured (oauth.clients.linkedin."
          + (name.equals(LinkedInApp.PAGE) ? "pageClientId, pageClientSecret, pageScopes" : "clientId, clientSecret") + "); see docs/platforms/linkedin.md.");
    }
    return app;
  }

  /**
   * A Page connection: the Pages the member administers (there must be one), the person id from {@code /v2/me} or,
   * when that is refused, from the Page roles; never {@code /v2/userinfo}, which needs {@code openid}.
   */
  private Future<ConnectedAccount> pageAccount(JsonObject tokens, List<String> granted) {
    String access = tokens.getString("access_token");
    if (!granted.contains("rw_organization_admin") || !granted.contains("w_organization_social")) {
      return Future.failedFuture(PlatformFailure.permanent(null, "LinkedIn did not grant this server's Page app the Community Management "
          + "scopes (granted: " + String.join(", ", granted) + "); the operator must get the Community Management API approved for it. "
          + "See docs/platforms/linkedin.md."));
    }
    return organizations(access, granted).compose(acls -> {
      if (acls.pages().isEmpty()) {
        return Future.failedFuture(PlatformFailure.permanent(null, "LinkedIn says you administer no LinkedIn Page. Ask a super admin of "
            + "the Page to give you the Administrator role, then connect LinkedIn Pages again."));
      }
      return me(access).recover(e -> acls.member() == null ? Future.failedFuture(e)
              : Future.succeededFuture(new JsonObject().put("id", acls.member().substring(acls.member().lastIndexOf(':') + 1))))
          .map(me -> pageConnection(tokens, granted, me, acls.pages()));
    });
  }

  private Future<JsonObject> me(String accessToken) {
    return plainGet(accessToken, "/v2/me", "the profile lookup").compose(me -> me.getString("id") == null
        ? Future.failedFuture(PlatformFailure.permanent(null, "LinkedIn did not say who signed in (no 'id' in /v2/me)."))
        : Future.succeededFuture(me));
  }

  private Future<JsonObject> userInfo(String accessToken) {
    return plainGet(accessToken, "/v2/userinfo", "the profile lookup").compose(u -> u.getString("sub") == null
        ? Future.failedFuture(PlatformFailure.permanent(null, "LinkedIn did not say who signed in (no 'sub'); the app needs the openid scope."))
        : Future.succeededFuture(u));
  }

  /** An unversioned {@code /v2} call (no {@code LinkedIn-Version}), as LinkedIn's profile endpoints are. */
  private Future<JsonObject> plainGet(String accessToken, String path, String what) {
    return web.getAbs(apiBase + path).timeout(callMs).putHeader("Authorization", "Bearer " + accessToken).send()
        .recover(e -> Future.failedFuture(LinkedInErrors.unreachable(what, e)))
        .compose(r -> r.statusCode() == 200 ? Future.succeededFuture(LinkedInRest.json(r))
            : Future.failedFuture(LinkedInErrors.of(r, what, ZoneOffset.UTC)));
  }

  /** The member's Page roles: the Pages (with names) and the member's own URN as LinkedIn names them there. */
  private record Acls(JsonArray pages, String member) {}

  /** The Pages the member administers (with their names, for a "post as" choice), when the connection may read them. */
  private Future<Acls> organizations(String accessToken, List<String> granted) {
    if (!granted.contains("rw_organization_admin")) return Future.succeededFuture(new Acls(new JsonArray(), null));
    return rest.get(accessToken, "/rest/organizationAcls?q=roleAssignee&role=ADMINISTRATOR&state=APPROVED", "the Page list", ZoneOffset.UTC)
        .compose(r -> {
          List<Future<JsonObject>> pages = new ArrayList<>();
          String[] member = {null};
          LinkedInRest.json(r).getJsonArray("elements", new JsonArray()).forEach(o -> {
            if (o instanceof JsonObject acl && acl.getString("organization") != null && pages.size() < MAX_PAGES) {
              if (member[0] == null) member[0] = acl.getString("roleAssignee");
              String urn = acl.getString("organization");
              String id = urn.substring(urn.lastIndexOf(':') + 1);
              pages.add(pageName(accessToken, id).map(name -> new JsonObject().put("urn", urn).put("id", id).put("name", name)
                  .put("role", acl.getString("role"))));
            }
          });
          return Future.all(pages).map(all -> {
            JsonArray out = new JsonArray();
            pages.forEach(p -> out.add(p.result()));
            return new Acls(out, member[0]);
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
    JsonObject metadata = new JsonObject().put("app", LinkedInApp.MEMBER).put("memberUrn", "urn:li:person:" + sub)
        .put("organizations", organizations);
    Instant refreshEnds = OAuth2Flow.inSeconds(tokens, "refresh_token_expires_in");
    if (refreshEnds != null) metadata.put("refreshTokenExpiresAt", refreshEnds.toString());
    return new ConnectedAccount(sub, name == null || name.isBlank() ? "LinkedIn member " + sub : name, user.getString("picture"),
        tokens.getString("access_token"), tokens.getString("refresh_token"), OAuth2Flow.expiresAt(tokens), granted, metadata);
  }

  /**
   * A Page connection is its own account ({@code page:<person id>}): the member app's connection of the same person
   * stays separate, and LinkedIn's person ids are per app anyway. With one Page, it is the default author.
   */
  private static ConnectedAccount pageConnection(JsonObject tokens, List<String> granted, JsonObject me, JsonArray organizations) {
    String id = me.getString("id");
    JsonObject metadata = new JsonObject().put("app", LinkedInApp.PAGE).put("memberUrn", "urn:li:person:" + id).put("organizations", organizations);
    if (organizations.size() == 1) metadata.put("organization", organizations.getJsonObject(0).getString("id"));
    Instant refreshEnds = OAuth2Flow.inSeconds(tokens, "refresh_token_expires_in");
    if (refreshEnds != null) metadata.put("refreshTokenExpiresAt", refreshEnds.toString());
    List<String> names = organizations.stream().map(o -> (JsonObject) o)
        .map(o -> o.getString("name") == null ? "Page " + o.getString("id") : o.getString("name")).toList();
    String member = ((me.getString("localizedFirstName") == null ? "" : me.getString("localizedFirstName")) + " "
        + (me.getString("localizedLastName") == null ? "" : me.getString("localizedLastName"))).trim();
    String display = "LinkedIn Pages: " + String.join(", ", names.size() > 3 ? names.subList(0, 3) : names)
        + (names.size() > 3 ? " and " + (names.size() - 3) + " more" : "") + (member.isEmpty() ? "" : " (" + member + ")");
    return new ConnectedAccount("page:" + id, display, null, tokens.getString("access_token"), tokens.getString("refresh_token"),
        OAuth2Flow.expiresAt(tokens), granted, metadata);
  }
}
