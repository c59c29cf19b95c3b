package io.clipcast.metrics;

import io.vertx.micrometer.Label;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.micrometer.VertxPrometheusOptions;

import java.util.EnumSet;

/**
 * Metrics options for a node: Prometheus registry per node, JVM metrics, and only bounded labels — HTTP
 * metrics are labelled by route template ({@code /api/v1/clips/:id}), never by raw path.
 */
public final class NodeMetrics {
  private NodeMetrics() {}

  public static String registryName(String nodeId) {
    return "clipcast-" + nodeId;
  }

  public static MicrometerMetricsOptions options(String nodeId) {
    return new MicrometerMetricsOptions()
        .setEnabled(true)
        .setRegistryName(registryName(nodeId))
        .setJvmMetricsEnabled(true)
        .setPrometheusOptions(new VertxPrometheusOptions().setEnabled(true))
        .setLabels(EnumSet.of(Label.HTTP_ROUTE, Label.HTTP_METHOD, Label.HTTP_CODE,
            Label.POOL_TYPE, Label.POOL_NAME, Label.CLIENT_NAME, Label.EB_SIDE, Label.EB_FAILURE));
  }
}
