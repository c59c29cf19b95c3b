package io.clipcast.devservices;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntSupplier;

/**
 * A primary, one replica and {@code sentinels} sentinels (the same redis-server binary with {@code --sentinel}), all on
 * 127.0.0.1, watching a primary named {@code masterName}. Tuned for tests: a primary is "down" after 1 s without an
 * answer, so a failover completes in a few seconds.
 */
public final class RedisSentinelProcesses implements AutoCloseable {
  public static final long DOWN_AFTER_MS = 1000;

  private final String masterName;
  private final List<RedisNode> data = new ArrayList<>();
  private final List<RedisNode> sentinels = new ArrayList<>();

  private RedisSentinelProcesses(String masterName) {
    this.masterName = masterName;
  }

  public static RedisSentinelProcesses start(Path binCache, Path dir, String masterName, int sentinelCount, IntSupplier freePort)
      throws IOException, InterruptedException {
    Path exe = EmbeddedRedis.executable(binCache);
    RedisSentinelProcesses t = new RedisSentinelProcesses(masterName);
    try {
      RedisNode primary = RedisNode.data(exe, dir.resolve("primary"), freePort.getAsInt(), List.of());
      t.data.add(primary);
      t.data.add(RedisNode.data(exe, dir.resolve("replica"), freePort.getAsInt(),
          List.of("--replicaof", "127.0.0.1", Integer.toString(primary.port()))));
      t.awaitReplicaInSync(primary);
      int quorum = sentinelCount / 2 + 1;
      for (int i = 0; i < sentinelCount; i++) {
        Path sdir = dir.resolve("sentinel" + i);
        Files.createDirectories(sdir);
        Path conf = sdir.resolve("sentinel.conf"); // a sentinel rewrites its config file: it must be its own, writable
        Files.writeString(conf, String.join("\n",
            "sentinel monitor " + masterName + " 127.0.0.1 " + primary.port() + " " + quorum,
            "sentinel down-after-milliseconds " + masterName + " " + DOWN_AFTER_MS,
            "sentinel failover-timeout " + masterName + " 10000",
            "sentinel parallel-syncs " + masterName + " 1", ""));
        t.sentinels.add(RedisNode.start(exe, sdir, freePort.getAsInt(), conf, List.of("--sentinel")));
      }
      t.awaitSentinelsSeeReplica();
      return t;
    } catch (IOException | InterruptedException | RuntimeException e) {
      t.close();
      throw e;
    }
  }

  private void awaitReplicaInSync(RedisNode primary) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + 20_000_000_000L;
    while (System.nanoTime() < deadline) {
      if (((String) primary.call("INFO", "replication")).contains("state=online")) return;
      Thread.sleep(50);
    }
    throw new IOException("the replica did not come online within 20 s");
  }

  /** Sentinels learn of replicas from the primary's INFO (every 10 s at first, quicker later): wait until they know it. */
  private void awaitSentinelsSeeReplica() throws IOException, InterruptedException {
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (System.nanoTime() < deadline) {
      boolean all = true;
      for (RedisNode s : sentinels) {
        all &= !((List<?>) s.call("SENTINEL", "REPLICAS", masterName)).isEmpty();
      }
      if (all) return;
      Thread.sleep(100);
    }
    throw new IOException("the sentinels did not discover the replica within 30 s");
  }

  public String masterName() {
    return masterName;
  }

  /** Sentinel URLs: what a client in sentinel mode is given. */
  public List<String> endpoints() {
    return sentinels.stream().map(RedisNode::url).toList();
  }

  /** The data node the sentinels currently name as primary. */
  public RedisNode primary() throws IOException {
    List<?> addr = (List<?>) sentinels.get(0).call("SENTINEL", "GET-MASTER-ADDR-BY-NAME", masterName);
    int port = Integer.parseInt(addr.get(1).toString());
    return data.stream().filter(n -> n.port() == port).findFirst().orElseThrow();
  }

  /** The data node that is not the primary. */
  public RedisNode replica() throws IOException {
    RedisNode p = primary();
    return data.stream().filter(n -> n != p).findFirst().orElseThrow();
  }

  /** Waits until the sentinels name {@code expected} as primary and it answers as one. */
  public void awaitPrimary(RedisNode expected, long timeoutMs) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + timeoutMs * 1_000_000;
    while (System.nanoTime() < deadline) {
      try {
        if (primary() == expected && ((String) expected.call("INFO", "replication")).contains("role:master")) return;
      } catch (IOException notYet) {
        // a sentinel or the node is busy with the switch
      }
      Thread.sleep(50);
    }
    throw new IOException("no failover to port " + expected.port() + " within " + timeoutMs + " ms");
  }

  @Override
  public void close() {
    sentinels.forEach(RedisNode::close);
    data.forEach(RedisNode::close);
  }
}
