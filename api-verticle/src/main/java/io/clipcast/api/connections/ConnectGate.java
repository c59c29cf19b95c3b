package io.clipcast.api.connections;

import io.clipcast.api.plans.Plans;
import io.clipcast.platforms.ConnectorRegistry;
import io.clipcast.platforms.OAuthSignIn;
import io.clipcast.platforms.PlatformConnector;
import io.clipcast.crypto.TokenCipher;
import io.clipcast.platforms.TokenSignIn;
import io.clipcast.web.ApiError;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;

import java.util.UUID;

/** What must hold before any connect (token or OAuth): a known platform with that way of connecting, a key to encrypt with, the plan. */
final class ConnectGate {
  private final Pool pg;
  private final ConnectorRegistry connectors;
  private final TokenCipher cipher;
  private final Plans plans;

  ConnectGate(Pool pg, ConnectorRegistry connectors, TokenCipher cipher, Plans plans) {
    this.pg = pg;
    this.connectors = connectors;
    this.cipher = cipher;
    this.plans = plans;
  }

  /** The platform's OAuth sign-in; a 400 that says how it does connect when it takes credentials instead. */
  OAuthSignIn oauth(String platform) {
    OAuthSignIn oauth = known(platform).oauth().orElseThrow(() -> new ApiError(400, "token_required", platform
        + " is connected with a token, not by signing in: use POST /api/v1/connections with credentials.", "platform"));
    canStoreCredentials();
    return oauth;
  }

  /** The platform's credential check; a 400 that says how it does connect when it takes a sign-in instead. */
  TokenSignIn tokenSignIn(String platform) {
    TokenSignIn tokens = known(platform).tokenSignIn().orElseThrow(() -> new ApiError(400, "oauth_required", platform
        + " is connected by signing in on the platform: use POST /api/v1/connections/oauth/start.", "platform"));
    canStoreCredentials();
    return tokens;
  }

  private PlatformConnector known(String platform) {
    return connectors.get(platform).orElseThrow(() ->
        ApiError.invalid("platform", "Unknown or disabled platform '" + platform + "'; see GET /api/v1/platforms."));
  }

  private void canStoreCredentials() {
    if (cipher == null) {
      throw new ApiError(503, "encryption_not_configured", "This server has no token encryption key (crypto.keys), so it cannot store"
          + " platform credentials; ask its operator to set CLIPCAST_CRYPTO_KEYS.", null);
    }
  }

  /** Fails with 403 and an upgrade hint when the user's plan does not include the platform. */
  Future<Void> planAllows(UUID user, String platform) {
    return pg.preparedQuery("SELECT plan FROM users WHERE id = $1").execute(Tuple.of(user)).compose(rows -> {
      if (rows.size() == 0) return Future.failedFuture(new ApiError(401, "unauthorized", "This account no longer exists.", null));
      String plan = rows.iterator().next().getString("plan");
      return plans.allows(plan, platform) ? Future.succeededFuture()
          : Future.failedFuture(new ApiError(403, "plan_forbids_platform", "Your plan does not include " + platform + ". "
              + plans.upgradeHint(plan), "platform"));
    });
  }
}
