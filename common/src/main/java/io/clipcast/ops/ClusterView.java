package io.clipcast.ops;

import io.vertx.core.Vertx;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.spi.cluster.ClusterManager;

import java.util.List;

/**
 * What this node knows of the cluster. Vert.x exposes the cluster manager only through its internal API;
 * this is the one place that touches it.
 */
public final class ClusterView {
  private ClusterView() {}

  private static ClusterManager manager(Vertx vertx) {
    return vertx instanceof VertxInternal ? ((VertxInternal) vertx).clusterManager() : null;
  }

  public static boolean clustered(Vertx vertx) {
    return vertx.isClustered() && manager(vertx) != null;
  }

  /** True when standalone, or when the cluster manager is still a live member. */
  public static boolean joined(Vertx vertx) {
    ClusterManager cm = manager(vertx);
    return !vertx.isClustered() || (cm != null && cm.isActive());
  }

  /** The event-bus identity of this node: the cluster member id when clustered, else the configured id. */
  public static String localNodeId(Vertx vertx, String configuredId) {
    ClusterManager cm = manager(vertx);
    return vertx.isClustered() && cm != null ? cm.getNodeId() : configuredId;
  }

  /** Member ids of the cluster (just this node when standalone). */
  public static List<String> members(Vertx vertx, String configuredId) {
    ClusterManager cm = manager(vertx);
    return vertx.isClustered() && cm != null ? cm.getNodes() : List.of(configuredId);
  }
}
