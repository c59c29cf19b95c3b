package io.clipcast.launcher;

import io.clipcast.metrics.NodeMetrics;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxBuilder;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;

/** One Vert.x per node: standalone, or a member of the Hazelcast cluster when {@code cluster.enabled}. */
final class VertxFactory {
  private VertxFactory() {}

  static Future<Vertx> create(JsonObject config) {
    String nodeId = config.getJsonObject("node").getString("id");
    VertxOptions options = new VertxOptions().setMetricsOptions(NodeMetrics.options(nodeId));
    VertxBuilder builder = Vertx.builder().with(options).withMetrics(new MicrometerMetricsFactory());
    JsonObject cluster = config.getJsonObject("cluster");
    if (!cluster.getBoolean("enabled")) {
      return Future.succeededFuture(builder.build());
    }
    options.getEventBusOptions()
        .setHost(ClusterHost.bind(cluster))
        .setPort(cluster.getInteger("eventBusPort"))
        .setClusterPublicHost(ClusterHost.advertised(cluster));
    return builder.with(options)
        .withClusterManager(new HazelcastClusterManager(HazelcastConfigFactory.create(cluster)))
        .buildClustered();
  }
}
