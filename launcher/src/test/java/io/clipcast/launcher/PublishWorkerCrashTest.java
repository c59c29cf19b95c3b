package io.clipcast.launcher;

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
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A publish node is killed (SIGKILL) in the middle of streaming a clip to VK: its lease runs out, the scheduler hands
 * the job to another publish node, which resumes from the saved upload state and publishes the clip exactly once.
 */
class PublishWorkerCrashTest {

  @Test
  void aJobWhoseWorkerDiesMidUploadCompletesOnAnotherWorkerOnce() throws Exception {
    JsonObject overrides = new JsonObject()
        .put("verticles", new JsonObject().put("api", 1).put("scheduler", 1).put("publish", 0).put("stats", 0))
        .put("queue", new JsonObject().put("leaseMs", 3000));
    try (PublishWorld world = new PublishWorld(overrides)) {
      Path work = TestServices.get().root.resolve("crash-" + System.nanoTime());
      Files.createDirectories(work);
      JsonObject workerConfig = world.config.copy();
      workerConfig.put("verticles", new JsonObject().put("api", 0).put("scheduler", 0).put("publish", 1).put("stats", 0));
      workerConfig.getJsonObject("sandbox").put("enabled", false);
      workerConfig.getJsonObject("db").put("migrate", false);
      workerConfig.getJsonObject("node").put("id", "worker");
      Path configFile = work.resolve("worker.json");
      Files.writeString(configFile, workerConfig.encodePrettily());

      world.sandboxPost("/vk/_sandbox/oauth", new JsonObject().put("autoApprove", true).put("user", new JsonObject().put("id", 9_000_001L)
          .put("firstName", "Иван").put("lastName", "Крашев")));
      String token = world.user("pro");
      PublishWorld.Reply connected = world.connectOAuth(token, "vk");
      assertEquals(201, connected.status(), connected.body());
      String conn = connected.json().getString("id");
      // big enough that socket buffers cannot swallow it: the sender really waits for the slow reader
      Path file = io.clipcast.e2e.BigClip.write(work.resolve("clip16m.mp4"), 16L << 20);
      JsonObject clip = world.upload(token, file);
      // the first upload crawls at 2 MB/s (about 8 s): time enough to kill its worker halfway
      world.fault(new JsonObject().put("platform", "vk").put("kind", "slow").put("match", "upload").put("bytesPerSecond", 2_000_000));

      String id;
      try (ChildJvm first = ChildJvm.start(work.resolve("w1"), Map.of(), "run", "--config", configFile.toString())) {
        id = world.publish(token, new JsonObject().put("clipId", clip.getString("id")).put("targets", new JsonArray()
            .add(new JsonObject().put("connectionId", conn).put("caption", "пережил падение").put("title", "Клип")))).getJsonObject(0).getString("id");
        JsonObject midway = world.awaitPublication(token, id, p -> p.getLong("bytesSent") != null && p.getLong("bytesSent") > 0
            || !"queued".equals(p.getString("status")) && !"publishing".equals(p.getString("status")), Duration.ofSeconds(60));
        assertEquals("publishing", midway.getString("status"), midway.encodePrettily() + "\n" + first.output());
        assertTrue(midway.getLong("bytesSent") < Files.size(file), "killed before the upload finished");
      } // SIGKILL: no stop hooks, the upload connection just dies
      assertEquals(0, world.ledger("vk").size(), "nothing was posted by the dead worker");

      try (ChildJvm second = ChildJvm.start(work.resolve("w2"), Map.of(), "run", "--config", configFile.toString())) {
        JsonObject p = world.awaitPublication(token, id, PublishWorld.status("published", "failed", "unknown"), Duration.ofSeconds(90));
        assertEquals("published", p.getString("status"), p.encodePrettily() + "\n" + second.output());
        assertTrue(PublishWorld.path(p).contains("publishing→publishing"), "taken over: " + PublishWorld.path(p));
        assertEquals(2, p.getInteger("attempts"));
        JsonArray posts = world.ledger("vk");
        assertEquals(1, posts.size(), posts.encodePrettily());
        assertEquals(clip.getString("sha256"), posts.getJsonObject(0).getString("sha256"), "the whole clip, byte-exact");
      }
    }
  }
}
