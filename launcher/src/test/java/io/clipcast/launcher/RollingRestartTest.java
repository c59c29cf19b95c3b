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
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A rolling restart with a batch in flight: two publish nodes (their own JVMs) work 48 slow uploads to VK and YouTube;
 * each is stopped with SIGTERM in turn and replaced. A stopping node claims nothing more, lets its attempts run until
 * {@code shutdown.timeoutMs - shutdown.handBackMarginMs}, hands back the rest and exits within its timeout; the others
 * take those jobs over at once. Everything is published exactly once and no lease ever expires (leases are long here,
 * so a job left to expire would hold the test up for minutes).
 */
class RollingRestartTest {
  static final int USERS = 24;
  static final List<String> PLATFORMS = List.of("vk", "youtube");
  static final long SHUTDOWN_MS = 6_000;
  static final long MARGIN_MS = 2_000;
  static final Pattern HANDED_BACK = Pattern.compile("handing (\\d+) unfinished job");

  @Test
  void everyPublishNodeIsRestartedInTurnWhileABatchIsInFlightAndEverythingIsPublishedOnce() throws Exception {
    JsonObject dev = new JsonObject(Files.readString(Path.of("../conf/dev.json")));
    JsonObject overrides = new JsonObject()
        .put("oauth", new JsonObject().put("clients", dev.getJsonObject("oauth").getJsonObject("clients")))
        .put("verticles", new JsonObject().put("api", 1).put("scheduler", 1).put("publish", 0).put("stats", 0))
        .put("queue", new JsonObject().put("leaseMs", 300_000))
        .put("auth", new JsonObject().put("signupsPerAddress", 1000));
    try (PublishWorld world = new PublishWorld(overrides)) {
      Path work = TestServices.get().root.resolve("rolling-" + System.nanoTime());
      PublishNodes nodes = new PublishNodes(world, work, new JsonObject()
          // two publish instances of four slots each: they drain together before either closes the shared database pool
          .put("verticles", new JsonObject().put("publish", 2))
          .put("publish", new JsonObject().put("concurrency", 4))
          .put("shutdown", new JsonObject().put("timeoutMs", SHUTDOWN_MS).put("handBackMarginMs", MARGIN_MS)));
      JsonObject youtube = dev.getJsonObject("oauth").getJsonObject("clients").getJsonObject("youtube");
      world.sandboxPost("/youtube/_sandbox/clients", new JsonObject().put("clientId", youtube.getString("clientId"))
          .put("clientSecret", youtube.getString("clientSecret"))
          .put("redirectUris", new JsonArray().add(world.config.getJsonObject("oauth").getString("redirectUri"))));
      for (String p : PLATFORMS) world.sandboxPost("/" + p + "/_sandbox/oauth", new JsonObject().put("autoApprove", true));
      world.sandboxPost("/youtube/_sandbox/settings", new JsonObject().put("processingMs", 100));
      world.sandboxPost("/vk/_sandbox/api", new JsonObject().put("processingMs", 100));

      // 24 users, each with its own VK and YouTube connection (so no account bucket paces the batch) and its own 2 MB clip
      Path file = BigClip.write(work.resolve("clip2m.mp4"), 2L << 20);
      List<String> tokens = new ArrayList<>();
      List<JsonObject> requests = new ArrayList<>();
      for (int u = 0; u < USERS; u++) {
        String token = world.user("business");
        JsonArray targets = new JsonArray();
        for (String p : PLATFORMS) {
          PublishWorld.Reply c = world.connectOAuth(token, p);
          assertEquals(201, c.status(), p + ": " + c.body());
          targets.add(new JsonObject().put("connectionId", c.json().getString("id")).put("caption", "rolling " + u + " " + p)
              .put("title", "Rolling restart " + u));
        }
        JsonObject clip = world.upload(token, file);
        tokens.add(token);
        requests.add(new JsonObject().put("clipId", clip.getString("id")).put("targets", targets));
      }
      // each upload crawls at 256 kB/s (about 8 s): longer than a stopping node waits, so some are handed back
      for (String p : PLATFORMS) {
        world.fault(new JsonObject().put("platform", p).put("kind", "slow").put("match", "upload").put("bytesPerSecond", 256_000).put("count", 100_000));
      }

      List<ChildJvm> all = new ArrayList<>();
      Map<String, Long> stopMs = new LinkedHashMap<>();
      int handedBack = 0;
      try {
        ChildJvm a = nodes.start("a");
        ChildJvm b = nodes.start("b");
        all.add(a);
        all.add(b);
        long t0 = System.nanoTime();
        Map<String, String> owner = new HashMap<>();   // publication id → token of its user
        for (int u = 0; u < USERS; u++) {
          for (Object o : world.publish(tokens.get(u), requests.get(u))) owner.put(((JsonObject) o).getString("id"), tokens.get(u));
        }
        assertEquals(USERS * PLATFORMS.size(), owner.size());

        ChildJvm[] running = {a, b};
        String[] next = {"a2", "b2"};
        for (int i = 0; i < running.length; i++) {
          awaitInFlight(world, 12, Duration.ofSeconds(60));
          Thread.sleep(3_000); // well into their uploads
          long s = System.nanoTime();
          int code = running[i].terminate(30);
          long took = (System.nanoTime() - s) / 1_000_000;
          stopMs.put(next[i].substring(0, 1), took);
          String out = running[i].output();
          assertTrue(took < SHUTDOWN_MS + 3_000, "node " + i + " stopped in " + took + " ms (exit " + code + "):\n" + out);
          assertTrue(out.contains("stopping: waiting up to"), "it had attempts in hand when it stopped:\n" + out);
          // an attempt that ended during the stop still had its database and Redis: none failed for want of them
          assertFalse(out.contains("failed unexpectedly"), "an attempt lost its connections during the stop:\n" + out);
          Matcher m = HANDED_BACK.matcher(out);
          while (m.find()) handedBack += Integer.parseInt(m.group(1));
          all.add(nodes.start(next[i]));
        }

        Map<String, JsonObject> ended = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : owner.entrySet()) {
          ended.put(e.getKey(), world.awaitPublication(e.getValue(), e.getKey(), PublishWorld.status("published", "failed", "unknown"),
              Duration.ofSeconds(150)));
        }
        long batchMs = (System.nanoTime() - t0) / 1_000_000;
        int takenOver = 0;
        for (JsonObject p : ended.values()) {
          assertEquals("published", p.getString("status"), p.encodePrettily());
          // one publishing→publishing step per takeover: a job handed back by a, then taken by b and handed back again
          // when b stops, is two hand-backs and two takeovers
          String[] steps = PublishWorld.path(p).split("→");
          for (int i = 1; i < steps.length; i++) if (steps[i - 1].equals("publishing") && steps[i].equals("publishing")) takenOver++;
        }
        System.out.printf("rolling restart: %d publications in %d ms; stops took %s ms; %d handed back, %d taken over%n",
            owner.size(), batchMs, stopMs, handedBack, takenOver);
        assertTrue(handedBack >= 1, "a stopping node handed unfinished jobs back");
        assertTrue(takenOver >= handedBack, "every handed-back job was taken over: " + takenOver + " < " + handedBack);
      } finally {
        for (ChildJvm n : all) n.close();
      }

      assertEquals(0, QueueProbe.stats(world).leaseExpiries(), "no job waited for its lease to run out");
      for (String p : PLATFORMS) {
        JsonArray posts = world.ledger(p);
        assertEquals(USERS, posts.size(), p + ": one post per publication, none twice");
        Map<String, Integer> byCaption = new HashMap<>();
        for (Object o : posts) byCaption.merge(((JsonObject) o).getString("caption"), 1, Integer::sum);
        for (int u = 0; u < USERS; u++) assertEquals(1, byCaption.getOrDefault("rolling " + u + " " + p, 0), p + " user " + u);
        for (Object o : posts) assertEquals(PublishWorld.sha256(file), ((JsonObject) o).getString("sha256"), p + ": byte-exact");
      }
    }
  }

  /** Waits until at least {@code n} publications are being worked on. */
  static void awaitInFlight(PublishWorld world, int n, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (world.count("SELECT count(*) FROM publications WHERE status = 'publishing'") < n) {
      if (System.nanoTime() > deadline) throw new AssertionError("fewer than " + n + " in flight after " + timeout);
      Thread.sleep(100);
    }
  }
}
