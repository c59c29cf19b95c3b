package io.clipcast.platforms;

import io.vertx.core.Future;

/** A platform whose users connect by signing in on the platform (OAuth 2 with PKCE). */
public interface OAuthSignIn {
  /** The URL to send the user's browser to. */
  String authorizationUrl(OAuthStart start);

  /** Trades the callback's code (with the PKCE verifier) for tokens and the account they belong to. */
  Future<ConnectedAccount> exchangeCode(OAuthCallback callback);

  /**
   * New tokens for {@code current} (which has a refresh token). Fails with an {@link ErrorKind#AUTH}
   * {@link PlatformFailure} when the user must sign in again. Platforms that rotate refresh tokens return the new one.
   */
  Future<ConnectedAccount> refresh(ConnectedAccount current);
}
