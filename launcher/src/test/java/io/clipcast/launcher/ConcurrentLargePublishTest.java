package io.clipcast.launcher;

import io.clipcast.e2e.BigClip;
import io.clipcast.e2e.PublishWorld;
import io.clipcast.testing.TestServices;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Streaming proof for publishing: a publish node limited to a 256 MB heap (its own JVM) uploads one 500 MB clip to
 * ten VK accounts at once; all ten arrive whole (sha256) — the node never holds a clip in memory.
 */
class ConcurrentLargePublishTest {

  @Test
  void tenConcurrent500MbUploadsSucceedUnderA256MbHeap() throws Exception {
    JsonObject overrides = new JsonObject()
        .put("verticles", new JsonObject().put("api", 1).put("scheduler", 1).put("publish", 0).put("stats", 0));
    try (PublishWorld world = new PublishWorld(overrides)) {
      Path work = TestServices.get().root.resolve("large-" + System.nanoTime());
      Files.createDirectories(work);
      JsonObject workerConfig = world.config.copy();
      workerConfig.put("verticles", new JsonObject().put("api", 0).put("scheduler", 0).put("publish", 1).put("stats", 0));
      workerConfig.getJsonObject("publish").put("concurrency", 10);
      workerConfig.getJsonObject("sandbox").put("enabled", false);
      workerConfig.getJsonObject("db").put("migrate", false);
      Path configFile = work.resolve("worker.json");
      Files.writeString(configFile, workerConfig.encodePrettily());
      world.sandboxPost("/vk/_sandbox/api", new JsonObject().put("requestsPerSecond", 0).put("processingMs", 100));

      String token = world.user("business");
      JsonArray targets = new JsonArray();
      for (int i = 0; i < 10; i++) {
        world.sandboxPost("/vk/_sandbox/oauth", new JsonObject().put("autoApprove", true).put("user", new JsonObject()
            .put("id", 9_100_000L + i).put("firstName", "Аккаунт").put("lastName", "№" + i)));
        PublishWorld.Reply c = world.connectOAuth(token, "vk");
        assertEquals(201, c.status(), c.body());
        targets.add(new JsonObject().put("connectionId", c.json().getString("id")).put("caption", "big " + i).put("title", "Большой клип"));
      }
      Path file = BigClip.write(work.resolve("clip500m.mp4"), 500L << 20);
      JsonObject clip = world.upload(token, file);
      Files.delete(file);

      try (ChildJvm worker = ChildJvm.start(work.resolve("w"), Map.of(), "run", "--config", configFile.toString())) {
        JsonArray items = world.publish(token, new JsonObject().put("clipId", clip.getString("id")).put("targets", targets));
        for (Object o : items) {
          String id = ((JsonObject) o).getString("id");
          JsonObject p = world.awaitPublication(token, id, PublishWorld.status("published", "failed", "unknown"), Duration.ofMinutes(5));
          assertEquals("published", p.getString("status"), p.encodePrettily() + "\n" + worker.output());
        }
        assertEquals(false, worker.output().contains("OutOfMemoryError"));
      }
      JsonArray posts = world.ledger("vk");
      assertEquals(10, posts.size());
      for (Object o : posts) {
        JsonObject post = (JsonObject) o;
        assertEquals(clip.getLong("sizeBytes"), post.getLong("bytes"));
        assertEquals(clip.getString("sha256"), post.getString("sha256"));
      }
    }
  }
}
