package io.clipcast.launcher;

import io.clipcast.launcher.cluster.EventBusTls;
import io.clipcast.launcher.cluster.MemberHandshake;
import io.clipcast.launcher.cluster.OwnedHazelcastClusterManager;
import io.clipcast.launcher.cluster.SecuredMember;
import io.clipcast.metrics.NodeMetrics;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxBuilder;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.micrometer.MicrometerMetricsFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Vert.x per node: standalone, or a member of the Hazelcast cluster when {@code cluster.enabled}. A clustered
 * node joins only members that prove they know {@code cluster.secret}, and its event bus runs mutual TLS when
 * {@code cluster.tls.enabled}.
 */
final class VertxFactory {
  private static final Logger log = LoggerFactory.getLogger(VertxFactory.class);

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
    EventBusTls.apply(options.getEventBusOptions(), cluster.getJsonObject("tls"));
    if (!cluster.getJsonObject("tls").getBoolean("enabled")) {
      log.warn("cluster.tls.enabled is false: event-bus messages between nodes travel in plaintext, and anyone who"
          + " can reach this node's event-bus port can send them; keep that port on a private network");
    }
    MemberHandshake handshake = new MemberHandshake(cluster.getString("secret"), cluster.getInteger("handshakeTimeoutMs"));
    return SecuredMember.start(HazelcastConfigFactory.create(cluster), handshake)
        .compose(member -> builder.with(options)
            .withClusterManager(new OwnedHazelcastClusterManager(member))
            .buildClustered()
            .onFailure(e -> member.getLifecycleService().terminate()));
  }
}
