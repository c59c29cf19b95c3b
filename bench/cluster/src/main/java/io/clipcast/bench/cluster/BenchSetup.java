package io.clipcast.bench.cluster;

import io.vertx.core.json.JsonObject;

import java.util.Set;

/** Sandbox settings shared by the benches: audited apps, quotas that do not end the run, a fixed time per post. */
public final class BenchSetup {
  /** Publication statuses that end its life. */
  public static final Set<String> TERMINAL = Set.of("published", "failed", "unknown", "cancelled");

  private BenchSetup() {}

  /**
   * Audited TikTok and YouTube apps, YouTube's project quota raised (a project with a quota extension), and
   * {@code latencyMs} per post on VK, Telegram, YouTube and TikTok (0 = none).
   */
  public static void sandboxForBench(ClusterClient client, int latencyMs) {
    client.sandboxPost("/tiktok/_sandbox/settings", new JsonObject().put("audited", true).put("processingMs", 0));
    client.sandboxPost("/youtube/_sandbox/settings", new JsonObject().put("uploadsPerDay", 1_000_000).put("unitsPerDay", 100_000_000)
        .put("processingMs", 0));
  }
}
