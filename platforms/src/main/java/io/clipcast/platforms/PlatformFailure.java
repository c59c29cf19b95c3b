package io.clipcast.platforms;

/**
 * A platform call that did not succeed, classified for the pipeline. {@code platformCode} is the platform's own error
 * code (VK {@code 6}, Telegram {@code 429}, …) when it gave one; the message is shown to the user, so it says what
 * happened in their terms and never contains a token.
 */
public final class PlatformFailure extends RuntimeException {
  private final ErrorKind kind;
  private final String platformCode;
  private final long retryAfterMs;

  public PlatformFailure(ErrorKind kind, String platformCode, String message, long retryAfterMs, Throwable cause) {
    super(message, cause, false, false);
    this.kind = kind;
    this.platformCode = platformCode;
    this.retryAfterMs = retryAfterMs;
  }

  public static PlatformFailure retryable(String code, String message) {
    return new PlatformFailure(ErrorKind.RETRYABLE, code, message, 0, null);
  }

  public static PlatformFailure rateLimited(String code, String message, long retryAfterMs) {
    return new PlatformFailure(ErrorKind.RATE_LIMITED, code, message, retryAfterMs, null);
  }

  public static PlatformFailure auth(String code, String message) {
    return new PlatformFailure(ErrorKind.AUTH, code, message, 0, null);
  }

  public static PlatformFailure permanent(String code, String message) {
    return new PlatformFailure(ErrorKind.PERMANENT, code, message, 0, null);
  }

  /**
   * A quota is exhausted until {@code until}: the message is shown as the publication's status and says so in the
   * user's terms, e.g. "YouTube daily upload limit reached; publishing at 00:01 PT = 10:01 MSK".
   */
  public static PlatformFailure deferred(String code, String message, java.time.Instant until) {
    return new PlatformFailure(ErrorKind.DEFERRED, code, message, Math.max(1000, until.toEpochMilli() - System.currentTimeMillis()), null);
  }

  public static PlatformFailure outcomeUnknown(String message, Throwable cause) {
    return new PlatformFailure(ErrorKind.OUTCOME_UNKNOWN, null, message, 0, cause);
  }

  public ErrorKind kind() {
    return kind;
  }

  public String platformCode() {
    return platformCode;
  }

  /** The platform's requested wait (Retry-After, retry_after) or a deferral's wait, 0 when it named none. */
  public long retryAfterMs() {
    return retryAfterMs;
  }
}
