package io.clipcast.launcher;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import io.vertx.core.json.JsonObject;
import io.vertx.spi.cluster.hazelcast.ConfigUtil;

/**
 * Hazelcast member config from the {@code cluster} block: TCP-IP discovery with the listed members only
 * (multicast and cloud auto-detection off: VPS networks rarely allow multicast, and a stray node must never
 * join by accident), on the Vert.x map/lock defaults from vertx-hazelcast.
 */
final class HazelcastConfigFactory {
  private HazelcastConfigFactory() {}

  static Config create(JsonObject cluster) {
    Config config = ConfigUtil.loadConfig();
    config.setClusterName(cluster.getString("name"));
    config.setProperty("hazelcast.logging.type", "slf4j");
    config.setProperty("hazelcast.phone.home.enabled", "false");
    // Vert.x leaves the cluster in order on close(); Hazelcast's own hook would race it.
    config.setProperty("hazelcast.shutdownhook.enabled", "false");
    // Joining waits 5 s by default before it even looks; members are listed, so look at once.
    config.setProperty("hazelcast.wait.seconds.before.join", "0");
    config.setProperty("hazelcast.max.join.seconds", cluster.getInteger("joinTimeoutSeconds").toString());
    config.setProperty("hazelcast.local.localAddress", ClusterHost.bind(cluster));

    NetworkConfig net = config.getNetworkConfig();
    net.setPort(cluster.getInteger("port")).setPortAutoIncrement(false);
    String publicHost = cluster.getString("publicHost");
    if (!publicHost.isBlank()) net.setPublicAddress(publicHost + ":" + cluster.getInteger("port"));
    JoinConfig join = net.getJoin();
    join.getMulticastConfig().setEnabled(false);
    join.getAutoDetectionConfig().setEnabled(false);
    join.getTcpIpConfig().setEnabled(true);
    cluster.getJsonArray("members").forEach(m -> join.getTcpIpConfig().addMember(m.toString()));
    return config;
  }
}
