package io.clipcast.launcher;

import io.clipcast.api.ApiVerticle;
import io.clipcast.publish.PublishVerticle;
import io.clipcast.scheduler.SchedulerVerticle;
import io.clipcast.testing.TestServices;
import io.vertx.core.Deployable;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NodeDeploymentTest {
  private Node node;

  @AfterEach
  void stop() {
    if (node != null) node.stopAndWait();
  }

  private Set<Deployable> instances(String deploymentId) {
    return ((VertxInternal) node.vertx()).deploymentManager().deployment(deploymentId).deployment().instances();
  }

  @Test
  void deploysExactlyTheConfiguredInstanceCounts() throws Exception {
    JsonObject config = TestServices.get().config();
    config.put("verticles", new JsonObject().put("api", 2).put("scheduler", 1).put("publish", 3).put("stats", 0));
    config.getJsonObject("http").put("port", TestServices.freePort());
    int opsPort = TestServices.freePort();
    config.getJsonObject("ops").put("enabled", true).put("port", opsPort);

    node = Node.start(config).await(60, TimeUnit.SECONDS);

    Map<String, String> d = node.deployments();
    assertEquals(Set.of("api", "scheduler", "publish", "ops"), d.keySet(), "a kind with 0 instances is not deployed");
    assertEquals(Set.copyOf(d.values()), node.vertx().deploymentIDs(), "nothing else is deployed");
    assertEquals(2, instances(d.get("api")).size());
    assertEquals(1, instances(d.get("scheduler")).size());
    assertEquals(3, instances(d.get("publish")).size());
    assertTrue(instances(d.get("api")).stream().allMatch(v -> v instanceof ApiVerticle));
    assertTrue(instances(d.get("scheduler")).stream().allMatch(v -> v instanceof SchedulerVerticle));
    assertTrue(instances(d.get("publish")).stream().allMatch(v -> v instanceof PublishVerticle));

    // the node reports the same over the event bus, as /cluster shows it to ops
    JsonObject cluster = Http.json(Http.get("http://127.0.0.1:" + opsPort + "/cluster"));
    assertEquals(config.getJsonObject("verticles"), cluster.getJsonArray("nodes").getJsonObject(0).getJsonObject("verticles"));
  }

  @Test
  void publishOnlyNodeServesOpsEndpointsOnItsOpsPort() throws Exception {
    JsonObject config = TestServices.get().config();
    config.put("verticles", new JsonObject().put("api", 0).put("scheduler", 0).put("publish", 4).put("stats", 0));
    int opsPort = TestServices.freePort();
    config.getJsonObject("ops").put("enabled", true).put("port", opsPort);

    node = Node.start(config).await(60, TimeUnit.SECONDS);

    assertEquals(Set.of("publish", "ops"), node.deployments().keySet());
    assertEquals(4, instances(node.deployments().get("publish")).size());
    assertEquals(200, Http.get("http://127.0.0.1:" + opsPort + "/ready").statusCode());
    assertTrue(Http.get("http://127.0.0.1:" + opsPort + "/metrics").body().contains("jvm_memory_used_bytes"));
  }

  @Test
  void migratingNodeCreatesTheSchemaOnStart() throws Exception {
    JsonObject config = TestServices.get().config();
    config.getJsonObject("http").put("port", TestServices.freePort());
    node = Node.start(config).await(60, TimeUnit.SECONDS);
    var pool = io.clipcast.db.PgPools.shared(node.vertx(), config.getJsonObject("db"));
    long tables = pool.query("SELECT count(*) FROM information_schema.tables WHERE table_name = 'publications'")
        .execute().await(10, TimeUnit.SECONDS).iterator().next().getLong(0);
    assertEquals(1, tables);
  }
}
