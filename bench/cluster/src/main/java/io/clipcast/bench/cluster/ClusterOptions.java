package io.clipcast.bench.cluster;

import io.vertx.core.json.JsonObject;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a {@link ProcessCluster} starts: where it keeps its files, the publish nodes' size, a config overlay for every
 * node, and patches to the platform catalog (conf/platforms/<id>.json, e.g. {@code rateLimits}) that every node reads.
 */
public final class ClusterOptions {
  Path workDir;
  int publishVerticles = 1;
  int publishConcurrency = 4;
  String logLevel = "WARN";
  long leaseMs = 60_000;
  JsonObject nodeOverlay = new JsonObject();
  final Map<String, JsonObject> catalogPatches = new LinkedHashMap<>();

  public ClusterOptions(Path workDir) {
    this.workDir = workDir;
  }

  /** {@code verticles.publish} on each publish node (the API + scheduler node runs none). */
  public ClusterOptions publishVerticles(int n) {
    this.publishVerticles = n;
    return this;
  }

  /** {@code publish.concurrency}: attempts one publish verticle runs at once. */
  public ClusterOptions publishConcurrency(int n) {
    this.publishConcurrency = n;
    return this;
  }

  public ClusterOptions logLevel(String level) {
    this.logLevel = level;
    return this;
  }

  /** {@code queue.leaseMs}: how long a claim lasts without renewal (a killed node's jobs come back after it). */
  public ClusterOptions leaseMs(long ms) {
    this.leaseMs = ms;
    return this;
  }

  /** Deep-merged into every node's config last (e.g. {@code {"retry": {...}}}). */
  public ClusterOptions nodeOverlay(JsonObject overlay) {
    this.nodeOverlay = overlay;
    return this;
  }

  /** Deep-merged into the shipped conf/platforms/{@code platform}.json, e.g. {@code {"rateLimits": {"app": {...}}}}. */
  public ClusterOptions catalogPatch(String platform, JsonObject patch) {
    catalogPatches.merge(platform, patch, (a, b) -> Json.deepMerge(a.copy(), b));
    return this;
  }

  public int publishVerticles() {
    return publishVerticles;
  }

  public int publishConcurrency() {
    return publishConcurrency;
  }

  public Map<String, JsonObject> catalogPatches() {
    return catalogPatches;
  }
}
