package io.clipcast.devservices;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntSupplier;

/**
 * A Redis Cluster of {@code masters} redis-server processes on 127.0.0.1 (no replicas), built the way
 * {@code redis-cli --cluster create} would, but from Java: each node gets an even range of the 16384 slots
 * (CLUSTER ADDSLOTS), then meets the first (CLUSTER MEET), and we wait until every node says cluster_state:ok.
 */
public final class RedisClusterProcesses implements AutoCloseable {
  public static final int SLOTS = 16384;
  private final List<RedisNode> nodes;

  private RedisClusterProcesses(List<RedisNode> nodes) {
    this.nodes = nodes;
  }

  public static RedisClusterProcesses start(Path binCache, Path dir, int masters, IntSupplier freePort) throws IOException, InterruptedException {
    Path exe = EmbeddedRedis.executable(binCache);
    List<RedisNode> nodes = new ArrayList<>();
    RedisClusterProcesses cluster = new RedisClusterProcesses(nodes);
    try {
      for (int i = 0; i < masters; i++) {
        int port = busablePort(freePort);
        nodes.add(RedisNode.data(exe, dir.resolve("node" + i), port, List.of("--cluster-enabled", "yes",
            "--cluster-config-file", dir.resolve("node" + i).resolve("nodes.conf").toString(), "--cluster-node-timeout", "2000")));
      }
      for (int i = 0; i < masters; i++) {
        int from = SLOTS * i / masters;
        int to = SLOTS * (i + 1) / masters;
        List<String> cmd = new ArrayList<>(List.of("CLUSTER", "ADDSLOTS"));
        for (int s = from; s < to; s++) cmd.add(Integer.toString(s));
        nodes.get(i).call(cmd.toArray(String[]::new));
      }
      for (int i = 1; i < masters; i++) {
        nodes.get(i).call("CLUSTER", "MEET", "127.0.0.1", Integer.toString(nodes.get(0).port()));
      }
      cluster.awaitOk();
      return cluster;
    } catch (IOException | InterruptedException | RuntimeException e) {
      cluster.close();
      throw e;
    }
  }

  /** A cluster node also listens on port + 10000 (the cluster bus), so its port must leave room for that. */
  private static int busablePort(IntSupplier freePort) {
    for (int i = 0; i < 100; i++) {
      int port = freePort.getAsInt();
      if (port <= 55_535 && !ServerProcess.portOpen(port + 10_000)) return port;
    }
    throw new IllegalStateException("no free port below 55535 with a free cluster bus port");
  }

  private void awaitOk() throws IOException, InterruptedException {
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (System.nanoTime() < deadline) {
      boolean ok = true;
      for (RedisNode n : nodes) {
        String info = (String) n.call("CLUSTER", "INFO");
        ok &= info.contains("cluster_state:ok") && info.contains("cluster_known_nodes:" + nodes.size());
      }
      if (ok) return;
      Thread.sleep(50);
    }
    throw new IOException("Redis Cluster did not reach cluster_state:ok within 30 s");
  }

  /** Where a cluster client may start (any node tells it the whole slot map). */
  public List<String> endpoints() {
    return nodes.stream().map(RedisNode::url).toList();
  }

  public List<RedisNode> nodes() {
    return nodes;
  }

  /** The node that serves {@code slot}. */
  public RedisNode ownerOf(int slot) {
    return nodes.get(ownerIndex(slot));
  }

  private int ownerIndex(int slot) {
    for (int i = 0; i < nodes.size(); i++) {
      if (slot < SLOTS * (i + 1) / nodes.size()) return i;
    }
    return nodes.size() - 1;
  }

  @Override
  public void close() {
    nodes.forEach(RedisNode::close);
  }
}
