package io.clipcast.api.auth;

import io.clipcast.config.ConfigException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.authentication.TokenCredentials;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;

/**
 * Short-lived HS256 access tokens carrying the user id. Only HS256 with our secret verifies: {@code alg:none} and
 * tokens signed with another algorithm or key are refused by the JWT provider.
 */
public final class AccessTokens {
  private final JWTAuth jwt;
  private final int ttlSeconds;

  public AccessTokens(Vertx vertx, JsonObject auth) {
    String secret = auth.getString("jwtSecret");
    if (secret.length() < 32) {
      throw new ConfigException("auth.jwtSecret", "Config key 'auth.jwtSecret' must be at least 32 characters (a random secret shared by"
          + " every API node); set CLIPCAST_AUTH_JWT_SECRET. Dev mode generates one.");
    }
    this.jwt = JWTAuth.create(vertx, new JWTAuthOptions()
        .addPubSecKey(new PubSecKeyOptions().setAlgorithm("HS256").setBuffer(secret))
        .setJWTOptions(new JWTOptions().setAlgorithm("HS256").setIssuer("clipcast")));
    this.ttlSeconds = auth.getInteger("accessTokenTtlSeconds");
  }

  public String issue(String userId) {
    return jwt.generateToken(new JsonObject().put("sub", userId),
        new JWTOptions().setAlgorithm("HS256").setIssuer("clipcast").setExpiresInSeconds(ttlSeconds));
  }

  public int ttlSeconds() {
    return ttlSeconds;
  }

  /** The user id of a valid, unexpired token. */
  public Future<String> verify(String token) {
    return jwt.authenticate(new TokenCredentials(token)).map(u -> u.principal().getString("sub"));
  }
}
