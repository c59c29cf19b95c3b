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
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * Streaming proof for the chunked uploaders: a publish node limited to a 256 MB heap (its own JVM) sends one 600 MB
 * clip to YouTube (resumable session, 8 MiB chunks) and TikTok (FILE_UPLOAD, 64 MB chunks) at the same time; both
 * arrive whole (sha256 over every chunk), so no chunk is ever held in memory.
 */
class LargeResumableUploadsTest {

  @Test
  void a600MbClipGoesToYouTubeAndTikTokAtOnceUnderA256MbHeap() throws Exception {
    JsonObject dev = new JsonObject(Files.readString(Path.of("../conf/dev.json")));
    JsonObject overrides = new JsonObject()
        .put("oauth", new JsonObject().put("clients", dev.getJsonObject("oauth").getJsonObject("clients")))
        .put("verticles", new JsonObject().put("api", 1).put("scheduler", 1).put("publish", 0).put("stats", 0));
    try (PublishWorld world = new PublishWorld(overrides)) {
      Path work = TestServices.get().root.resolve("large-resumable-" + System.nanoTime());
      Files.createDirectories(work);
      JsonObject workerConfig = world.config.copy();
      workerConfig.put("verticles", new JsonObject().put("api", 0).put("scheduler", 0).put("publish", 1).put("stats", 0));
      workerConfig.getJsonObject("sandbox").put("enabled", false);
      workerConfig.getJsonObject("db").put("migrate", false);
      Path configFile = work.resolve("worker.json");
      Files.writeString(configFile, workerConfig.encodePrettily());

      JsonObject clients = dev.getJsonObject("oauth").getJsonObject("clients");
      JsonArray redirect = new JsonArray().add(world.config.getJsonObject("oauth").getString("redirectUri"));
      world.sandboxPost("/youtube/_sandbox/clients", new JsonObject().put("clientId", clients.getJsonObject("youtube").getString("clientId"))
          .put("clientSecret", clients.getJsonObject("youtube").getString("clientSecret")).put("redirectUris", redirect));
      world.sandboxPost("/tiktok/_sandbox/clients", new JsonObject().put("clientKey", clients.getJsonObject("tiktok").getString("clientId"))
          .put("clientSecret", clients.getJsonObject("tiktok").getString("clientSecret")).put("redirectUris", redirect));
      for (String p : List.of("youtube", "tiktok")) world.sandboxPost("/" + p + "/_sandbox/oauth", new JsonObject().put("autoApprove", true));
      world.sandboxPost("/youtube/_sandbox/settings", new JsonObject().put("processingMs", 100));
      world.sandboxPost("/tiktok/_sandbox/settings", new JsonObject().put("processingMs", 100));

      String token = world.user("business");
      JsonArray targets = new JsonArray();
      for (String p : List.of("youtube", "tiktok")) {
        PublishWorld.Reply c = world.connectOAuth(token, p);
        assertEquals(201, c.status(), p + ": " + c.body());
        JsonObject t = new JsonObject().put("connectionId", c.json().getString("id")).put("caption", "600 MB " + p);
        if (p.equals("youtube")) t.put("title", "Большой клип");
        targets.add(t);
      }
      Path file = BigClip.write(work.resolve("clip600m.mp4"), 600L << 20);
      JsonObject clip = world.upload(token, file);
      Files.delete(file);

      try (ChildJvm worker = ChildJvm.start(work.resolve("w"), Map.of(), "run", "--config", configFile.toString())) {
        JsonArray items = world.publish(token, new JsonObject().put("clipId", clip.getString("id")).put("targets", targets));
        for (Object o : items) {
          String id = ((JsonObject) o).getString("id");
          JsonObject p = world.awaitPublication(token, id, PublishWorld.status("published", "failed", "unknown"), Duration.ofMinutes(5));
          assertEquals("published", p.getString("status"), p.encodePrettily() + "\n" + worker.output());
          assertEquals(clip.getLong("sizeBytes"), p.getLong("bytesSent"), "progress reached the whole file");
        }
        assertFalse(worker.output().contains("OutOfMemoryError"));
      }
      for (String p : List.of("youtube", "tiktok")) {
        JsonArray posts = world.ledger(p);
        assertEquals(1, posts.size(), p + ": " + posts.encodePrettily());
        assertEquals(clip.getLong("sizeBytes"), posts.getJsonObject(0).getLong("bytes"), p);
        assertEquals(clip.getString("sha256"), posts.getJsonObject(0).getString("sha256"), p);
      }
    }
  }
}
