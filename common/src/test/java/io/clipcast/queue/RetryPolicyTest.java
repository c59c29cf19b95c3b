package io.clipcast.queue;

import io.clipcast.config.ConfigLayers;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RetryPolicyTest {
  private static RetryPolicy withJitter(java.util.function.LongUnaryOperator jitter) {
    return new RetryPolicy(List.of(60_000L, 300_000L, 900_000L), 3, 1_000, jitter);
  }

  @Test
  void backoffFollowsTheScheduleWithFullJitter() {
    RetryPolicy max = withJitter(bound -> bound);
    assertEquals(60_000, max.decide(1, ErrorClass.RETRYABLE, 0).delayMs());
    assertEquals(300_000, max.decide(2, ErrorClass.RETRYABLE, 0).delayMs());
    assertEquals(900_000, max.decide(3, ErrorClass.RETRYABLE, 0).delayMs());
    assertEquals(RetryDecision.Kind.FAIL, max.decide(4, ErrorClass.RETRYABLE, 0).kind(), "3 retries, then failed");
    RetryPolicy min = withJitter(bound -> 0);
    assertEquals(1_000, min.decide(2, ErrorClass.RETRYABLE, 0).delayMs(), "jitter reaches down to the minimum delay");
  }

  @Test
  void randomJitterStaysInsideTheWindowAndSpreads() {
    RetryPolicy p = RetryPolicy.fromConfig(ConfigLayers.fromDefaults().build());
    java.util.Set<Long> seen = new java.util.HashSet<>();
    for (int i = 0; i < 1000; i++) {
      long d = p.decide(1, ErrorClass.RETRYABLE, 0).delayMs();
      assertTrue(d >= 1_000 && d <= 60_000, "delay " + d);
      seen.add(d / 1000);
    }
    assertTrue(seen.size() > 30, "a burst of failures does not come back as a burst: " + seen.size() + " distinct seconds");
  }

  @Test
  void classesDecideTheKindOfRetry() {
    RetryPolicy p = withJitter(bound -> bound);
    RetryDecision limited = p.decide(1, ErrorClass.RATE_LIMITED, 42_000);
    assertEquals(42_000, limited.delayMs(), "waits the platform's Retry-After");
    assertFalse(limited.countsAsAttempt(), "a 429 does not burn an attempt");
    assertEquals(RetryDecision.Kind.WAIT_RECONNECT, p.decide(1, ErrorClass.AUTH, 0).kind());
    assertEquals(RetryDecision.Kind.FAIL, p.decide(1, ErrorClass.PERMANENT, 0).kind());
  }
}
