package io.clipcast.sandbox.kit.oauth;

/** Why a token endpoint refuses a request; each platform maps them to its own answers ({@link TokenRefusals}). */
public enum TokenProblem {
  /** The body is not {@code application/x-www-form-urlencoded}. */
  NOT_FORM,
  /** An {@code Authorization: Basic} header that does not decode to {@code id:secret}. */
  MALFORMED_BASIC,
  /** The body's client id differs from the Basic header's. */
  CLIENT_MISMATCH,
  /** A required parameter is absent or blank (the parameter is named). */
  MISSING,
  NO_GRANT_TYPE,
  /** A grant type the platform does not take (the grant type is named). */
  UNSUPPORTED_GRANT,
  UNKNOWN_CLIENT,
  WRONG_SECRET,
  CODE_UNKNOWN,
  CODE_EXPIRED,
  CODE_OTHER_CLIENT,
  CODE_OTHER_REDIRECT,
  CODE_OTHER_DEVICE,
  VERIFIER_MISSING,
  VERIFIER_MALFORMED,
  VERIFIER_WRONG,
  /** The client may not use refresh tokens at all (LinkedIn's programmatic refresh). */
  REFRESH_NOT_ALLOWED,
  /** The call drew a {@code token_expired} fault. */
  REFRESH_EXPIRED_FAULT,
  REFRESH_UNKNOWN,
  REFRESH_EXPIRED,
  REFRESH_OTHER_CLIENT,
  REFRESH_OTHER_DEVICE,
  /** The {@code scope} asked for on refresh is wider than the one granted. */
  REFRESH_SCOPE_WIDER,
  /** A rotating refresh token a concurrent refresh used first. */
  REFRESH_USED
}
