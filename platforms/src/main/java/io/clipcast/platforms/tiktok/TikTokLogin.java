package io.clipcast.platforms.tiktok;

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

import java.time.Instant;
import java.util.List;

/**
 * TikTok Login Kit v2 (docs/platforms/tiktok.md) for a web app on the shared {@link OAuth2Flow}. TikTok's part: the
 * client id is called {@code client_key} (authorize URL and token calls), scopes are comma-separated, refresh tokens
 * rotate (the answer's new one replaces the old, which stops working; lifetimes come from {@code expires_in} and
 * {@code refresh_expires_in}, never assumed), and {@code user/info} gives the account's name, username and avatar.
 */
final class TikTokLogin {
  static final String SCOPES = "user.info.basic,user.info.profile,video.publish,video.list";
  private static final String USER_FIELDS = "open_id,union_id,avatar_url,display_name,username";

  private final TikTokApi api;
  private final OAuth2Flow flow;

  TikTokLogin(Vertx vertx, WebClient web, ConnectorSettings settings, TikTokApi api, long timeoutMs) {
    this.api = api;
    this.flow = new OAuth2Flow(vertx, web, OAuthProfile.of("TikTok", settings.endpoint("oauth") + "/v2/auth/authorize/",
            settings.endpoint("api") + "/v2/oauth/token/", settings.clientId(), settings.clientSecret(), settings.redirectUri())
        .clientIdParam("client_key").reconnectOn("invalid_grant", "access_token_invalid")
        .reconnectHint("Connect your TikTok account again."), timeoutMs);
  }

  String authorizationUrl(OAuthStart start) {
    return flow.authorizationUrl(start, List.of(SCOPES), ",");
  }

  Future<ConnectedAccount> exchangeCode(OAuthCallback callback) {
    return flow.exchangeCode(callback.code(), null, null).compose(t -> api.get(t.getString("access_token"),
        "/v2/user/info/?fields=" + USER_FIELDS, "reading the profile", null).map(data -> account(t, data.getJsonObject("user", new JsonObject()))));
  }

  Future<ConnectedAccount> refresh(ConnectedAccount current) {
    if (current.refreshToken() == null) {
      return Future.failedFuture(PlatformFailure.auth(null, "The TikTok connection cannot renew itself. Connect TikTok again."));
    }
    return flow.refresh(current.refreshToken(), null).map(t -> {
      JsonObject metadata = current.metadata() == null ? new JsonObject() : current.metadata().copy();
      metadata.put("refreshExpiresAt", refreshExpiresAt(t));
      return new ConnectedAccount(current.externalAccountId(), current.displayName(), current.avatarUrl(), t.getString("access_token"),
          t.getString("refresh_token"), OAuth2Flow.expiresAt(t),
          t.getString("scope") == null ? current.scopes() : OAuth2Flow.scopes(t.getString("scope")), metadata);
    });
  }

  private static ConnectedAccount account(JsonObject tokens, JsonObject user) {
    String openId = user.getString("open_id", tokens.getString("open_id"));
    String username = user.getString("username");
    String name = user.getString("display_name", username == null ? "TikTok " + openId : "@" + username);
    JsonObject metadata = new JsonObject().put("openId", openId).put("refreshExpiresAt", refreshExpiresAt(tokens));
    if (username != null) metadata.put("username", username);
    return new ConnectedAccount(openId, name, user.getString("avatar_url"), tokens.getString("access_token"),
        tokens.getString("refresh_token"), OAuth2Flow.expiresAt(tokens), OAuth2Flow.scopes(tokens.getString("scope", SCOPES)), metadata);
  }

  private static String refreshExpiresAt(JsonObject tokens) {
    Instant at = OAuth2Flow.inSeconds(tokens, "refresh_expires_in");
    return at == null ? null : at.toString();
  }
}
