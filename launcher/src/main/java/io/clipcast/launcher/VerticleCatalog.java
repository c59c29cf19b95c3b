package io.clipcast.launcher;

import io.clipcast.api.ApiVerticle;
import io.clipcast.publish.PublishVerticle;
import io.clipcast.scheduler.SchedulerVerticle;
import io.clipcast.stats.StatsVerticle;
import io.vertx.core.Deployable;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/** The verticle kinds a node can run, by their key in the {@code verticles} config block. */
final class VerticleCatalog {
  private VerticleCatalog() {}

  /** In deployment order: workers first, so the API only takes traffic once the node can do the work. */
  static Map<String, Supplier<Deployable>> kinds() {
    Map<String, Supplier<Deployable>> kinds = new LinkedHashMap<>();
    kinds.put("scheduler", SchedulerVerticle::new);
    kinds.put("publish", PublishVerticle::new);
    kinds.put("stats", StatsVerticle::new);
    kinds.put("api", ApiVerticle::new);
    return kinds;
  }
}
