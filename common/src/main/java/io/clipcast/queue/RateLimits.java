package io.clipcast.queue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Per-platform publish-job rate limits ({@code rateLimits.app} and {@code rateLimits.account} of each platform's rules;
 * the node builds them from the platform catalog in the platforms module). Passed to the claim script with every call,
 * so a Redis that lost its data still enforces them.
 */
public final class RateLimits {
  private final Map<String, PlatformLimits> byPlatform;

  public RateLimits(Map<String, PlatformLimits> byPlatform) {
    this.byPlatform = Collections.unmodifiableMap(new LinkedHashMap<>(byPlatform));
  }

  public static RateLimits none() {
    return new RateLimits(Map.of());
  }

  public PlatformLimits of(String platform) {
    return byPlatform.get(platform);
  }

  public Map<String, PlatformLimits> all() {
    return byPlatform;
  }

  /** The claim script's trailing arguments: count, then platform, appRate, appBurst, acctRate, acctBurst per platform. */
  List<String> args() {
    List<String> args = new ArrayList<>();
    args.add(Integer.toString(byPlatform.size()));
    byPlatform.forEach((p, l) -> args.addAll(List.of(p, Double.toString(l.appPerSecond()), Integer.toString(l.appBurst()),
        Double.toString(l.accountPerSecond()), Integer.toString(l.accountBurst()))));
    return args;
  }
}
