package io.clipcast.launcher;

import io.clipcast.e2e.BigClip;
import io.clipcast.e2e.PublishWorld;
import io.clipcast.metrics.NodeMetrics;
import io.clipcast.queue.QueueStats;
import io.clipcast.testing.TestServices;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.micrometer.backends.BackendRegistries;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A node stopped in the middle of an upload that outlasts its stop: the attempt is handed back before the node closes
 * its database and Redis connections — the job is ready again at once, not leased; the publication is still
 * {@code publishing} with its saved upload state for the next node; {@code clipcast_lease_handbacks_total{platform="vk"}}
 * counts it; and the stop took no longer than {@code shutdown.timeoutMs}.
 */
class GracefulStopTest {

  @Test
  void anUploadOutlastingTheStopIsHandedBackWithItsStateAndCounted() throws Exception {
    long timeoutMs = 3_000;
    JsonObject overrides = new JsonObject()
        .put("verticles", new JsonObject().put("api", 1).put("scheduler", 1).put("publish", 1).put("stats", 0))
        .put("queue", new JsonObject().put("leaseMs", 300_000))
        .put("shutdown", new JsonObject().put("timeoutMs", timeoutMs).put("handBackMarginMs", 1_000));
    PublishWorld world = new PublishWorld(overrides);
    String id;
    long stoppedInMs;
    Counter handBacks;
    try {
      world.sandboxPost("/vk/_sandbox/oauth", new JsonObject().put("autoApprove", true));
      String token = world.user("pro");
      PublishWorld.Reply connected = world.connectOAuth(token, "vk");
      assertEquals(201, connected.status(), connected.body());
      Path file = BigClip.write(TestServices.get().root.resolve("graceful-" + System.nanoTime()).resolve("clip.mp4"), 8L << 20);
      JsonObject clip = world.upload(token, file);
      // far slower than the stop allows: the upload cannot finish in time
      world.fault(new JsonObject().put("platform", "vk").put("kind", "slow").put("match", "upload").put("bytesPerSecond", 100_000));
      id = world.publish(token, new JsonObject().put("clipId", clip.getString("id")).put("targets", new JsonArray()
          .add(new JsonObject().put("connectionId", connected.json().getString("id")).put("caption", "остановка")))).getJsonObject(0).getString("id");
      world.awaitPublication(token, id, p -> p.getLong("bytesSent") != null && p.getLong("bytesSent") > 0, Duration.ofSeconds(30));
      MeterRegistry registry = BackendRegistries.getNow(NodeMetrics.registryName(world.node.nodeId()));
      assertNotNull(registry, "the node's metrics registry");
      long t0 = System.nanoTime();
      world.close();
      stoppedInMs = (System.nanoTime() - t0) / 1_000_000;
      handBacks = registry.find("clipcast.lease.handbacks").tag("platform", "vk").counter();
    } catch (Throwable t) {
      world.close();
      throw t;
    }
    assertTrue(stoppedInMs >= timeoutMs - 1_000 - 200 && stoppedInMs < timeoutMs + 500,
        "waited for the attempt until the hand-back deadline, then stopped in time: " + stoppedInMs + " ms");
    assertNotNull(handBacks, "clipcast_lease_handbacks_total{platform=vk} is registered");
    assertEquals(1.0, handBacks.count());
    QueueStats queue = QueueProbe.stats(world);
    assertEquals(0, queue.leased(), "no lease left behind to expire");
    assertEquals(1L, queue.readyByPlatform().getOrDefault("vk", 0L), "ready for the next node at once");
    assertEquals(1, world.count("SELECT count(*) FROM publications WHERE id = '" + id + "' AND status = 'publishing'"
        + " AND upload_state ? 'videoId' AND upload_state ? 'uploadUrl'"), "still publishing, with the VK video to upload to again");
  }
}
