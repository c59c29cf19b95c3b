package io.clipcast.bench.cluster;

import io.vertx.core.json.JsonObject;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Every node of a deployment links to the one public address (the API's): links a platform downloads from (Rutube's
 * and TikTok's pull of the clip) are made by the publish node that runs the attempt, from its {@code http.publicUrl}.
 * A publish node written with its own port as {@code publicUrl} (where no API answers) gets its config pointed at the
 * API node and is restarted; nodes that already point there are left alone.
 */
final class PublicUrlFix {
  private PublicUrlFix() {}

  /** Returns how many publish nodes had to be pointed at the API and restarted. */
  static int apply(ProcessCluster cluster) throws Exception {
    String api = cluster.apiBase();
    List<NodeProcess> wrong = new ArrayList<>();
    for (NodeProcess n : cluster.publishNodes()) {
      JsonObject c = new JsonObject(Files.readString(n.configFile()));
      if (!api.equals(c.getJsonObject("http").getString("publicUrl"))) {
        c.getJsonObject("http").put("publicUrl", api);
        Files.writeString(n.configFile(), c.encodePrettily());
        wrong.add(n);
      }
    }
    ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, wrong.size()));
    try {
      List<Future<?>> restarts = new ArrayList<>();
      for (NodeProcess n : wrong) {
        restarts.add(pool.submit(() -> {
          cluster.restart(n);
          return null;
        }));
      }
      for (Future<?> f : restarts) f.get();
    } finally {
      pool.shutdownNow();
    }
    return wrong.size();
  }
}
