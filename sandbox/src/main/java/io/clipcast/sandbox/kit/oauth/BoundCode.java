package io.clipcast.sandbox.kit.oauth;

import java.util.Set;

/**
 * What an authorization code is bound to, as the token endpoint checks it: the client it was issued to, and where the
 * platform binds them, the redirect URI, the device and the PKCE challenge (null = not bound).
 *
 * @param <S> the subject the tokens will be granted to
 */
public interface BoundCode<S> {
  String clientId();

  S subject();

  Set<String> scopes();

  default String redirectUri() {
    return null;
  }

  default String device() {
    return null;
  }

  default String challenge() {
    return null;
  }

  /** {@code S256} or {@code plain}. */
  default String challengeMethod() {
    return "S256";
  }
}
