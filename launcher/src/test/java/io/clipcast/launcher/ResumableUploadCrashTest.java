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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * kill -9 of a whole publish node in the middle of twelve uploads, two to each platform with resumable uploads. The node
 * that takes them over once their leases run out finishes each one in the <b>same</b> upload session the dead node
 * opened (the row's {@link Row#sessionKey}: what the connector saved before its first byte), once, byte-exact in the
 * ledger, starting within one lease time plus one claim of the kill. Per platform that session means:
 * <ul>
 *   <li>VK: the {@code video.save} video (its upload URL is sent the whole file again; VK has no partial upload);</li>
 *   <li>YouTube: the resumable session URI (asked {@code bytes *} where it stands, then the rest; one
 *       {@code videos.insert} against the day's uploads);</li>
 *   <li>TikTok: the {@code publish_id} ({@code status/fetch} says {@code uploaded_bytes}, the missing chunks follow);</li>
 *   <li>Instagram: the REELS container (rupload from byte 0: Meta gives no offset for Instagram containers);</li>
 *   <li>Facebook: the reel's video id (rupload continues from {@code bytes_transferred});</li>
 *   <li>LinkedIn: the video URN (the parts not yet acknowledged with an ETag are sent).</li>
 * </ul>
 */
class ResumableUploadCrashTest {
  static final long LEASE_MS = 4_000;
  /** One claim after the lease ran out: the scheduler's requeue pass (at most {@code schedulerMaxSleepMs}) and a claim. */
  static final long ONE_CLAIM_MS = 3_000;
  static final int PER_PLATFORM = 2;
  static final long CLIP_BYTES = 64L << 20;

  /** A platform with resumable uploads: how its sandbox is set up and which saved key names its upload session. */
  record Row(String platform, String sessionKey, String settingsPath) {}

  static final List<Row> ROWS = List.of(
      new Row("vk", "videoId", "/vk/_sandbox/api"),
      new Row("youtube", "sessionUri", "/youtube/_sandbox/settings"),
      new Row("tiktok", "publishId", "/tiktok/_sandbox/settings"),
      new Row("instagram", "containerId", "/instagram/_sandbox/api"),
      new Row("facebook", "videoId", "/facebook/_sandbox/api"),
      new Row("linkedin", "videoUrn", "/linkedin/_sandbox/settings"));

  @Test
  void aNodeKilledMidUploadLeavesEveryResumableUploadToAnotherNodeWhichFinishesItInTheSameSessionOnce() throws Exception {
    JsonObject dev = new JsonObject(Files.readString(Path.of("../conf/dev.json")));
    JsonObject clients = dev.getJsonObject("oauth").getJsonObject("clients");
    JsonObject overrides = new JsonObject()
        .put("oauth", new JsonObject().put("clients", clients))
        .put("verticles", new JsonObject().put("api", 1).put("scheduler", 1).put("publish", 0).put("stats", 0))
        .put("queue", new JsonObject().put("leaseMs", LEASE_MS));
    try (PublishWorld world = new PublishWorld(overrides)) {
      Path work = TestServices.get().root.resolve("resumable-crash-" + System.nanoTime());
      PublishNodes nodes = new PublishNodes(world, work, new JsonObject().put("publish", new JsonObject().put("concurrency", 12)));
      JsonArray redirect = new JsonArray().add(world.config.getJsonObject("oauth").getString("redirectUri"));
      world.sandboxPost("/youtube/_sandbox/clients", new JsonObject().put("clientId", clients.getJsonObject("youtube").getString("clientId"))
          .put("clientSecret", clients.getJsonObject("youtube").getString("clientSecret")).put("redirectUris", redirect));
      world.sandboxPost("/tiktok/_sandbox/clients", new JsonObject().put("clientKey", clients.getJsonObject("tiktok").getString("clientId"))
          .put("clientSecret", clients.getJsonObject("tiktok").getString("clientSecret")).put("redirectUris", redirect));
      for (Row r : ROWS) {
        world.sandboxPost("/" + r.platform() + "/_sandbox/oauth", new JsonObject().put("autoApprove", true));
        world.sandboxPost(r.settingsPath(), new JsonObject().put("processingMs", 100));
      }

      Path file = BigClip.write(work.resolve("clip64m.mp4"), CLIP_BYTES);
      Map<String, String> platformOf = new LinkedHashMap<>();  // publication id → platform
      Map<String, String> tokenOf = new LinkedHashMap<>();
      List<String> tokens = new ArrayList<>();
      List<JsonObject> requests = new ArrayList<>();
      for (int u = 0; u < PER_PLATFORM; u++) {
        String token = world.user("business");
        JsonArray targets = new JsonArray();
        for (Row r : ROWS) {
          PublishWorld.Reply c = world.connectOAuth(token, r.platform());
          assertEquals(201, c.status(), r.platform() + ": " + c.body());
          JsonObject t = new JsonObject().put("connectionId", c.json().getString("id")).put("caption", "kill -9 " + u + " " + r.platform());
          if (!r.platform().equals("tiktok") && !r.platform().equals("instagram")) t.put("title", "Пережил kill -9 " + u);
          targets.add(t);
        }
        tokens.add(token);
        requests.add(new JsonObject().put("clipId", world.upload(token, file).getString("id")).put("targets", targets));
      }
      // every upload is paced at 3 MB/s (about 22 s for the clip): the dead node gets part of each one out. What it had
      // written into its socket (megabytes of kernel buffers) still reaches the platform after the kill, at that pace;
      // leases outlast that drain, as a production lease (a minute) outlasts it on a real network
      for (Row r : ROWS) {
        world.fault(new JsonObject().put("platform", r.platform()).put("kind", "slow").put("match", "upload")
            .put("bytesPerSecond", 3_000_000).put("count", 10_000));
      }

      Map<String, String> session = new LinkedHashMap<>();
      long killedAt;
      try (ChildJvm doomed = nodes.start("doomed")) {
        for (int u = 0; u < PER_PLATFORM; u++) {
          for (Object o : world.publish(tokens.get(u), requests.get(u))) {
            JsonObject item = (JsonObject) o;
            platformOf.put(item.getString("id"), item.getString("platform"));
            tokenOf.put(item.getString("id"), tokens.get(u));
          }
        }
        for (String id : platformOf.keySet()) {
          JsonObject midway = world.awaitPublication(tokenOf.get(id), id, p -> p.getLong("bytesSent") != null && p.getLong("bytesSent") > 0
              || !"queued".equals(p.getString("status")) && !"publishing".equals(p.getString("status")), Duration.ofSeconds(60));
          assertEquals("publishing", midway.getString("status"), platformOf.get(id) + ": " + midway.encodePrettily() + "\n" + doomed.output());
        }
        try (ChildJvm rescuer = nodes.start("rescuer")) {
          for (String id : platformOf.keySet()) {
            String key = row(platformOf.get(id)).sessionKey();
            // (bytesSent counts what the node wrote to its socket, which runs megabytes ahead of the paced receiver)
            JsonObject p = world.publication(tokenOf.get(id), id);
            assertEquals("publishing", p.getString("status"), platformOf.get(id) + " still uploading when its node dies: " + p.encodePrettily());
            assertEquals(1, world.count("SELECT count(*) FROM publications WHERE id = '" + id + "' AND upload_state ? '" + key + "'"),
                platformOf.get(id) + ": its session (" + key + ") was saved before the bytes went out");
            session.put(id, sessionOf(world, id, key));
          }
          assertEquals(PER_PLATFORM * ROWS.size(), world.count("SELECT count(*) FROM publications WHERE status = 'publishing'"),
              "twelve leases on the one node");
          killedAt = System.currentTimeMillis();
          doomed.process.destroyForcibly().waitFor(); // SIGKILL: no stop hooks, every upload connection just dies
          for (Row r : ROWS) assertEquals(0, world.ledger(r.platform()).size(), r.platform() + ": nothing published by the dead node");
          // the rest goes at full speed: the takeover is what is measured, not the sandbox's pacing
          world.json("DELETE", world.sandbox + "/_sandbox/faults", null, null);

          Map<String, List<Long>> takeoverMs = new LinkedHashMap<>();
          Map<String, List<Long>> publishedMs = new LinkedHashMap<>();
          for (String id : platformOf.keySet()) {
            String platform = platformOf.get(id);
            JsonObject p = world.awaitPublication(tokenOf.get(id), id, PublishWorld.status("published", "failed", "unknown"), Duration.ofSeconds(90));
            assertEquals("published", p.getString("status"), platform + ": " + p.encodePrettily() + "\n" + rescuer.output());
            assertTrue(PublishWorld.path(p).contains("publishing→publishing"), platform + " taken over: " + PublishWorld.path(p));
            long takeover = world.count("SELECT (extract(epoch FROM min(at)) * 1000)::bigint FROM publication_events WHERE publication_id = '"
                + id + "' AND detail ? 'takeover'") - killedAt;
            takeoverMs.computeIfAbsent(platform, k -> new ArrayList<>()).add(takeover);
            publishedMs.computeIfAbsent(platform, k -> new ArrayList<>()).add(world.count(
                "SELECT (extract(epoch FROM published_at) * 1000)::bigint FROM publications WHERE id = '" + id + "'") - killedAt);
            assertTrue(takeover <= LEASE_MS + ONE_CLAIM_MS, platform + " taken over " + takeover + " ms after the kill: "
                + p.getJsonArray("timeline").encodePrettily() + "\n" + rescuer.output());
            assertEquals(session.get(id), sessionOf(world, id, row(platform).sessionKey()), platform + ": the same upload session was finished");
          }
          System.out.printf("kill -9 of a node holding %d uploads (lease %d ms): ms after the kill, taken over %s, published %s%n",
              platformOf.size(), LEASE_MS, takeoverMs, publishedMs);
        }
      }

      String sha = PublishWorld.sha256(file);
      for (Row r : ROWS) {
        JsonArray posts = world.ledger(r.platform());
        assertEquals(PER_PLATFORM, posts.size(), r.platform() + ": one post per publication: " + posts.encodePrettily());
        for (int u = 0; u < PER_PLATFORM; u++) {
          String caption = "kill -9 " + u + " " + r.platform();
          assertEquals(1, posts.stream().filter(o -> String.valueOf(((JsonObject) o).getString("caption")).contains(caption)).count(),
              r.platform() + ": " + caption + " once: " + posts.encodePrettily());
        }
        for (Object o : posts) {
          assertEquals(sha, ((JsonObject) o).getString("sha256"), r.platform() + ": the whole clip, byte-exact");
        }
      }
      assertEquals(PER_PLATFORM, world.count("SELECT COALESCE(sum(units), 0) FROM platform_quota_usage WHERE platform = 'youtube'"
          + " AND scope LIKE '%:uploads'"), "youtube: one videos.insert per publication, none for the resumed sessions");
    }
  }

  static Row row(String platform) {
    return ROWS.stream().filter(r -> r.platform().equals(platform)).findFirst().orElseThrow();
  }

  static String sessionOf(PublishWorld world, String id, String key) {
    return Long.toString(world.count("SELECT hashtext(upload_state->>'" + key + "') FROM publications WHERE id = '" + id + "'"));
  }
}
