package io.clipcast.platforms.dzen;

import io.clipcast.platforms.PlatformFailure;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;

/**
 * Yandex OAuth's token endpoint and Yandex ID's user info (platforms/dzen.md §Auth), with their answers classified:
 * {@code invalid_grant} and a 401 from user info mean the user must sign in again (AUTH); {@code invalid_client} is
 * our app's registration (PERMANENT, for the operator); 429 waits; 5xx and no answer are retried.
 */
final class YandexOAuthClient {
  private final WebClient client;
  private final String oauthBase;
  private final String loginBase;
  private final String clientId;
  private final String clientSecret;

  YandexOAuthClient(WebClient client, String oauthBase, String loginBase, String clientId, String clientSecret) {
    this.client = client;
    this.oauthBase = oauthBase;
    this.loginBase = loginBase;
    this.clientId = clientId;
    this.clientSecret = clientSecret;
  }

  /** {@code POST /token} with the app's credentials as HTTP Basic; the token answer. */
  Future<JsonObject> token(MultiMap form) {
    return client.postAbs(oauthBase + "/token").basicAuthentication(clientId, clientSecret).timeout(30_000).sendForm(form)
        .recover(e -> Future.failedFuture(unreachable("Yandex sign-in", e)))
        .compose(r -> {
          if (r.statusCode() == 200) return body(r, "Yandex sign-in");
          return Future.failedFuture(tokenError(r));
        });
  }

  /** {@code GET /info?format=json} with {@code Authorization: OAuth <token>}: the Yandex ID account. */
  Future<JsonObject> userInfo(String accessToken) {
    return client.getAbs(loginBase + "/info").addQueryParam("format", "json").putHeader("Authorization", "OAuth " + accessToken)
        .timeout(30_000).send()
        .recover(e -> Future.failedFuture(unreachable("Yandex ID", e)))
        .compose(r -> {
          if (r.statusCode() == 200) return body(r, "Yandex ID");
          if (r.statusCode() == 401) {
            return Future.failedFuture(PlatformFailure.auth("401", "Yandex no longer accepts Clipcast's access to this account;"
                + " connect Dzen again."));
          }
          return Future.failedFuture(httpFailure(r, "Yandex ID"));
        });
  }

  private static PlatformFailure tokenError(HttpResponse<Buffer> r) {
    JsonObject body = json(r);
    String error = body == null ? null : body.getString("error");
    if ("invalid_grant".equals(error)) {
      return PlatformFailure.auth(error, "Yandex no longer accepts this sign-in (it expired or was revoked); connect Dzen again.");
    }
    if ("invalid_client".equals(error)) {
      return PlatformFailure.permanent(error, "Yandex does not accept Clipcast's app credentials for Dzen (oauth.clients.dzen);"
          + " ask the operator to check the client id and secret.");
    }
    if (error != null && r.statusCode() < 500 && r.statusCode() != 429) {
      return PlatformFailure.permanent(error, "Yandex refused the sign-in: " + error
          + (body.getString("error_description") == null ? "" : " (" + body.getString("error_description") + ")") + ". Connect Dzen again.");
    }
    return httpFailure(r, "Yandex sign-in");
  }

  private static PlatformFailure httpFailure(HttpResponse<Buffer> r, String what) {
    if (r.statusCode() == 429) {
      return PlatformFailure.rateLimited("429", what + " is limiting requests; Clipcast will try again shortly.", retryAfterMs(r));
    }
    if (r.statusCode() >= 500) {
      return PlatformFailure.retryable(Integer.toString(r.statusCode()), what + " is having trouble (HTTP " + r.statusCode()
          + "); Clipcast will try again.");
    }
    return PlatformFailure.permanent(Integer.toString(r.statusCode()), what + " answered HTTP " + r.statusCode() + " unexpectedly.");
  }

  private static long retryAfterMs(HttpResponse<Buffer> r) {
    try {
      return Long.parseLong(String.valueOf(r.getHeader("Retry-After")).trim()) * 1000;
    } catch (NumberFormatException e) {
      return 60_000;
    }
  }

  private static PlatformFailure unreachable(String what, Throwable e) {
    if (e instanceof PlatformFailure f) return f;
    return new PlatformFailure(io.clipcast.platforms.ErrorKind.RETRYABLE, null, what + " did not answer; Clipcast will try again.", 0, e);
  }

  private static Future<JsonObject> body(HttpResponse<Buffer> r, String what) {
    JsonObject body = json(r);
    return body == null ? Future.failedFuture(PlatformFailure.retryable(null, what + " sent an unreadable answer; Clipcast will try again."))
        : Future.succeededFuture(body);
  }

  private static JsonObject json(HttpResponse<Buffer> r) {
    try {
      return r.body() == null ? null : r.bodyAsJsonObject();
    } catch (DecodeException | ClassCastException e) {
      return null;
    }
  }
}
