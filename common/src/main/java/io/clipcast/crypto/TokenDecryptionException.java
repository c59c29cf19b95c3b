package io.clipcast.crypto;

/**
 * A token ciphertext that cannot be turned back into the token. Never carries plaintext or key material;
 * the caller treats the connection as needing a reconnect rather than retrying.
 */
public class TokenDecryptionException extends RuntimeException {
  /** Why decryption failed. */
  public enum Reason {
    /** Not a blob this cipher writes: too short, unknown format version or a bad key id field. */
    MALFORMED,
    /** The blob names a key id that is not in {@code crypto.keys} (removed too early in a rotation?). */
    UNKNOWN_KEY,
    /** The GCM tag does not verify: the blob was altered, or it belongs to another row, user or platform. */
    NOT_AUTHENTIC
  }

  private final Reason reason;

  TokenDecryptionException(Reason reason, String message) {
    super(message, null, false, false);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
