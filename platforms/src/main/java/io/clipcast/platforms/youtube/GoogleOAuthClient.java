package io.clipcast.platforms.youtube;

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
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;

import java.util.List;

/**
 * Google OAuth 2.0, web-server flow (docs/platforms/youtube.md) on the shared {@link OAuth2Flow}. Google's part:
 * {@code access_type=offline&prompt=consent} so a refresh token always comes back, PKCE S256, and refreshes that return
 * a new access token only, so the refresh token is kept. {@code invalid_grant} (revoked, expired, unused for 6 months,
 * 7-day "Testing" apps) means the user must connect again.
 */
final class GoogleOAuthClient implements OAuthSignIn {
  static final String SCOPE = "https://www.googleapis.com/auth/youtube.upload https://www.googleapis.com/auth/youtube.readonly";

  private final YouTubeData data;
  private final OAuth2Flow flow;

  GoogleOAuthClient(Vertx vertx, WebClient web, ConnectorSettings settings, YouTubeData data, long callMs) {
    this.data = data;
    this.flow = new OAuth2Flow(vertx, web, OAuthProfile.of("Google", settings.endpoint("oauth") + "/o/oauth2/v2/auth",
            settings.endpoint("token") + "/token", settings.clientId(), settings.clientSecret(), settings.redirectUri()).pkce()
        .authorizeParam("access_type", "offline").authorizeParam("prompt", "consent").authorizeParam("include_granted_scopes", "true")
        .reconnectOn("invalid_grant", "invalid_client", "unauthorized_client").defaultRetryAfterMs(GoogleErrors.RATE_LIMIT_WAIT_MS)
        .reconnectHint("Connect your YouTube channel again."), callMs);
  }

  @Override
  public String authorizationUrl(OAuthStart start) {
    return flow.authorizationUrl(start, List.of(SCOPE), " ");
  }

  @Override
  public Future<ConnectedAccount> exchangeCode(OAuthCallback callback) {
    return flow.exchangeCode(callback.code(), callback.codeVerifier(), null).compose(tokens -> {
      if (tokens.getString("refresh_token") == null) {
        return Future.failedFuture(PlatformFailure.auth(null, "Google gave no long-term access (no refresh token). Connect YouTube "
            + "again and approve offline access."));
      }
      return data.myChannel(tokens.getString("access_token")).compose(channel -> channel == null
          ? Future.failedFuture(PlatformFailure.permanent("youtubeSignupRequired", "This Google account has no YouTube channel. Create "
              + "one at youtube.com, then connect again."))
          : Future.succeededFuture(account(tokens, channel)));
    });
  }

  @Override
  public Future<ConnectedAccount> refresh(ConnectedAccount current) {
    if (current.refreshToken() == null) {
      return Future.failedFuture(PlatformFailure.auth(null, "The YouTube connection cannot renew itself. Connect YouTube again."));
    }
    // Google does not rotate refresh tokens: keep the one we have unless a new one comes back
    return flow.refresh(current.refreshToken(), null).map(t -> new ConnectedAccount(current.externalAccountId(), current.displayName(),
        current.avatarUrl(), t.getString("access_token"), t.getString("refresh_token", current.refreshToken()), OAuth2Flow.expiresAt(t),
        t.getString("scope") == null ? current.scopes() : OAuth2Flow.scopes(t.getString("scope")),
        current.metadata() == null ? new JsonObject() : current.metadata().copy()));
  }

  private static ConnectedAccount account(JsonObject tokens, JsonObject channel) {
    JsonObject snippet = channel.getJsonObject("snippet", new JsonObject());
    JsonObject thumbs = snippet.getJsonObject("thumbnails", new JsonObject());
    String avatar = thumbs.getJsonObject("default") == null ? null : thumbs.getJsonObject("default").getString("url");
    String id = channel.getString("id");
    return new ConnectedAccount(id, snippet.getString("title", "YouTube channel " + id), avatar, tokens.getString("access_token"),
        tokens.getString("refresh_token"), OAuth2Flow.expiresAt(tokens), OAuth2Flow.scopes(tokens.getString("scope", SCOPE)),
        new JsonObject().put("channelId", id).put("customUrl", snippet.getString("customUrl")));
  }
}
