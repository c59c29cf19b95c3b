package io.clipcast.launcher;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.config.SocketInterceptorConfig;
import io.clipcast.launcher.cluster.OwnedHazelcastClusterManager;
import io.vertx.core.json.JsonObject;
import io.vertx.spi.cluster.hazelcast.ConfigUtil;

import java.util.UUID;

/**
 * Hazelcast member config from the {@code cluster} block: TCP-IP discovery with the listed members only
 * (multicast and cloud auto-detection off: VPS networks rarely allow multicast, and a stray node must never
 * join by accident), on the Vert.x map/lock defaults from vertx-hazelcast. The socket interceptor is switched on
 * so that every member connection runs the {@code cluster.secret} handshake (see {@code cluster.MemberHandshake}).
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
    // Vert.x finds its node id here on a member it did not start itself
    config.getMemberAttributeConfig().setAttribute(OwnedHazelcastClusterManager.NODE_ID_ATTRIBUTE, UUID.randomUUID().toString());

    NetworkConfig net = config.getNetworkConfig();
    net.setPort(cluster.getInteger("port")).setPortAutoIncrement(false);
    net.setSocketInterceptorConfig(new SocketInterceptorConfig().setEnabled(true));
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
