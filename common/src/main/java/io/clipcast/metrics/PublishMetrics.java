package io.clipcast.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.micrometer.backends.BackendRegistries;

import java.time.Duration;

/**
 * The publish workers' metrics, in the node's registry: {@code clipcast_publish_outcomes_total{platform,outcome}},
 * {@code clipcast_publish_attempt_seconds{platform,outcome}} (a histogram, so percentiles aggregate across nodes) and
 * {@code clipcast_platform_rate_limited_total{platform}} (the platform answered 429 / flood wait / "too many requests").
 * Outcome is one of {@link #OUTCOMES}; platform is a catalog id: both bounded.
 */
public final class PublishMetrics {
  /** What an attempt left the publication as (one per {@code AttemptOutcome} kind). */
  public static final java.util.List<String> OUTCOMES = java.util.List.of("published", "recheck", "retry", "deferred",
      "waiting_reconnect", "failed", "unknown", "superseded");

  private final MeterRegistry registry;

  public PublishMetrics(String nodeId) {
    MeterRegistry r = BackendRegistries.getNow(NodeMetrics.registryName(nodeId));
    this.registry = r != null ? r : new SimpleMeterRegistry(); // deployed without the launcher (tests)
  }

  /** Registers the platform's rate-limit counter at 0, so an alert sees the series before the first 429. */
  public void platform(String platform) {
    rateLimitedCounter(platform);
  }

  public void attempt(String platform, String outcome, Duration took) {
    Counter.builder("clipcast.publish.outcomes").description("Publish attempts by what they left the publication as")
        .tags("platform", platform, "outcome", outcome).register(registry).increment();
    Timer.builder("clipcast.publish.attempt").description("Publish attempt duration, claim to outcome")
        .tags("platform", platform, "outcome", outcome).publishPercentileHistogram()
        .minimumExpectedValue(Duration.ofMillis(10)).maximumExpectedValue(Duration.ofMinutes(30))
        .register(registry).record(took);
  }

  public void rateLimited(String platform) {
    rateLimitedCounter(platform).increment();
  }

  private Counter rateLimitedCounter(String platform) {
    return Counter.builder("clipcast.platform.rate.limited").description("Rate-limit refusals (429, flood wait) from the platform")
        .tags("platform", platform).register(registry);
  }
}
