package io.clipcast.launcher;

import io.vertx.core.json.JsonObject;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * The address this node binds and advertises for Hazelcast and the event bus. Blank {@code cluster.host}
 * means "the address my hostname resolves to", which is the container's IP under Docker, where the IP is
 * not known before start.
 */
final class ClusterHost {
  private ClusterHost() {}

  static String bind(JsonObject cluster) {
    String host = cluster.getString("host");
    if (!host.isBlank()) return host;
    try {
      return InetAddress.getLocalHost().getHostAddress();
    } catch (UnknownHostException e) {
      throw new IllegalStateException("cluster.host is blank and this machine's hostname does not resolve;"
          + " set cluster.host (CLIPCAST_CLUSTER_HOST) to this node's address", e);
    }
  }

  static String advertised(JsonObject cluster) {
    String publicHost = cluster.getString("publicHost");
    return publicHost.isBlank() ? bind(cluster) : publicHost;
  }
}
