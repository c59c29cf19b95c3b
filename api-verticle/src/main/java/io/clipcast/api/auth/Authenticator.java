package io.clipcast.api.auth;

import io.clipcast.web.ApiError;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

import java.util.UUID;

/**
 * {@code Authorization: Bearer <access token | API key>} → the caller's user id in the context. Everything behind
 * it reads the user with {@link #user(RoutingContext)} and scopes every query by it.
 */
public final class Authenticator implements Handler<RoutingContext> {
  private static final String USER = "userId";
  private final AccessTokens tokens;
  private final UserStore users;

  public Authenticator(AccessTokens tokens, UserStore users) {
    this.tokens = tokens;
    this.users = users;
  }

  @Override
  public void handle(RoutingContext ctx) {
    if (ctx.request().headers().getAll("Authorization").size() > 1) {
      // which one counts would depend on who reads the request (a proxy, us): refuse rather than guess
      ctx.fail(new ApiError(400, "bad_request", "Send one Authorization header, not several.", null));
      return;
    }
    String header = ctx.request().getHeader("Authorization");
    if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7) || header.length() < 8) {
      ctx.fail(unauthorized("Sign in first: send Authorization: Bearer <access token or API key>."));
      return;
    }
    String token = header.substring(7).trim();
    var owner = ApiKeys.looksLikeKey(token)
        ? users.keyOwner(ApiKeys.hash(token)).map(o -> o.orElseThrow(() -> unauthorized("This API key is unknown or revoked.")))
        : tokens.verify(token).map(UUID::fromString)
            .recover(e -> io.vertx.core.Future.failedFuture(unauthorized("The access token is invalid or expired: sign in again.")));
    owner.onSuccess(id -> {
      ctx.put(USER, id);
      ctx.next();
    }).onFailure(ctx::fail);
  }

  public static UUID user(RoutingContext ctx) {
    return ctx.get(USER);
  }

  private static ApiError unauthorized(String message) {
    return new ApiError(401, "unauthorized", message, null);
  }
}
