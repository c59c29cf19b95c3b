package io.clipcast.publish.pipeline;

import io.clipcast.platforms.ConnectorRegistry;
import io.vertx.core.json.JsonObject;

import java.util.HashMap;
import java.util.Map;

/**
 * When a pending publication is checked again: the first recheck after {@code firstDelayMs}, each next one twice as
 * late, never later than the platform's {@code maxDelayMs} (the {@code recheck} block of conf/platforms/<id>.json), so
 * a short clip is seen published soon after the platform finishes and a long one is not polled hard.
 */
final class RecheckSchedule {
  private static final long DEFAULT_FIRST_MS = 500;
  private static final long DEFAULT_MAX_MS = 2_000;

  private record Block(long firstMs, long maxMs) {}

  private final JsonObject config;
  private final Map<String, Block> byPlatform = new HashMap<>();

  RecheckSchedule(JsonObject config) {
    this.config = config;
  }

  /** The wait before recheck number {@code n} (0 = the first recheck after the platform first answered pending). */
  long delayMs(String platform, int n) {
    Block b = byPlatform.computeIfAbsent(platform, this::block);
    long delay = b.firstMs() << Math.min(Math.max(0, n), 20);
    return Math.min(delay, b.maxMs());
  }

  /** The one read of the block: from the rules the connector settings carry. */
  private Block block(String platform) {
    JsonObject r = ConnectorRegistry.settings(config, platform).rules().getJsonObject("recheck", new JsonObject());
    long first = r.getLong("firstDelayMs", DEFAULT_FIRST_MS);
    return new Block(first, Math.max(first, r.getLong("maxDelayMs", DEFAULT_MAX_MS)));
  }
}
