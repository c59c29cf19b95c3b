package io.clipcast.metrics;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import io.vertx.micrometer.Label;

import java.time.Duration;
import java.util.Collection;
import java.util.Set;

/**
 * Histogram buckets for the HTTP server response time of the routes named in {@code ops.histogramRoutes}, so a
 * scraper (Prometheus, bench/api/run.sh) can compute percentiles that aggregate across nodes. Every other route keeps
 * one bucket (at 1 s): each bucket is a series per route, method and status, and a Prometheus metric family must be
 * of one type, so the other routes cannot stay summaries once one route is a histogram (the scrape fails).
 */
public final class RouteHistograms {
  /** The Vert.x Micrometer timer of a server request, from its first byte to its response's last. */
  static final String RESPONSE_TIME = "vertx.http.server.response.time";

  private RouteHistograms() {}

  /** Call before the HTTP servers take requests: a filter shapes only meters registered after it. */
  public static void enable(MeterRegistry registry, Collection<String> routes) {
    if (routes.isEmpty()) return;
    Set<String> wanted = Set.copyOf(routes);
    registry.config().meterFilter(new MeterFilter() {
      @Override
      public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
        if (!id.getName().equals(RESPONSE_TIME)) return config;
        if (!wanted.contains(id.getTag(Label.HTTP_ROUTE.toString()))) {
          return DistributionStatisticConfig.builder().serviceLevelObjectives((double) Duration.ofSeconds(1).toNanos())
              .build().merge(config);
        }
        // 1 ms .. 10 s: 60 buckets, 1.4-5.6 ms apart between 10 and 70 ms
        return DistributionStatisticConfig.builder().percentilesHistogram(true)
            .minimumExpectedValue((double) Duration.ofMillis(1).toNanos())
            .maximumExpectedValue((double) Duration.ofSeconds(10).toNanos())
            .build().merge(config);
      }
    });
  }
}
