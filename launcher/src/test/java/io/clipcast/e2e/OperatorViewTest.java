package io.clipcast.e2e;

import io.clipcast.testing.TestServices;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 14 item 7: while a real VK upload crawls, {@code /cluster} on the ops port shows the node's claim on it, the
 * upload's bytes and the breaker states; afterwards {@code /metrics} counts the attempt's outcome and duration by
 * platform, a 429 from VK by platform, and carries the lease-expiry counter.
 */
class OperatorViewTest {
  private static final String OPS_TOKEN = "ops-token-for-tests-0123456789";

  @Test
  void clusterShowsClaimUploadAndBreakersAndMetricsCountOutcomesDurationsAndRateLimits() throws Exception {
    int opsPort = TestServices.freePort();
    JsonObject overrides = new JsonObject()
        .put("ops", new JsonObject().put("enabled", true).put("host", "127.0.0.1").put("port", opsPort).put("token", OPS_TOKEN));
    try (PublishWorld world = new PublishWorld(overrides)) {
      String ops = "http://127.0.0.1:" + opsPort;
      world.sandboxPost("/vk/_sandbox/oauth", new JsonObject().put("autoApprove", true).put("user", new JsonObject().put("id", 9_100_001L)
          .put("firstName", "Ольга").put("lastName", "Операторова")));
      String token = world.user("pro");
      PublishWorld.Reply connected = world.connectOAuth(token, "vk");
      assertEquals(201, connected.status(), connected.body());
      String conn = connected.json().getString("id");
      Path file = BigClip.write(TestServices.get().root.resolve("ops-view-" + System.nanoTime()).resolve("clip.mp4"), 16L << 20);
      long size = Files.size(file);
      JsonObject clip = world.upload(token, file);
      // the upload crawls at 2 MB/s (about 8 s; big enough that loopback socket buffers cannot swallow it): long enough to
      // look at it in flight
      world.fault(new JsonObject().put("platform", "vk").put("kind", "slow").put("match", "upload").put("bytesPerSecond", 2_000_000));

      String id = publish(world, token, clip, conn, "в полёте");
      JsonObject node = null;
      JsonObject upload = null;
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (System.nanoTime() < deadline) {
        node = nodeHolding(cluster(world, ops), id);
        upload = node == null ? null : find(node.getJsonArray("uploads"), "publicationId", id);
        if (upload != null && upload.getLong("bytesSent") > 0) break;
        Thread.sleep(100);
      }
      assertNotNull(upload, "the upload of " + id + " is listed in flight: " + cluster(world, ops).encodePrettily());
      System.out.println("/cluster while uploading: " + node.encodePrettily());
      assertEquals("vk", upload.getString("platform"));
      assertEquals(size, upload.getLong("totalBytes"), "the clip's size");
      assertTrue(upload.getLong("bytesSent") > 0 && upload.getLong("bytesSent") < size, "mid-upload: " + upload.encode());

      JsonObject claim = find(node.getJsonArray("claims"), "jobId", id);
      assertEquals("vk", claim.getString("platform"));
      Instant since = Instant.parse(claim.getString("since"));
      Instant expires = Instant.parse(claim.getString("leaseExpiresAt"));
      assertTrue(expires.isAfter(Instant.now()), "the lease is live: " + claim.encode());
      assertTrue(expires.isAfter(since), claim.encode());
      JsonObject vkBreaker = node.getJsonObject("breakers").getJsonObject("vk");
      assertEquals("CLOSED", vkBreaker.getString("state"), node.encodePrettily());
      assertEquals(0, vkBreaker.getInteger("failures"));
      assertTrue(node.getJsonObject("breakers").containsKey("youtube"), "every enabled platform's breaker is listed");

      JsonObject done = world.awaitPublication(token, id, PublishWorld.status("published", "failed", "unknown"), Duration.ofSeconds(60));
      assertEquals("published", done.getString("status"), done.encodePrettily());
      JsonObject after = nodeHolding(cluster(world, ops), null);
      assertNull(find(after.getJsonArray("claims"), "jobId", id), "the claim is gone once published: " + after.encode());
      assertNull(find(after.getJsonArray("uploads"), "publicationId", id), "and so is the upload");

      // VK says "too many requests" (error 6) three times in a row, more than its client waits out by itself
      // (platforms/.../vk/VkApiClient.java): the job is paused, counted, and then published
      world.json("DELETE", world.sandbox + "/_sandbox/faults", null, null);
      world.fault(new JsonObject().put("platform", "vk").put("kind", "rate_limit").put("match", "video.save").put("count", 3));
      String limited = publish(world, token, world.upload(token, PublishWorld.CLIP), conn, "после 429");
      JsonObject p = world.awaitPublication(token, limited, PublishWorld.status("published", "failed", "unknown"), Duration.ofSeconds(60));
      assertEquals("published", p.getString("status"), p.encodePrettily());

      String metrics = world.send("GET", ops + "/metrics", OPS_TOKEN, null, java.net.http.HttpRequest.BodyPublishers.noBody()).body();
      assertEquals(2.0, value(metrics, "clipcast_publish_outcomes_total{outcome=\"published\",platform=\"vk\"}"), 0.0, "two published");
      assertEquals(1.0, value(metrics, "clipcast_publish_outcomes_total{outcome=\"deferred\",platform=\"vk\"}"), 0.0, "one paused by the 429");
      assertEquals(1.0, value(metrics, "clipcast_platform_rate_limited_total{platform=\"vk\"}"), 0.0, "the 429, by platform");
      assertEquals(0.0, value(metrics, "clipcast_platform_rate_limited_total{platform=\"telegram\"}"), 0.0, "every platform has its series");
      assertEquals(2.0, value(metrics, "clipcast_publish_attempt_seconds_count{outcome=\"published\",platform=\"vk\"}"), 0.0);
      assertTrue(value(metrics, "clipcast_publish_attempt_seconds_sum{outcome=\"published\",platform=\"vk\"}") >= 4.0,
          "the slow upload took seconds");
      assertTrue(metrics.contains("clipcast_publish_attempt_seconds_bucket{outcome=\"published\",platform=\"vk\",le="),
          "a histogram, so percentiles aggregate across nodes");
      assertEquals(0.0, value(metrics, "clipcast_queue_requeued_total"), 0.0, "no lease ran out");
    }
  }

  private static String publish(PublishWorld world, String token, JsonObject clip, String conn, String caption) {
    return world.publish(token, new JsonObject().put("clipId", clip.getString("id")).put("targets", new JsonArray()
        .add(new JsonObject().put("connectionId", conn).put("caption", caption).put("title", "Клип")))).getJsonObject(0).getString("id");
  }

  private static JsonObject cluster(PublishWorld world, String ops) {
    PublishWorld.Reply r = world.send("GET", ops + "/cluster", OPS_TOKEN, null, java.net.http.HttpRequest.BodyPublishers.noBody());
    assertEquals(200, r.status(), r.body());
    return r.json();
  }

  /** The node whose claims include {@code jobId} (any reachable node when null). */
  private static JsonObject nodeHolding(JsonObject cluster, String jobId) {
    for (Object o : cluster.getJsonArray("nodes")) {
      JsonObject n = (JsonObject) o;
      if (!n.getBoolean("reachable", false)) continue;
      if (jobId == null || find(n.getJsonArray("claims"), "jobId", jobId) != null) return n;
    }
    return null;
  }

  private static JsonObject find(JsonArray items, String key, String value) {
    if (items == null) return null;
    for (Object o : items) if (value.equals(((JsonObject) o).getString(key))) return (JsonObject) o;
    return null;
  }

  private static void assertNull(Object o, String message) {
    org.junit.jupiter.api.Assertions.assertNull(o, message);
  }

  /** The value of one Prometheus sample line (the series exactly as written, labels in the registry's order). */
  private static double value(String text, String series) {
    Matcher m = Pattern.compile("^" + Pattern.quote(series) + " (\\S+)$", Pattern.MULTILINE).matcher(text);
    assertTrue(m.find(), "no " + series + " in /metrics:\n" + grepClipcast(text));
    return Double.parseDouble(m.group(1));
  }

  private static String grepClipcast(String text) {
    StringBuilder b = new StringBuilder();
    for (String line : text.split("\n")) if (line.startsWith("clipcast_")) b.append(line).append('\n');
    return b.toString();
  }
}
