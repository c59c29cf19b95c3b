package io.clipcast.platforms.meta;

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

import java.time.Instant;
import java.util.List;

/**
 * Facebook Login for Business (docs/platforms/instagram.md): the dialog URL (the shared {@link OAuth2Flow}), the code
 * traded for a short-lived user token, that traded ({@code fb_exchange_token}) for a long-lived one (~60 days) — both
 * Graph GETs, docs/decisions/oauth-client.md says why they stay on {@link GraphClient} — and the user's Pages from
 * {@code /me/accounts} with their Page tokens and linked Instagram professional accounts. Facebook's dialog has no
 * PKCE; the single-use {@code state} guards the callback.
 */
public final class FacebookLogin {
  /** The user and the Pages the sign-in granted, with the long-lived user token. */
  public record SignedIn(String userId, String userName, String userToken, Instant expiresAt, List<JsonObject> pages) {}

  /** A long-lived user token and when it expires (null when Meta named no expiry). */
  public record UserToken(String token, Instant expiresAt) {}

  private final GraphClient graph;
  private final ConnectorSettings settings;
  private final String platform;
  private final OAuth2Flow flow;

  public FacebookLogin(Vertx vertx, GraphClient graph, ConnectorSettings settings, String platform) {
    this.graph = graph;
    this.settings = settings;
    this.platform = platform;
    // the flow builds the dialog URL only: the exchanges below are Graph GETs with Graph errors
    this.flow = new OAuth2Flow(vertx, null, OAuthProfile.of(platform, settings.endpoint("oauth") + "/" + graph.version()
        + "/dialog/oauth", settings.endpoint("api") + "/" + graph.version() + "/oauth/access_token", settings.clientId(),
        settings.clientSecret(), settings.redirectUri()), 0);
  }

  /** {@code scopes}: comma-separated, as Facebook's dialog takes them. */
  public String authorizationUrl(OAuthStart start, String scopes) {
    return flow.authorizationUrl(start, List.of(scopes), ",");
  }

  /** Code → short-lived token → long-lived token → who signed in and which Pages they granted. */
  public Future<SignedIn> signIn(OAuthCallback callback, String pageFields) {
    if (callback.code() == null || callback.code().isBlank()) {
      return Future.failedFuture(PlatformFailure.auth(null, platform + " sent no sign-in code back. Start connecting again."));
    }
    return graph.get(null, "oauth/access_token", GraphClient.params("client_id", settings.clientId(), "client_secret",
            settings.clientSecret(), "redirect_uri", settings.redirectUri(), "code", callback.code()))
        .compose(shortToken -> extend(shortToken.getString("access_token")))
        .compose(longToken -> {
          String token = longToken.token();
          Instant expires = longToken.expiresAt();
          return graph.get(token, "me", GraphClient.params("fields", "id,name")).compose(me ->
              graph.get(token, "me/accounts", GraphClient.params("fields", pageFields, "limit", "100")).map(accounts ->
                  new SignedIn(me.getString("id"), me.getString("name", ""), token, expires, list(accounts.getJsonArray("data")))));
        })
        .recover(e -> Future.failedFuture(e instanceof GraphApiError g ? signInFailure(g) : e));
  }

  /**
   * {@code fb_exchange_token}: a user token of this app traded for a long-lived one (~60 days). Meta documents the trade
   * for short-lived tokens and refuses expired ones (docs/platforms/instagram.md, "Signing in"); fails with the
   * received {@link GraphApiError}.
   */
  public Future<UserToken> extend(String userToken) {
    return graph.get(null, "oauth/access_token", GraphClient.params("grant_type", "fb_exchange_token", "client_id", settings.clientId(),
        "client_secret", settings.clientSecret(), "fb_exchange_token", userToken)).map(r -> {
          Long ttl = r.getLong("expires_in");
          return new UserToken(r.getString("access_token"), ttl == null || ttl <= 0 ? null : Instant.now().plusSeconds(ttl));
        });
  }

  private PlatformFailure signInFailure(GraphApiError g) {
    if (g.code() == 100 || g.code() == 1 && g.getMessage().contains("client secret") || g.code() == 101 || g.code() == 190) {
      return PlatformFailure.auth(Integer.toString(g.code()), platform + " did not accept the sign-in (" + g.getMessage()
          + "). Start connecting again.");
    }
    return MetaErrors.of(g, platform, "the sign-in");
  }

  private static List<JsonObject> list(JsonArray a) {
    return a == null ? List.of() : a.stream().filter(o -> o instanceof JsonObject).map(o -> (JsonObject) o).toList();
  }

}
