package io.clipcast.platforms.rutube;

import io.clipcast.platforms.ConnectedAccount;
import io.clipcast.platforms.CredentialsRejected;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

import java.util.List;

/**
 * Connecting a Rutube account (docs/platforms/rutube.md): either login + password, traded once for the long-lived API token
 * ({@code token_auth}; the password is never kept), or a token the user already has. Either way the token is then checked
 * with {@code GET /api/accounts/profile/}, which also names the account.
 */
final class RutubeSignIn {
  private final RutubeClient client;

  RutubeSignIn(RutubeClient client) {
    this.client = client;
  }

  Future<ConnectedAccount> connect(JsonObject credentials) {
    String token = credentials.getString("token", "").trim();
    if (!token.isEmpty()) return check(token, "credentials.token");
    String login = credentials.getString("login", "").trim();
    String password = credentials.getString("password", "");
    if (login.isEmpty()) {
      return Future.failedFuture(new CredentialsRejected("credentials.login",
          "Enter the e-mail or phone number you sign in to Rutube with (or paste a Rutube API token instead)."));
    }
    if (password.isEmpty()) {
      return Future.failedFuture(new CredentialsRejected("credentials.password", "Enter your Rutube password. If you sign in to"
          + " Rutube with a phone code or VK ID, set a password in your Rutube profile first."));
    }
    return client.tokenAuth(login, password).recover(e -> Future.failedFuture(RutubeErrors.noAnswer(e, "signing in"))).compose(r -> {
      if (r.statusCode() == 400) {
        JsonObject body = RutubeErrors.json(r);
        boolean aboutLogin = body != null && body.containsKey("username");
        return Future.failedFuture(aboutLogin
            ? new CredentialsRejected("credentials.login", "Rutube does not accept this login: " + RutubeErrors.describe(r))
            : new CredentialsRejected("credentials.password", "Rutube did not accept this login and password. Check both; if you"
                + " sign in to Rutube with a phone code or VK ID, set a password in your Rutube profile first."));
      }
      if (r.statusCode() / 100 != 2) return Future.failedFuture(RutubeErrors.of(r, "signing in"));
      JsonObject body = RutubeErrors.json(r);
      String issued = body == null ? null : body.getString("token");
      if (issued == null || issued.isBlank()) {
        return Future.failedFuture(new IllegalStateException("Rutube token_auth answered " + r.statusCode() + " without a token"));
      }
      return check(issued, "credentials.password");
    });
  }

  /** The token's profile, as the account to store; {@code field} is what the user should fix if Rutube says no. */
  private Future<ConnectedAccount> check(String token, String field) {
    return client.profile(token).recover(e -> Future.failedFuture(RutubeErrors.noAnswer(e, "checking the sign-in"))).compose(r -> {
      if (r.statusCode() == 401) {
        return Future.failedFuture(new CredentialsRejected(field, field.equals("credentials.token")
            ? "Rutube does not accept this API token: it was mistyped or revoked. Paste it again, or sign in with your login and password."
            : "Rutube signed you in but then refused the token it issued; try connecting again in a minute."));
      }
      if (r.statusCode() / 100 != 2) return Future.failedFuture(RutubeErrors.of(r, "checking the sign-in"));
      JsonObject p = RutubeErrors.json(r);
      if (p == null || p.getValue("id") == null) {
        return Future.failedFuture(new IllegalStateException("Rutube's profile answer has no user id"));
      }
      String userId = String.valueOf(p.getValue("id"));
      return Future.succeededFuture(new ConnectedAccount(userId, p.getString("name", "Rutube " + userId), p.getString("avatar_url"),
          token, null, null, List.of(), new JsonObject().put("userId", userId)));
    });
  }
}
