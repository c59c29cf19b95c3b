package io.clipcast.bench.cluster;

import io.vertx.core.json.JsonObject;

import java.util.Set;

/** Sandbox settings shared by the benches: audited apps, quotas that do not end the run, a fixed time per post. */
public final class BenchSetup {
  /** Publication statuses that end its life. */
  public static final Set<String> TERMINAL = Set.of("published", "failed", "unknown", "cancelled");

  private BenchSetup() {}

  /**
   * Audited TikTok and YouTube apps, YouTube's project quota raised (a project with a quota extension; the nodes need
   * {@link #YOUTUBE_QUOTA_PATCH} too), platform-side processing off, and instead {@code latencyMs} per post on VK,
   * Telegram, YouTube and TikTok ({@code /_sandbox/pacing}; 0 = none): each post's upload takes that long to be received.
   */
  public static void sandboxForBench(ClusterClient client, int latencyMs) {
    client.sandboxPost("/tiktok/_sandbox/settings", new JsonObject().put("audited", true).put("processingMs", 0));
    client.sandboxPost("/youtube/_sandbox/settings", new JsonObject().put("uploadsPerDay", 1_000_000).put("unitsPerDay", 100_000_000)
        .put("processingMs", 0));
    client.sandboxPost("/vk/_sandbox/api", new JsonObject().put("processingMs", 0));
    for (String p : ClusterClient.PLATFORMS) client.sandboxPost("/_sandbox/pacing", new JsonObject().put("platform", p).put("latencyMs", latencyMs));
  }

  /** conf/platforms/youtube.json patch: a project quota that a long bench does not exhaust (see {@link #sandboxForBench}). */
  public static final JsonObject YOUTUBE_QUOTA_PATCH = new JsonObject().put("dailyQuota", new JsonObject().put("models", new JsonObject()
      .put("uploads", new JsonObject().put("uploadsPerDay", 1_000_000).put("unitsPerDay", 100_000_000))
      .put("units", new JsonObject().put("unitsPerDay", 100_000_000))));
}
