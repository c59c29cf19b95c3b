package io.clipcast.platforms.meta;

import io.clipcast.platforms.ErrorKind;
import io.clipcast.platforms.PlatformFailure;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Classification of Graph error codes the sandbox does not produce, against Meta's error table
 * (docs/platforms/instagram.md "Errors the connector handles").
 */
class MetaErrorsTest {

  private static PlatformFailure classify(int http, int code, int subcode, String userMessage) {
    return MetaErrors.of(new GraphApiError(http, code, subcode, "(#" + code + ") error", userMessage, 0), "Instagram", "publishing the reel");
  }

  @Test
  void spamBlockIsPermanentNotThrottling() {
    PlatformFailure f = classify(400, 4, 2207051, "We restrict certain activity to protect our community.");
    assertEquals(ErrorKind.PERMANENT, f.kind(), f.getMessage());
    assertEquals("4/2207051", f.platformCode());
    assertTrue(f.getMessage().startsWith("Instagram blocked the post as spam or restricted activity; it will not be retried."), f.getMessage());
    assertTrue(f.getMessage().contains("We restrict certain activity"), "Meta's own words are kept: " + f.getMessage());
  }

  @Test
  void serverError2207001IsRetried() {
    PlatformFailure f = classify(400, -2, 2207001, "Instagram server error. Try again.");
    assertEquals(ErrorKind.RETRYABLE, f.kind(), f.getMessage());
    assertTrue(f.getMessage().endsWith("; it will be retried."), f.getMessage());
    assertTrue(!f.getMessage().contains("spam"), f.getMessage());
  }

  @Test
  void plainThrottlingStaysRateLimited() {
    PlatformFailure f = classify(400, 4, 0, null);
    assertEquals(ErrorKind.RATE_LIMITED, f.kind());
    assertEquals(MetaErrors.THROTTLE_WAIT_MS, f.retryAfterMs());
  }
}
