package io.clipcast.launcher;

import io.clipcast.testing.TestServices;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two separate JVM processes with cluster.enabled=true on 127.0.0.1, configured only through CLIPCAST_*
 * variables as ops would, with the cluster secured as docs/operations/cluster-security.md says (a shared
 * cluster.secret, mutual TLS on the event bus with certificates from one cluster CA): they form one Hazelcast
 * cluster, an event-bus request crosses from one process to the other, and killing one leaves the other ready.
 */
class ClusterProcessTest {
  @TempDir
  Path work;

  /** CLIPCAST_CLUSTER_SECRET and CLIPCAST_CLUSTER_TLS_* for a node holding {@code cert} from the cluster CA. */
  static Map<String, String> securityEnv(String secret, TestCerts ca, TestCerts.Issued cert) {
    return Map.of("CLIPCAST_CLUSTER_SECRET", secret,
        "CLIPCAST_CLUSTER_TLS_ENABLED", "true",
        "CLIPCAST_CLUSTER_TLS_CERT_PATH", cert.certPath().toString(),
        "CLIPCAST_CLUSTER_TLS_KEY_PATH", cert.keyPath().toString(),
        "CLIPCAST_CLUSTER_TLS_CA_PATH", ca.caPath.toString());
  }

  /** A node's CLIPCAST_* variables; /cluster and /metrics are on its ops port ({@code opsPort}), as in production. */
  static Map<String, String> nodeEnv(String id, int httpPort, int opsPort, int hzPort, String members, String verticles) {
    JsonObject shared = TestServices.get().config();
    Map<String, String> env = new HashMap<>();
    env.put("CLIPCAST_NODE_ID", id);
    env.put("CLIPCAST_HTTP_HOST", "127.0.0.1");
    env.put("CLIPCAST_HTTP_PORT", Integer.toString(httpPort));
    env.put("CLIPCAST_OPS_ENABLED", "true");
    env.put("CLIPCAST_OPS_HOST", "127.0.0.1");
    env.put("CLIPCAST_OPS_PORT", Integer.toString(opsPort));
    env.put("CLIPCAST_DB_PORT", shared.getJsonObject("db").getInteger("port").toString());
    env.put("CLIPCAST_DB_DATABASE", shared.getJsonObject("db").getString("database"));
    env.put("CLIPCAST_REDIS_URL", shared.getJsonObject("redis").getString("url"));
    env.put("CLIPCAST_AUTH_JWT_SECRET", shared.getJsonObject("auth").getString("jwtSecret"));
    env.put("CLIPCAST_CLUSTER_ENABLED", "true");
    env.put("CLIPCAST_CLUSTER_NAME", "test-" + ProcessHandle.current().pid());
    env.put("CLIPCAST_CLUSTER_HOST", "127.0.0.1");
    env.put("CLIPCAST_CLUSTER_PORT", Integer.toString(hzPort));
    env.put("CLIPCAST_CLUSTER_MEMBERS", members);
    String[] counts = verticles.split(",");
    env.put("CLIPCAST_VERTICLES_API", counts[0]);
    env.put("CLIPCAST_VERTICLES_SCHEDULER", counts[1]);
    env.put("CLIPCAST_VERTICLES_PUBLISH", counts[2]);
    env.put("CLIPCAST_VERTICLES_STATS", counts[3]);
    return env;
  }

  @Test
  void twoProcessesFormAClusterAndSurviveTheLossOfOne() throws Exception {
    int httpA = TestServices.freePort();
    int httpB = TestServices.freePort();
    int opsA = TestServices.freePort();
    int hzA = TestServices.freePort();
    int hzB = TestServices.freePort();
    String members = "127.0.0.1:" + hzA + ",127.0.0.1:" + hzB;
    String secret = "cluster-secret-" + java.util.UUID.randomUUID();
    TestCerts ca = TestCerts.authority(work.resolve("certs"), "cluster");
    Map<String, String> envA = nodeEnv("node-a", httpA, opsA, hzA, members, "1,1,0,0");
    envA.putAll(securityEnv(secret, ca, ca.issue("node-a")));
    Map<String, String> envB = nodeEnv("node-b", httpB, TestServices.freePort(), hzB, members, "1,0,3,1");
    envB.putAll(securityEnv(secret, ca, ca.issue("node-b")));

    try (ChildJvm a = ChildJvm.start(work.resolve("a"), envA, "run");
         ChildJvm b = ChildJvm.start(work.resolve("b"), envB, "run")) {
      String baseA = "http://127.0.0.1:" + httpA;
      String opsBaseA = "http://127.0.0.1:" + opsA;
      Http.await(baseA + "/ready", r -> r.statusCode() == 200, Duration.ofSeconds(120));
      Http.await("http://127.0.0.1:" + httpB + "/ready", r -> r.statusCode() == 200, Duration.ofSeconds(120));

      // A asks every member over the clustered event bus; B's answer can only come from B's process.
      HttpResponse<String> cluster = Http.await(opsBaseA + "/cluster", r -> r.statusCode() == 200
          && Http.json(r).getJsonArray("nodes").size() == 2 && !r.body().contains("\"reachable\":false"), Duration.ofSeconds(60));
      JsonObject body = Http.json(cluster);
      assertTrue(body.getBoolean("clustered"));
      JsonObject nodeB = find(body.getJsonArray("nodes"), "node-b");
      assertTrue(nodeB.getBoolean("reachable"), body.encode());
      assertEquals(b.process.pid(), nodeB.getLong("pid"), "the answer came from process B");
      assertEquals(3, nodeB.getJsonObject("verticles").getInteger("publish"));
      // what B's publish workers are doing crosses too (issue 14 item 7): no claims yet, each platform's breaker closed
      assertEquals(0, nodeB.getJsonArray("claims").size(), body.encode());
      assertEquals("CLOSED", nodeB.getJsonObject("breakers").getJsonObject("vk").getString("state"), body.encode());
      assertEquals(a.process.pid(), find(body.getJsonArray("nodes"), "node-a").getLong("pid"));

      b.process.destroyForcibly().waitFor(30, TimeUnit.SECONDS); // kill -9: no goodbye to the cluster

      Http.await(opsBaseA + "/cluster", r -> r.statusCode() == 200 && Http.json(r).getJsonArray("nodes").size() == 1,
          Duration.ofSeconds(90));
      HttpResponse<String> ready = Http.get(baseA + "/ready");
      assertEquals(200, ready.statusCode(), "the survivor stays ready: " + ready.body());
      assertTrue(Http.json(ready).getJsonObject("checks").getJsonObject("cluster").getBoolean("clustered"));
      assertFalse(a.output().contains("\"level\":\"ERROR\""), "the survivor logged no error:\n" + a.output());
    }
  }

  private static JsonObject find(JsonArray nodes, String nodeId) {
    for (int i = 0; i < nodes.size(); i++) {
      if (nodeId.equals(nodes.getJsonObject(i).getString("nodeId"))) return nodes.getJsonObject(i);
    }
    throw new AssertionError(nodeId + " not among " + nodes.encode());
  }
}
