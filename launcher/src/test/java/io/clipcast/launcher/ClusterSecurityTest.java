package io.clipcast.launcher;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import io.clipcast.config.ConfigLayers;
import io.clipcast.publication.StatusChange;
import io.clipcast.testing.TestServices;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * M8 of issue 11: anyone who could reach the Hazelcast port and knew the cluster name joined the cluster, and could
 * then read and forge every user's status events. Node A is a real Clipcast process secured as ops would
 * (cluster.secret, event-bus mutual TLS); the intruders run in this JVM:
 * <ul>
 *   <li>a stock Vert.x + Hazelcast process with the right cluster name (what any attacker would start) and a
 *       Clipcast node with a wrong secret: neither joins, and A's /cluster lists only A;</li>
 *   <li>Clipcast nodes that know the secret (a leaked secret) but hold no certificate from the cluster CA, one with a
 *       plaintext bus and one with a certificate from another CA: their forged status events never reach a user's
 *       event stream on A, and they receive none of the real ones, while a node with a CA-signed certificate
 *       delivers and receives through the same path.</li>
 * </ul>
 */
class ClusterSecurityTest {
  private static Path work;
  private static ChildJvm nodeA;
  private static String baseA;
  private static String opsBaseA;
  private static String clusterName;
  private static int hzA;
  private static String secret;
  private static TestCerts clusterCa;
  private static TestCerts foreignCa;

  private final List<Vertx> inProcess = new ArrayList<>();

  @BeforeAll
  static void startSecuredNode() throws Exception {
    work = Files.createTempDirectory("clipcast-cluster-security-");
    int httpA = TestServices.freePort();
    int opsA = TestServices.freePort();
    hzA = TestServices.freePort();
    secret = "cluster-secret-" + UUID.randomUUID();
    clusterCa = TestCerts.authority(work.resolve("certs"), "cluster");
    foreignCa = TestCerts.authority(work.resolve("certs"), "foreign");
    Map<String, String> env = ClusterProcessTest.nodeEnv("node-a", httpA, opsA, hzA, "127.0.0.1:" + hzA, "1,0,0,0");
    env.putAll(ClusterProcessTest.securityEnv(secret, clusterCa, clusterCa.issue("node-a")));
    clusterName = env.get("CLIPCAST_CLUSTER_NAME");
    nodeA = ChildJvm.start(work.resolve("a"), env, "run");
    baseA = "http://127.0.0.1:" + httpA;
    opsBaseA = "http://127.0.0.1:" + opsA;
    Http.await(baseA + "/ready", r -> r.statusCode() == 200, Duration.ofSeconds(120));
  }

  @AfterAll
  static void stopNode() throws Exception {
    if (nodeA != null) nodeA.close();
    try (var walk = Files.walk(work)) {
      for (Path p : (Iterable<Path>) walk.sorted(java.util.Comparator.reverseOrder())::iterator) Files.deleteIfExists(p);
    }
  }

  @AfterEach
  void closeInProcessMembers() throws Exception {
    for (Vertx v : inProcess) v.close().await(30, TimeUnit.SECONDS);
  }

  @Test
  void processesWithoutTheSecretDoNotJoin() throws Exception {
    Config stock = new Config().setClusterName(clusterName);
    stock.setProperty("hazelcast.logging.type", "slf4j");
    stock.setProperty("hazelcast.phone.home.enabled", "false");
    stock.setProperty("hazelcast.wait.seconds.before.join", "0");
    stock.setProperty("hazelcast.max.join.seconds", "3");
    stock.setProperty("hazelcast.local.localAddress", "127.0.0.1");
    stock.getNetworkConfig().setPort(TestServices.freePort()).setPortAutoIncrement(false);
    JoinConfig join = stock.getNetworkConfig().getJoin();
    join.getMulticastConfig().setEnabled(false);
    join.getAutoDetectionConfig().setEnabled(false);
    join.getTcpIpConfig().setEnabled(true).addMember("127.0.0.1:" + hzA);
    HazelcastClusterManager stockManager = new HazelcastClusterManager(stock);
    keep(Vertx.builder().with(new VertxOptions()).withClusterManager(stockManager).buildClustered()
        .await(60, TimeUnit.SECONDS));
    assertEquals(1, stockManager.getHazelcastInstance().getCluster().getMembers().size(),
        "a stock Hazelcast member with the right cluster name formed a cluster of its own instead of joining A");

    Vertx wrongSecret = keep(member("wrong-secret", "another-secret-" + UUID.randomUUID(), clusterCa, clusterCa.issue("wrong-secret")));
    assertEquals(List.of(), otherMembers(wrongSecret), "a node with another cluster.secret stays alone");

    JsonObject cluster = Http.json(Http.get(opsBaseA + "/cluster"));
    assertEquals(1, cluster.getJsonArray("nodes").size(), "A's /cluster lists only A: " + cluster.encode());
    assertEquals("node-a", cluster.getJsonArray("nodes").getJsonObject(0).getString("nodeId"));
    String log = nodeA.output();
    assertTrue(log.contains("refused: it does not speak the cluster.secret handshake"), "A says why it refused the stock member:\n" + log);
    assertTrue(log.contains("refused: it closed the connection during the cluster.secret handshake"),
        "A says why it refused the wrong-secret node:\n" + log);
  }

  @Test
  void nodesWithoutACaSignedCertificateCanNeitherForgeNorReadStatusEvents() throws Exception {
    EventStream events = EventStream.open(baseA);
    Vertx probe = keep(member("probe", secret, clusterCa, clusterCa.issue("probe")));
    Vertx plainBus = keep(member("intruder-plain-bus", secret, null, null));
    Vertx foreignCert = keep(member("intruder-foreign-ca", secret, foreignCa, foreignCa.issue("intruder-foreign-ca")));
    assertEquals(3, otherMembers(probe).size(), "with the secret, all three join the member list");

    AtomicInteger readByIntruders = new AtomicInteger();
    for (Vertx intruder : List.of(plainBus, foreignCert)) {
      MessageConsumer<JsonObject> c = intruder.eventBus().consumer(StatusChange.ADDRESS, m -> {
        if (m.body().getString("publicationId").startsWith("probe")) readByIntruders.incrementAndGet();
      });
      c.completion().await(10, TimeUnit.SECONDS);
    }
    // the path works: a CA-signed node's event reaches the user's stream on A
    publishUntilSeen(events, () -> probe.eventBus().publish(StatusChange.ADDRESS, change(events.userId, "probe-1")), "probe-1");

    for (int i = 0; i < 5; i++) {
      plainBus.eventBus().publish(StatusChange.ADDRESS, change(events.userId, "forged-by-plain-bus"));
      foreignCert.eventBus().publish(StatusChange.ADDRESS, change(events.userId, "forged-by-foreign-ca"));
      Thread.sleep(200);
    }
    publishUntilSeen(events, () -> probe.eventBus().publish(StatusChange.ADDRESS, change(events.userId, "probe-2")), "probe-2");
    Thread.sleep(1000);

    assertTrue(events.lines.stream().noneMatch(l -> l.contains("forged-")), "no forged event reached the stream: " + events.lines);
    assertEquals(0, readByIntruders.get(), "the intruders received none of the probe's events");
  }

  private Vertx keep(Vertx v) {
    inProcess.add(v);
    return v;
  }

  /** A Clipcast node (VertxFactory, as the launcher builds it) that tries to join A; {@code cert} null = TLS off. */
  private static Vertx member(String id, String memberSecret, TestCerts ca, TestCerts.Issued cert) throws Exception {
    JsonObject tls = new JsonObject().put("enabled", cert != null);
    if (cert != null) {
      tls.put("certPath", cert.certPath().toString()).put("keyPath", cert.keyPath().toString()).put("caPath", ca.caPath.toString());
    }
    JsonObject cluster = new JsonObject().put("enabled", true).put("name", clusterName).put("host", "127.0.0.1")
        .put("port", TestServices.freePort()).put("members", new JsonArray().add("127.0.0.1:" + hzA))
        .put("joinTimeoutSeconds", 5).put("secret", memberSecret).put("tls", tls);
    JsonObject config = ConfigLayers.fromDefaults()
        .overlay(new JsonObject().put("node", new JsonObject().put("id", id)).put("cluster", cluster), "test").build();
    return VertxFactory.create(config).await(60, TimeUnit.SECONDS);
  }

  private static List<String> otherMembers(Vertx v) {
    var cm = ((io.vertx.core.internal.VertxInternal) v).clusterManager();
    List<String> others = new ArrayList<>(cm.getNodes());
    others.remove(cm.getNodeId());
    return others;
  }

  private static JsonObject change(String userId, String publicationId) {
    return new StatusChange(1, publicationId, userId, "vk", "scheduled", "published", 1, Instant.now().toString(),
        new JsonObject()).toJson();
  }

  private static void publishUntilSeen(EventStream events, Runnable publish, String marker) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      publish.run();
      long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(500);
      while (System.nanoTime() < until) {
        if (events.lines.stream().anyMatch(l -> l.contains(marker))) return;
        Thread.sleep(50);
      }
    }
    throw new AssertionError(marker + " never reached the event stream: " + events.lines);
  }

  /** A user registered on A, reading its GET /api/v1/events stream line by line. */
  private static final class EventStream {
    final String userId;
    final List<String> lines = new CopyOnWriteArrayList<>();

    private EventStream(String userId) {
      this.userId = userId;
    }

    static EventStream open(String base) throws Exception {
      HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
      String email = "u" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
      HttpResponse<String> registered = client.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/auth/register"))
          .header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString(new JsonObject().put("email", email).put("password", "correct horse battery").encode()))
          .build(), HttpResponse.BodyHandlers.ofString());
      assertEquals(201, registered.statusCode(), registered.body());
      JsonObject body = new JsonObject(registered.body());
      EventStream stream = new EventStream(body.getJsonObject("user").getString("id"));
      client.sendAsync(HttpRequest.newBuilder(URI.create(base + "/api/v1/events"))
              .header("Authorization", "Bearer " + body.getString("accessToken")).build(), HttpResponse.BodyHandlers.ofLines())
          .thenAccept(r -> r.body().forEach(stream.lines::add));
      Supplier<Boolean> connected = () -> stream.lines.stream().anyMatch(l -> l.startsWith(": connected"));
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (!connected.get()) {
        if (System.nanoTime() > deadline) throw new AssertionError("the event stream did not open: " + stream.lines);
        Thread.sleep(50);
      }
      return stream;
    }
  }
}
