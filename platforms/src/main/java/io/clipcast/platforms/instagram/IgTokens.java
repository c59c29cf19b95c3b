package io.clipcast.platforms.instagram;

import io.clipcast.platforms.ConnectedAccount;
import io.vertx.core.json.JsonObject;

import java.time.Instant;

/**
 * Which token an Instagram connection publishes with (docs/platforms/instagram.md, "Which token publishes"). The
 * Page token of the Page the account is linked to, taken from {@code /me/accounts} with the long-lived user token, has
 * no expiry date: the connection is kept with it and nothing to renew ({@code metadata.token = "page"}). Without one,
 * the long-lived user token publishes until about 60 days after sign-in: it is kept as the refresh token too, so it is
 * renewed before it expires ({@code InstagramConnector.refresh}), and {@code metadata.reconnectBy} says when the user
 * must sign in again if renewing does not help ({@code metadata.token = "user"}).
 */
final class IgTokens {
  private IgTokens() {}

  /** {@code current} with the Page token when there is one, else with the user token expiring at {@code userExpires}. */
  static ConnectedAccount chosen(ConnectedAccount current, String pageToken, String userToken, Instant userExpires) {
    JsonObject metadata = current.metadata() == null ? new JsonObject() : current.metadata().copy();
    if (pageToken != null && !pageToken.isBlank()) {
      metadata.put("token", "page").putNull("reconnectBy");
      return new ConnectedAccount(current.externalAccountId(), current.displayName(), current.avatarUrl(), pageToken, null, null,
          current.scopes(), metadata);
    }
    metadata.put("token", "user").put("reconnectBy", userExpires == null ? null : userExpires.toString());
    return new ConnectedAccount(current.externalAccountId(), current.displayName(), current.avatarUrl(), userToken, userToken,
        userExpires, current.scopes(), metadata);
  }
}
