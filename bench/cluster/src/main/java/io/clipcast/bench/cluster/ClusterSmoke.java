package io.clipcast.bench.cluster;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Smoke check of the harness: {@code java -cp ... io.clipcast.bench.cluster.ClusterSmoke [workDir]} starts the cluster
 * with one publish node, publishes one clip to VK, Telegram, YouTube and TikTok, kills the node (-9), restarts it,
 * publishes again, restarts Redis (AOF), flushes it, restarts PostgreSQL, publishes a third time, and exits 0 when all twelve are published and in the sandbox's ledger.
 */
public final class ClusterSmoke {
  private ClusterSmoke() {}

  public static void main(String[] args) throws Exception {
    Path work = args.length > 0 ? Path.of(args[0]) : Files.createTempDirectory("clipcast-smoke-");
    Path clip = args.length > 1 ? Path.of(args[1]) : Path.of("common/src/test/resources/media/portrait_h264_aac_faststart.mp4");
    long t0 = System.nanoTime();
    try (ProcessCluster cluster = ProcessCluster.start(new ClusterOptions(work))) {
      NodeProcess node = cluster.addPublishNode();
      System.out.printf("cluster up in %d s; %s, api pid %d%n", (System.nanoTime() - t0) / 1_000_000_000, node, cluster.apiNode().pid());
      ClusterClient client = cluster.client();
      System.out.println("cluster members: " + client.clusterNodes().stream().map(o -> ((JsonObject) o).getString("nodeId")
          + "/pid " + ((JsonObject) o).getLong("pid")).toList());
      if (client.clusterNodes().size() != 2) throw new IllegalStateException("expected 2 cluster members: " + client.clusterNodes().encode());
      BenchSetup.sandboxForBench(client, 0);
      ClusterClient.User user = client.user("pro");
      for (String p : ClusterClient.PLATFORMS) client.connect(user, p);
      JsonObject c = client.upload(user, clip);
      int published = publishAndWait(client, user, c.getString("id"), "smoke 1");
      node.kill9();
      cluster.restart(node);
      published += publishAndWait(client, user, c.getString("id"), "smoke 2");
      cluster.stopRedis();
      cluster.startRedis();
      cluster.flushRedis();
      cluster.stopPostgres();
      cluster.startPostgres();
      Thread.sleep(2000);
      published += publishAndWait(client, user, c.getString("id"), "smoke 3");
      long ledger = 0;
      for (String p : ClusterClient.PLATFORMS) ledger += client.ledger(p).size();
      System.out.printf("published %d, ledger %d, node rss %d KiB, api rss %d KiB, sandbox rss %d KiB, %d s%n", published, ledger,
          node.rssKb(), cluster.apiNode().rssKb(), cluster.sandbox().rssKb(), (System.nanoTime() - t0) / 1_000_000_000);
      if (published != 12 || ledger != 12) {
        System.err.println("SMOKE FAILED");
        System.exit(1);
      }
    }
    System.out.println("SMOKE OK");
    System.exit(0);
  }

  private static int publishAndWait(ClusterClient client, ClusterClient.User user, String clipId, String caption) throws InterruptedException {
    JsonArray targets = new JsonArray();
    for (String p : ClusterClient.PLATFORMS) targets.add(ClusterClient.target(user, p, caption));
    ClusterClient.Reply r = client.publish(user, new JsonObject().put("clipId", clipId).put("targets", targets));
    if (r.status() != 201) throw new IllegalStateException(r.status() + " " + r.body());
    int ok = 0;
    for (Object o : r.json().getJsonArray("items")) {
      String id = ((JsonObject) o).getString("id");
      long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
      JsonObject p = client.publication(user, id);
      while (!BenchSetup.TERMINAL.contains(p.getString("status")) && System.nanoTime() < deadline) {
        Thread.sleep(200);
        p = client.publication(user, id);
      }
      System.out.printf("  %s %s %s%n", p.getString("platform"), p.getString("status"), p.getString("lastError", ""));
      if ("published".equals(p.getString("status"))) ok++;
    }
    return ok;
  }
}
