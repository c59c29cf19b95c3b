package io.clipcast.queue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.function.LongUnaryOperator;

/**
 * Exponential backoff with full jitter: retry n waits a uniformly random time in [minDelay, delays[n]]
 * (defaults 1, 5, 15 min; 3 retries), so a burst of failures does not come back as a burst. Rate-limited
 * failures wait the platform's Retry-After and spend no attempt; auth failures wait for a reconnect. The publish
 * worker's one retry policy: the attempt runner decides with it and hands the queue the result as a value.
 */
public final class RetryPolicy {
  private final List<Long> delaysMs;
  private final int maxRetries;
  private final long minDelayMs;
  private final LongUnaryOperator jitter;

  public RetryPolicy(List<Long> delaysMs, int maxRetries, long minDelayMs, LongUnaryOperator jitter) {
    if (delaysMs.isEmpty()) throw new IllegalArgumentException("retry.delaysMs must list at least one delay");
    this.delaysMs = List.copyOf(delaysMs);
    this.maxRetries = maxRetries;
    this.minDelayMs = minDelayMs;
    this.jitter = jitter;
  }

  /** From the {@code retry} config block, with random full jitter. */
  public static RetryPolicy fromConfig(JsonObject config) {
    JsonObject r = config.getJsonObject("retry");
    JsonArray delays = r.getJsonArray("delaysMs");
    List<Long> ms = delays.stream().map(d -> ((Number) d).longValue()).toList();
    return new RetryPolicy(ms, r.getInteger("maxRetries"), r.getLong("minDelayMs"),
        bound -> java.util.concurrent.ThreadLocalRandom.current().nextLong(bound + 1));
  }

  /**
   * @param attempt     the attempt that just failed (1 = the first try)
   * @param retryAfterMs the platform's Retry-After for rate-limited failures (else ignored)
   */
  public RetryDecision decide(int attempt, ErrorClass errorClass, long retryAfterMs) {
    switch (errorClass) {
      case PERMANENT:
        return RetryDecision.FAIL;
      case AUTH:
        return RetryDecision.WAIT_RECONNECT;
      case RATE_LIMITED:
        return RetryDecision.retry(Math.max(minDelayMs, retryAfterMs), false);
      default:
        int retry = attempt; // the first retry follows attempt 1
        if (retry > maxRetries) return RetryDecision.FAIL;
        long cap = delaysMs.get(Math.min(retry, delaysMs.size()) - 1);
        long span = Math.max(0, cap - minDelayMs);
        return RetryDecision.retry(minDelayMs + jitter.applyAsLong(span), true);
    }
  }
}
