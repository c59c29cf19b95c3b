package io.clipcast.sandbox.tiktok;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Per-token sliding one-minute windows per endpoint (docs/platforms/tiktok.md: init 6/min, status/fetch 30/min); Blotato's
 * per-key limits use the same windows.
 */
public final class TikTokRateLimits {
  private final Map<String, Deque<Long>> windows = new ConcurrentHashMap<>();

  /** True when the call fits within {@code perMinute} for this token and endpoint (0 = unlimited), and counts it. */
  public boolean allow(String token, String endpoint, int perMinute) {
    if (perMinute <= 0) return true;
    Deque<Long> w = windows.computeIfAbsent(endpoint + "|" + token, k -> new ArrayDeque<>());
    long now = System.currentTimeMillis();
    synchronized (w) {
      while (!w.isEmpty() && w.peekFirst() <= now - 60_000) w.pollFirst();
      if (w.size() >= perMinute) return false;
      w.addLast(now);
      return true;
    }
  }

  /** Seconds until the oldest call in the window leaves it. */
  long retryAfterSeconds(String token, String endpoint) {
    Deque<Long> w = windows.get(endpoint + "|" + token);
    if (w == null) return 1;
    synchronized (w) {
      Long first = w.peekFirst();
      return first == null ? 1 : Math.max(1, (first + 60_000 - System.currentTimeMillis() + 999) / 1000);
    }
  }
}
