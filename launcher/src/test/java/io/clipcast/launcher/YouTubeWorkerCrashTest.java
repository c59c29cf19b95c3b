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
 * A publish node is killed (SIGKILL) halfway through a YouTube resumable upload: the node that takes the job over
 * asks YouTube where the upload stands ({@code bytes *}/TOTAL) and finishes the <b>same</b> session — one session URI,
 * one upload counted against the day's quota, one video in the ledger, byte-exact.
 */
class YouTubeWorkerCrashTest {

  @Test
  void aYouTubeUploadWhoseWorkerDiesIsFinishedInTheSameSessionByAnotherWorker() throws Exception {
    JsonObject dev = new JsonObject(Files.readString(Path.of("../conf/dev.json")));
    JsonObject overrides = new JsonObject()
        .put("oauth", new JsonObject().put("clients", dev.getJsonObject("oauth").getJsonObject("clients")))
        .put("verticles", new JsonObject().put("api", 1).put("scheduler", 1).put("publish", 0).put("stats", 0))
        .put("queue", new JsonObject().put("leaseMs", 3000));
    try (PublishWorld world = new PublishWorld(overrides)) {
      Path work = TestServices.get().root.resolve("yt-crash-" + System.nanoTime());
      Files.createDirectories(work);
      JsonObject workerConfig = world.config.copy();
      workerConfig.put("verticles", new JsonObject().put("api", 0).put("scheduler", 0).put("publish", 1).put("stats", 0));
      workerConfig.getJsonObject("sandbox").put("enabled", false);
      workerConfig.getJsonObject("db").put("migrate", false);
      workerConfig.getJsonObject("node").put("id", "worker");
      Path configFile = work.resolve("worker.json");
      Files.writeString(configFile, workerConfig.encodePrettily());

      JsonObject youtube = dev.getJsonObject("oauth").getJsonObject("clients").getJsonObject("youtube");
      world.sandboxPost("/youtube/_sandbox/clients", new JsonObject().put("clientId", youtube.getString("clientId"))
          .put("clientSecret", youtube.getString("clientSecret"))
          .put("redirectUris", new JsonArray().add(world.config.getJsonObject("oauth").getString("redirectUri"))));
      world.sandboxPost("/youtube/_sandbox/oauth", new JsonObject().put("autoApprove", true));
      world.sandboxPost("/youtube/_sandbox/settings", new JsonObject().put("processingMs", 100));
      String token = world.user("pro");
      PublishWorld.Reply connected = world.connectOAuth(token, "youtube");
      assertEquals(201, connected.status(), connected.body());
      Path file = io.clipcast.e2e.BigClip.write(work.resolve("clip24m.mp4"), 24L << 20);
      JsonObject clip = world.upload(token, file);
      // every upload call crawls at 2 MB/s (about 12 s for the clip): time enough to kill the worker with part of it at YouTube
      world.fault(new JsonObject().put("platform", "youtube").put("kind", "slow").put("match", "upload").put("bytesPerSecond", 2_000_000).put("count", 100));

      String id;
      long session;
      try (ChildJvm first = ChildJvm.start(work.resolve("w1"), Map.of(), "run", "--config", configFile.toString())) {
        id = world.publish(token, new JsonObject().put("clipId", clip.getString("id")).put("targets", new JsonArray()
            .add(new JsonObject().put("connectionId", connected.json().getString("id")).put("caption", "пережил падение")
                .put("title", "Клип после падения")))).getJsonObject(0).getString("id");
        JsonObject midway = world.awaitPublication(token, id, p -> p.getLong("bytesSent") != null && p.getLong("bytesSent") > 0
            || !"queued".equals(p.getString("status")) && !"publishing".equals(p.getString("status")), Duration.ofSeconds(60));
        assertEquals("publishing", midway.getString("status"), midway.encodePrettily() + "\n" + first.output());
        assertTrue(midway.getLong("bytesSent") < Files.size(file), "killed before the upload finished");
        session = world.count("SELECT hashtext(upload_state->>'sessionUri') FROM publications WHERE id = '" + id + "'");
        assertEquals(1, world.count("SELECT count(*) FROM publications WHERE id = '" + id + "' AND upload_state ? 'sessionUri'"),
            "the session URI was saved before the first byte");
      } // SIGKILL: no stop hooks, the upload connection just dies
      assertEquals(0, world.ledger("youtube").size(), "nothing was published by the dead worker");

      try (ChildJvm second = ChildJvm.start(work.resolve("w2"), Map.of(), "run", "--config", configFile.toString())) {
        JsonObject p = world.awaitPublication(token, id, PublishWorld.status("published", "failed", "unknown"), Duration.ofSeconds(90));
        assertEquals("published", p.getString("status"), p.encodePrettily() + "\n" + second.output());
        assertTrue(PublishWorld.path(p).contains("publishing→publishing"), "taken over: " + PublishWorld.path(p));
      }
      assertEquals(session, world.count("SELECT hashtext(upload_state->>'sessionUri') FROM publications WHERE id = '" + id + "'"),
          "the same upload session was finished, never a second one");
      assertEquals(1, world.count("SELECT COALESCE(sum(units), 0) FROM platform_quota_usage WHERE platform = 'youtube' AND scope LIKE '%:uploads'"),
          "one videos.insert counted against the day's uploads bucket (polls count in the units scope)");
      JsonArray posts = world.ledger("youtube");
      assertEquals(1, posts.size(), posts.encodePrettily());
      assertEquals(clip.getString("sha256"), posts.getJsonObject(0).getString("sha256"), "the whole clip, byte-exact");
    }
  }
}
