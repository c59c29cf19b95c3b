package io.clipcast.queue;

/**
 * A handler's way to put its job back for exactly {@code delayMs} without the retry policy: the work is not done and
 * did not fail (platform still processing, circuit open, retry already recorded by the handler).
 */
public final class JobDeferral extends RuntimeException {
  private final long delayMs;

  public JobDeferral(long delayMs, String why) {
    super(why, null, false, false);
    this.delayMs = delayMs;
  }

  public long delayMs() {
    return delayMs;
  }
}
