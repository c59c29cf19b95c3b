package io.clipcast.queue;

import io.clipcast.config.ConfigLayers;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Per-platform publish-job rate limits, read from {@code conf/platforms/<id>.json} ({@code rateLimits.app} and
 * {@code rateLimits.account}). Passed to the claim script with every call, so a Redis that lost its data still
 * enforces them.
 */
public final class RateLimits {
  private final Map<String, PlatformLimits> byPlatform;

  public RateLimits(Map<String, PlatformLimits> byPlatform) {
    this.byPlatform = Collections.unmodifiableMap(new LinkedHashMap<>(byPlatform));
  }

  public static RateLimits none() {
    return new RateLimits(Map.of());
  }

  /** Loads the limits of the enabled platforms ({@code platforms.enabled}). */
  public static RateLimits fromConfig(JsonObject config) {
    Map<String, PlatformLimits> limits = new LinkedHashMap<>();
    for (Object id : config.getJsonObject("platforms").getJsonArray("enabled")) {
      JsonObject rules = ConfigLayers.readResource("conf/platforms/" + id + ".json");
      JsonObject rl = rules.getJsonObject("rateLimits");
      JsonObject app = rl.getJsonObject("app");
      JsonObject account = rl.getJsonObject("account");
      limits.put(id.toString(), new PlatformLimits(app.getDouble("perSecond"), app.getInteger("burst"),
          account.getDouble("perSecond"), account.getInteger("burst")));
    }
    return new RateLimits(limits);
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
