package io.clipcast.publish.pipeline;

import io.clipcast.queue.PlatformLimits;
import io.clipcast.queue.RateLimiter;
import io.clipcast.queue.RateLimits;

/**
 * The bucket a platform's "slow down" (429, flood control, throttling code) pauses: the app-wide one only where the
 * platform documents an app-wide limit; otherwise the connection's own (a Telegram bot's flood limit, a VK token's
 * 3 calls/s), so one user's 429 does not stop every other user of the platform (docs/platforms/<id>.md, Rate limits).
 */
final class ThrottledBucket {
  private ThrottledBucket() {}

  static String of(RateLimits limits, String platform, String connectionId) {
    PlatformLimits l = limits.of(platform);
    return l == null ? RateLimiter.accountKey(platform, connectionId) : l.bucketFor(platform, connectionId).key();
  }
}
