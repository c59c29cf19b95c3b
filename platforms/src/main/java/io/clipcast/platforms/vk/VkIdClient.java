package io.clipcast.platforms.vk;

import io.clipcast.platforms.OAuthSignIn;
import io.clipcast.platforms.ConnectedAccount;
import io.clipcast.platforms.ConnectorSettings;
import io.clipcast.platforms.OAuthCallback;
import io.clipcast.platforms.OAuthStart;
import io.clipcast.platforms.PlatformFailure;
import io.clipcast.platforms.oauth.OAuth2Flow;
import io.clipcast.platforms.oauth.OAuthProfile;
import io.clipcast.platforms.oauth.TokenAnswer;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;

import java.util.List;
import java.util.UUID;

/**
 * VK ID, OAuth 2.1 with PKCE, a public client (docs/platforms/vk.md): the shared {@link OAuth2Flow} plus VK's part —
 * the {@code device_id} returned with the code is kept in the account's metadata because every refresh needs it, the
 * refresh carries a fresh {@code state}, and the name and avatar come from {@code user_info}. Refresh tokens rotate.
 */
final class VkIdClient implements OAuthSignIn {
  private final ConnectorSettings settings;
  private final String scope;
  private final OAuth2Flow flow;
  private final String base;

  /** {@code scope}: what the chosen route needs ({@link VkRoute}). */
  VkIdClient(Vertx vertx, WebClient client, ConnectorSettings settings, String scope, long callTimeoutMs) {
    this.settings = settings;
    this.scope = scope;
    this.base = settings.endpoint("id");
    this.flow = new OAuth2Flow(vertx, client, OAuthProfile.of("VK ID", base + "/authorize", base + "/oauth2/auth", settings.clientId(),
            null, settings.redirectUri()).clientAuth(OAuthProfile.ClientAuth.PUBLIC).pkce()
        .reconnectOn("invalid_grant", "invalid_token", "invalid_client").reconnectHint("Connect your VK account again.").statusCodePrefix(""), callTimeoutMs);
  }

  @Override
  public String authorizationUrl(OAuthStart start) {
    return flow.authorizationUrl(start, List.of(scope), " ");
  }

  @Override
  public Future<ConnectedAccount> exchangeCode(OAuthCallback callback) {
    String deviceId = callback.params() == null ? null : callback.params().getString("device_id");
    if (deviceId == null || deviceId.isBlank()) {
      return Future.failedFuture(PlatformFailure.auth(null, "VK did not say which device signed in (no device_id came back). "
          + "Start connecting VK again."));
    }
    MultiMap extra = MultiMap.caseInsensitiveMultiMap().add("device_id", deviceId).add("state", callback.state());
    return flow.exchangeCode(callback.code(), callback.codeVerifier(), extra)
        .compose(tokens -> userInfo(tokens.getString("access_token")).map(user -> account(tokens, user, deviceId)));
  }

  @Override
  public Future<ConnectedAccount> refresh(ConnectedAccount current) {
    String deviceId = current.metadata() == null ? null : current.metadata().getString("deviceId");
    if (current.refreshToken() == null || deviceId == null) {
      return Future.failedFuture(PlatformFailure.auth(null, "The VK connection cannot renew itself. Connect VK again."));
    }
    MultiMap extra = MultiMap.caseInsensitiveMultiMap().add("device_id", deviceId).add("state", UUID.randomUUID().toString());
    return flow.refresh(current.refreshToken(), extra).map(t -> new ConnectedAccount(current.externalAccountId(),
        current.displayName(), current.avatarUrl(), t.getString("access_token"), t.getString("refresh_token"), OAuth2Flow.expiresAt(t),
        t.getString("scope") == null ? current.scopes() : OAuth2Flow.scopes(t.getString("scope")), current.metadata().copy()));
  }

  private Future<JsonObject> userInfo(String accessToken) {
    MultiMap form = MultiMap.caseInsensitiveMultiMap().add("client_id", settings.clientId()).add("access_token", accessToken);
    return flow.post(base + "/oauth2/user_info", form, "profile lookup").map(b -> {
      JsonObject user = b.getJsonObject("user");
      if (user == null) throw PlatformFailure.retryable(null, "VK's profile answer had no user; try connecting again.");
      return user;
    });
  }

  private ConnectedAccount account(JsonObject tokens, JsonObject user, String deviceId) {
    String userId = String.valueOf(user.getValue("user_id", tokens.getValue("user_id")));
    String name = (user.getString("first_name", "") + " " + user.getString("last_name", "")).trim();
    return new ConnectedAccount(userId, name.isEmpty() ? "VK id" + userId : name, user.getString("avatar"),
        tokens.getString("access_token"), tokens.getString("refresh_token"), OAuth2Flow.expiresAt(tokens),
        OAuth2Flow.scopes(tokens.getString("scope", scope)), new JsonObject().put("deviceId", deviceId).put("userId", userId));
  }

  static long retryAfterMs(String header) {
    return TokenAnswer.retryAfterMs(header, 1000);
  }
}
