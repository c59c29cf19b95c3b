package io.clipcast.metrics;

import io.vertx.micrometer.Label;
import io.vertx.micrometer.Match;
import io.vertx.micrometer.MatchType;
import io.vertx.micrometer.MetricsDomain;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.micrometer.VertxPrometheusOptions;

import java.util.EnumSet;

/**
 * Metrics options for a node: Prometheus registry per node, JVM metrics, and only bounded labels — HTTP
 * metrics are labelled by route template ({@code /api/v1/clips/:id}), never by raw path, and by method only for the
 * methods HTTP defines: any other method a client invents is counted as {@code OTHER}, so no client can add series.
 */
public final class NodeMetrics {
  private NodeMetrics() {}

  public static String registryName(String nodeId) {
    return "clipcast-" + nodeId;
  }

  /** Every method a client can name that is not one of these becomes {@code OTHER}. */
  static final String KNOWN_METHODS = "GET|HEAD|POST|PUT|PATCH|DELETE|OPTIONS|TRACE|CONNECT";

  public static MicrometerMetricsOptions options(String nodeId) {
    return new MicrometerMetricsOptions()
        .setEnabled(true)
        .setRegistryName(registryName(nodeId))
        .setJvmMetricsEnabled(true)
        .setPrometheusOptions(new VertxPrometheusOptions().setEnabled(true))
        .setLabels(EnumSet.of(Label.HTTP_ROUTE, Label.HTTP_METHOD, Label.HTTP_CODE,
            Label.POOL_TYPE, Label.POOL_NAME, Label.CLIENT_NAME, Label.EB_SIDE, Label.EB_FAILURE))
        .addLabelMatch(new Match().setDomain(MetricsDomain.HTTP_SERVER).setLabel(Label.HTTP_METHOD.toString())
            .setType(MatchType.REGEX).setValue("(?!(" + KNOWN_METHODS + ")$).*").setAlias("OTHER"));
  }
}
