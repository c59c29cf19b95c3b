package io.clipcast.platforms.rutube;

import io.clipcast.platforms.ConnectedAccount;
import io.clipcast.platforms.CredentialsRejected;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;

/**
 * Connecting a Rutube account (docs/platforms/rutube.md, "Connecting") with the calls Rutube's own client makes: login +
 * password traded once for the long-lived API token ({@code token_auth}; the password is never kept), or a token the
 * user already has; either way the token is checked with {@code GET /api/video/person/} (the token's own videos). The
 * account id is {@code token_auth}'s {@code userid}, else the {@code author} of the token's newest video; its name comes
 * from the public {@code /api/profile/user/<id>/}. Only a bare token on an account without videos falls back to
 * {@code /api/accounts/profile/}, which Rutube's client does not have.
 */
final class RutubeSignIn {
  private final RutubeClient client;

  RutubeSignIn(RutubeClient client) {
    this.client = client;
  }

  Future<ConnectedAccount> connect(JsonObject credentials) {
    String token = credentials.getString("token", "").trim();
    if (!token.isEmpty()) return check(token, "credentials.token", null);
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
      Object userid = body.getValue("userid");
      return check(issued, "credentials.password", userid == null ? null : String.valueOf(userid));
    });
  }

  /**
   * The token checked against its own video list, then the account it belongs to; {@code field} is what the user should
   * fix if Rutube says no, {@code userId} the id token_auth gave (null for a bare token).
   */
  private Future<ConnectedAccount> check(String token, String field, String userId) {
    return client.ownVideos(token, 1).recover(e -> Future.failedFuture(RutubeErrors.noAnswer(e, "checking the sign-in"))).compose(r -> {
      if (r.statusCode() == 401) {
        return Future.failedFuture(new CredentialsRejected(field, field.equals("credentials.token")
            ? "Rutube does not accept this API token: it was mistyped or revoked. Paste it again, or sign in with your login and password."
            : "Rutube signed you in but then refused the token it issued; try connecting again in a minute."));
      }
      if (r.statusCode() / 100 != 2) return Future.failedFuture(RutubeErrors.of(r, "checking the sign-in"));
      JsonObject page = RutubeErrors.json(r);
      JsonArray results = page == null ? null : page.getJsonArray("results");
      JsonObject author = results == null || results.isEmpty() || !(results.getValue(0) instanceof JsonObject v) ? null : v.getJsonObject("author");
      String owner = userId != null ? userId : author != null && author.getValue("id") != null ? String.valueOf(author.getValue("id")) : null;
      if (owner == null) return profile(token);
      String authorName = author == null ? null : author.getString("name");
      return client.channel(owner).transform(ar -> {
        JsonObject card = ar.succeeded() && ar.result().statusCode() == 200 ? RutubeErrors.json(ar.result()) : null;
        String name = card != null && card.getString("name") != null ? card.getString("name") : authorName != null ? authorName : "Rutube " + owner;
        return Future.succeededFuture(account(owner, name, card == null ? null : card.getString("avatar_url"), token));
      });
    });
  }

  /** A bare token on an account without videos: only the profile endpoint names its owner (not in Rutube's client). */
  private Future<ConnectedAccount> profile(String token) {
    return client.profile(token).recover(e -> Future.failedFuture(RutubeErrors.noAnswer(e, "checking the sign-in"))).compose(r -> {
      if (r.statusCode() / 100 != 2) return Future.failedFuture(RutubeErrors.of(r, "checking the sign-in"));
      JsonObject p = RutubeErrors.json(r);
      if (p == null || p.getValue("id") == null) {
        return Future.failedFuture(new IllegalStateException("Rutube's profile answer has no user id"));
      }
      String userId = String.valueOf(p.getValue("id"));
      return Future.succeededFuture(account(userId, p.getString("name", "Rutube " + userId), p.getString("avatar_url"), token));
    });
  }

  private static ConnectedAccount account(String userId, String name, String avatar, String token) {
    return new ConnectedAccount(userId, name, avatar, token, null, null, List.of(), new JsonObject().put("userId", userId));
  }
}
