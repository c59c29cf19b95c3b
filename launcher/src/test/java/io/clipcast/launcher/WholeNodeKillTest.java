package io.clipcast.launcher;

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

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * kill -9 of a publish node with 12 leases in hand (the upload hosts of YouTube, Facebook and LinkedIn take its uploads
 * and never read them): the node already running beside it takes every one of those jobs over as its lease runs out —
 * within one lease time plus one claim of the kill — and publishes each exactly once.
 */
class WholeNodeKillTest {
  static final Path CLIP = Path.of("../common/src/test/resources/media/portrait_6s_all_platforms.mp4");
  static final long LEASE_MS = 3_000;
  static final long ONE_CLAIM_MS = 3_000;
  /** Four per platform: each connector's upload client opens at most five connections to one host. */
  static final int USERS = 4;
  /**
   * Platforms without an account rate bucket: a takeover claim spends the account bucket again, so on VK (one post per
   * 5 s per connection) or TikTok (10 s) the takeover could also wait for the bucket, not only for the lease.
   */
  static final List<String> PLATFORMS = List.of("youtube", "facebook", "linkedin");

  @Test
  void anotherNodeFinishesEveryJobOfAKilledNodeOnceWithinALeasePlusOneClaim() throws Exception {
    JsonObject dev = new JsonObject(Files.readString(Path.of("../conf/dev.json")));
    JsonObject overrides = new JsonObject()
        .put("oauth", new JsonObject().put("clients", dev.getJsonObject("oauth").getJsonObject("clients")))
        .put("verticles", new JsonObject().put("api", 1).put("scheduler", 1).put("publish", 0).put("stats", 0))
        .put("queue", new JsonObject().put("leaseMs", LEASE_MS))
        .put("auth", new JsonObject().put("signupsPerAddress", 1000));
    try (PublishWorld world = new PublishWorld(overrides)) {
      Path work = TestServices.get().root.resolve("whole-node-kill-" + System.nanoTime());
      PublishNodes nodes = new PublishNodes(world, work, new JsonObject().put("publish", new JsonObject().put("concurrency", 12)));
      JsonObject clients = dev.getJsonObject("oauth").getJsonObject("clients");
      JsonArray redirect = new JsonArray().add(world.config.getJsonObject("oauth").getString("redirectUri"));
      world.sandboxPost("/youtube/_sandbox/clients", new JsonObject().put("clientId", clients.getJsonObject("youtube").getString("clientId"))
          .put("clientSecret", clients.getJsonObject("youtube").getString("clientSecret")).put("redirectUris", redirect));
      for (String p : PLATFORMS) world.sandboxPost("/" + p + "/_sandbox/oauth", new JsonObject().put("autoApprove", true));
      world.sandboxPost("/youtube/_sandbox/settings", new JsonObject().put("processingMs", 100));
      world.sandboxPost("/facebook/_sandbox/api", new JsonObject().put("processingMs", 100));
      world.sandboxPost("/linkedin/_sandbox/settings", new JsonObject().put("processingMs", 100));

      List<String> tokens = new ArrayList<>();
      List<JsonObject> requests = new ArrayList<>();
      for (int u = 0; u < USERS; u++) {
        String token = world.user("business");
        JsonArray targets = new JsonArray();
        for (String p : PLATFORMS) {
          PublishWorld.Reply c = world.connectOAuth(token, p);
          assertEquals(201, c.status(), p + ": " + c.body());
          JsonObject t = new JsonObject().put("connectionId", c.json().getString("id")).put("caption", "whole node " + u + " " + p);
          targets.add(t.put("title", "Whole node " + u));
        }
        tokens.add(token);
        requests.add(new JsonObject().put("clipId", world.upload(token, CLIP).getString("id")).put("targets", targets));
      }
      // the upload host takes the first upload of each post and never reads it: every slot of the doomed node stays busy
      // until it dies, its video (VK) or session (YouTube) already made
      for (String p : PLATFORMS) {
        world.fault(new JsonObject().put("platform", p).put("kind", "hang").put("match", "upload").put("delayMs", 0).put("count", USERS));
      }

      Map<String, String> owner = new LinkedHashMap<>();
      long killedAt;
      long t0 = System.nanoTime();
      try (ChildJvm doomed = nodes.start("doomed")) {
        System.out.printf("doomed node up in %d ms%n", (System.nanoTime() - t0) / 1_000_000);
        for (int u = 0; u < USERS; u++) {
          for (Object o : world.publish(tokens.get(u), requests.get(u))) owner.put(((JsonObject) o).getString("id"), tokens.get(u));
        }
        long until = System.currentTimeMillis() + 60_000;
        // every hang rule spent: each of the 12 uploads is stuck at its upload host
        while (!world.json("GET", world.sandbox + "/_sandbox/faults", null, null).json().getJsonArray("items").isEmpty()) {
          assertTrue(System.currentTimeMillis() < until, "all 12 uploading on the doomed node: "
              + world.json("GET", world.sandbox + "/_sandbox/faults", null, null).body() + "\n" + doomed.output());
          Thread.sleep(100);
        }
        System.out.printf("all in hand at %d ms%n", (System.nanoTime() - t0) / 1_000_000);
        try (ChildJvm rescuer = nodes.start("rescuer")) {
          System.out.printf("rescuer up at %d ms%n", (System.nanoTime() - t0) / 1_000_000);
          assertEquals(owner.size(), world.count("SELECT count(*) FROM publications WHERE status = 'publishing'"),
              "the doomed node still holds all of them");
          killedAt = System.currentTimeMillis();
          doomed.process.destroyForcibly().waitFor();
          world.json("DELETE", world.sandbox + "/_sandbox/faults", null, null);

          List<Long> takeovers = new ArrayList<>();
          for (Map.Entry<String, String> e : owner.entrySet()) {
            JsonObject p = world.awaitPublication(e.getValue(), e.getKey(), PublishWorld.status("published", "failed", "unknown"),
                Duration.ofSeconds(60));
            assertEquals("published", p.getString("status"), p.encodePrettily() + "\n" + rescuer.output());
            assertTrue(PublishWorld.path(p).contains("publishing→publishing"), "taken over: " + PublishWorld.path(p));
            takeovers.add(world.count("SELECT (extract(epoch FROM min(at)) * 1000)::bigint FROM publication_events WHERE publication_id = '"
                + e.getKey() + "' AND detail ? 'takeover'") - killedAt);
          }
          System.out.printf("all published at %d ms%n", (System.nanoTime() - t0) / 1_000_000);
          long last = takeovers.stream().mapToLong(Long::longValue).max().orElseThrow();
          System.out.printf("kill -9 of a node holding %d leases (lease %d ms): taken over %d–%d ms after the kill%n",
              owner.size(), LEASE_MS, takeovers.stream().mapToLong(Long::longValue).min().orElseThrow(), last);
          assertTrue(last <= LEASE_MS + ONE_CLAIM_MS, "every job taken over within a lease and one claim: " + takeovers);
        }
      }
      long expiries = QueueProbe.stats(world).leaseExpiries();
      assertTrue(expiries >= owner.size(), "the dead node's leases ran out (it handed nothing back): " + expiries);
      for (String p : PLATFORMS) {
        Map<String, Integer> byCaption = new HashMap<>();
        for (Object o : world.ledger(p)) byCaption.merge(((JsonObject) o).getString("caption"), 1, Integer::sum);
        for (int u = 0; u < USERS; u++) assertEquals(1, byCaption.getOrDefault("whole node " + u + " " + p, 0), p + " user " + u + ": once");
        assertEquals(USERS, world.ledger(p).size(), p + ": nothing else");
      }
    }
  }
}
