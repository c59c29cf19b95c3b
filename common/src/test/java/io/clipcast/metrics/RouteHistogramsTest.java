package io.clipcast.metrics;

import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RouteHistogramsTest {
  private static final String BUCKET = "vertx_http_server_response_time_seconds_bucket";

  private static void record(PrometheusMeterRegistry registry, String route, Duration took) {
    Timer.builder(RouteHistograms.RESPONSE_TIME).tags("route", route, "method", "POST", "code", "201").register(registry).record(took);
  }

  private static long lines(String scrape, String route) {
    return scrape.lines().filter(l -> l.startsWith(BUCKET + "{") && l.contains("route=\"" + route + "\"")).count();
  }

  @Test
  void aNamedRouteGetsFineBucketsAndTheOthersOneSoTheScrapeStaysOneType() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    RouteHistograms.enable(registry, List.of("/api/v1/publications"));
    record(registry, "/api/v1/publications", Duration.ofMillis(12));
    record(registry, "/health", Duration.ofMillis(1));

    String scrape = registry.scrape(); // mixing a summary and a histogram under one name would throw here
    assertEquals(60 + 1, lines(scrape, "/api/v1/publications"), "60 buckets from 1 ms to 10 s, plus +Inf");
    assertTrue(scrape.contains(BUCKET + "{code=\"201\",method=\"POST\",route=\"/api/v1/publications\",le=\"0.01258291\"} 1"), scrape);
    assertTrue(scrape.contains(BUCKET + "{code=\"201\",method=\"POST\",route=\"/api/v1/publications\",le=\"0.011184809\"} 0"), scrape);
    assertEquals(2, lines(scrape, "/health"), "one bucket at 1 s, plus +Inf");
  }

  @Test
  void noRoutesLeavesTheTimersAsTheyWere() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    RouteHistograms.enable(registry, List.of());
    record(registry, "/api/v1/publications", Duration.ofMillis(12));
    assertFalse(registry.scrape().contains(BUCKET));
  }
}
