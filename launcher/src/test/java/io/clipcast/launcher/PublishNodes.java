package io.clipcast.launcher;

import io.clipcast.e2e.PublishWorld;
import io.vertx.core.json.JsonObject;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Publish-only nodes as separate JVMs (the production launcher) for a {@link PublishWorld} that runs the API and the
 * scheduler in-process: same Postgres, Redis and sandbox, each node with its own id and working directory.
 */
final class PublishNodes {
  private final PublishWorld world;
  private final Path work;
  private final JsonObject overrides;
  private int started;

  /** {@code overrides}: config merged into every node's copy of the world's config (e.g. its shutdown timeout). */
  PublishNodes(PublishWorld world, Path work, JsonObject overrides) throws Exception {
    this.world = world;
    this.work = work;
    this.overrides = overrides;
    Files.createDirectories(work);
  }

  /** Starts a node named {@code name} and waits until it says it is up (claiming). */
  ChildJvm start(String name) throws Exception {
    JsonObject config = world.config.copy();
    config.put("verticles", new JsonObject().put("api", 0).put("scheduler", 0).put("publish", 1).put("stats", 0));
    config.getJsonObject("sandbox").put("enabled", false);
    config.getJsonObject("db").put("migrate", false);
    config.getJsonObject("node").put("id", name);
    merge(config, overrides);
    Path file = work.resolve(name + "-" + (++started) + ".json");
    Files.writeString(file, config.encodePrettily());
    ChildJvm node = ChildJvm.start(work.resolve(name), Map.of(), "run", "--config", file.toString());
    awaitUp(node, 90_000);
    return node;
  }

  static void awaitUp(ChildJvm node, long timeoutMs) throws InterruptedException {
    long deadline = System.currentTimeMillis() + timeoutMs;
    while (!node.output().contains(" is up")) {
      if (!node.process.isAlive()) throw new AssertionError("node exited " + node.process.exitValue() + ":\n" + node.output());
      if (System.currentTimeMillis() > deadline) throw new AssertionError("node not up in " + timeoutMs + " ms:\n" + node.output());
      Thread.sleep(100);
    }
  }

  private static void merge(JsonObject into, JsonObject from) {
    for (String k : from.fieldNames()) {
      Object v = from.getValue(k);
      if (v instanceof JsonObject o && into.getValue(k) instanceof JsonObject target) merge(target, o);
      else into.put(k, v);
    }
  }
}
