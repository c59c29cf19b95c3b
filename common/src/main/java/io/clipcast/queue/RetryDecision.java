package io.clipcast.queue;

/** What to do after a failed attempt: retry after {@code delayMs}, fail, or wait for the user to reconnect. */
public record RetryDecision(Kind kind, long delayMs, boolean countsAsAttempt) {
  public enum Kind { RETRY, FAIL, WAIT_RECONNECT }

  static RetryDecision retry(long delayMs, boolean countsAsAttempt) {
    return new RetryDecision(Kind.RETRY, delayMs, countsAsAttempt);
  }

  static final RetryDecision FAIL = new RetryDecision(Kind.FAIL, 0, true);
  static final RetryDecision WAIT_RECONNECT = new RetryDecision(Kind.WAIT_RECONNECT, 0, false);
}
