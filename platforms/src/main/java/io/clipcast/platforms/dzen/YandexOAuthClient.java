package io.clipcast.platforms.dzen;

import io.clipcast.platforms.ConnectorSettings;
import io.clipcast.platforms.ErrorKind;
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

/**
 * Yandex OAuth's authorize URL and token endpoint on the shared {@link OAuth2Flow} (the app's credentials as HTTP Basic,
 * PKCE S256) and Yandex ID's user info (docs/platforms/dzen.md): {@code invalid_grant} and a 401 from user info mean
 * the user must sign in again (AUTH); {@code invalid_client} is our app's registration (PERMANENT, for the operator);
 * 429 waits; 5xx and no answer are retried.
 */
final class YandexOAuthClient {
  private final WebClient client;
  private final String loginBase;
  private final OAuth2Flow flow;

  YandexOAuthClient(Vertx vertx, WebClient client, ConnectorSettings settings) {
    this.client = client;
    this.loginBase = settings.endpoint("login");
    String oauthBase = settings.endpoint("oauth");
    // force_confirm=yes: Yandex asks which account even when one is signed in (channels often live on a second one)
    this.flow = new OAuth2Flow(vertx, client, OAuthProfile.of("Yandex", oauthBase + "/authorize", oauthBase + "/token",
            settings.clientId(), settings.clientSecret(), settings.redirectUri()).clientAuth(OAuthProfile.ClientAuth.BASIC).pkce()
        .authorizeParam("force_confirm", "yes").operatorErrors("invalid_client").statusCodePrefix("").defaultRetryAfterMs(60_000)
        .reconnectHint("It expired or was revoked; connect Dzen again."), 30_000);
  }

  String authorizationUrl(OAuthStart start, List<String> scopes) {
    return flow.authorizationUrl(start, scopes, " ");
  }

  /** {@code POST /token} with the app's credentials as HTTP Basic; the token answer. */
  Future<JsonObject> token(MultiMap form) {
    return flow.token(form, "refresh_token".equals(form.get("grant_type")) ? "token renewal" : "sign-in");
  }

  /** {@code GET /info?format=json} with {@code Authorization: OAuth <token>}: the Yandex ID account. */
  Future<JsonObject> userInfo(String accessToken) {
    return client.getAbs(loginBase + "/info").addQueryParam("format", "json").putHeader("Authorization", "OAuth " + accessToken)
        .timeout(30_000).send()
        .recover(e -> Future.failedFuture(new PlatformFailure(ErrorKind.RETRYABLE, null, "Yandex ID did not answer; Clipcast will try"
            + " again.", 0, e)))
        .compose(r -> {
          JsonObject body = r.statusCode() == 200 ? TokenAnswer.json(r) : null;
          if (body != null) return Future.succeededFuture(body);
          int s = r.statusCode();
          if (s == 200) return Future.failedFuture(PlatformFailure.retryable(null, "Yandex ID sent an unreadable answer; Clipcast will try again."));
          if (s == 401) {
            return Future.failedFuture(PlatformFailure.auth("401", "Yandex no longer accepts Clipcast's access to this account;"
                + " connect Dzen again."));
          }
          if (s == 429) {
            return Future.failedFuture(PlatformFailure.rateLimited("429", "Yandex ID is limiting requests; Clipcast will try again shortly.",
                TokenAnswer.retryAfterMs(r.getHeader("Retry-After"), 60_000)));
          }
          return Future.failedFuture(s >= 500
              ? PlatformFailure.retryable(Integer.toString(s), "Yandex ID is having trouble (HTTP " + s + "); Clipcast will try again.")
              : PlatformFailure.permanent(Integer.toString(s), "Yandex ID answered HTTP " + s + " unexpectedly."));
        });
  }
}
