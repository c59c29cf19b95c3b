package io.clipcast.bench.cluster;

import io.clipcast.config.ConfigLayers;
import io.clipcast.config.SandboxRouting;
import io.clipcast.crypto.KeyRing;
import io.clipcast.devservices.EmbeddedPostgres;
import io.clipcast.devservices.EmbeddedRedis;
import io.clipcast.platforms.catalog.PlatformCatalog;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Clipcast as separate OS processes on 127.0.0.1: PostgreSQL and Redis (the dev-services servers), the platform sandbox
 * (a child JVM running {@code SandboxMain}), one API + scheduler node and any number of publish-only nodes (child JVMs
 * running {@code io.clipcast.launcher.Main run --config <file>}), clustered over Hazelcast with a shared secret.
 * Every piece can be stopped and started again; publish nodes can also be killed with SIGKILL or stopped with SIGTERM.
 */
public final class ProcessCluster implements AutoCloseable {
  private static final Duration READY = Duration.ofSeconds(180);
  private static final String DB = "clipcast";
  /** The redirect URI the sandbox's dev apps (conf/dev.json) accept. */
  public static final String REDIRECT_URI = "http://127.0.0.1:8080/oauth/callback";

  private final ClusterOptions options;
  private final Path work;
  private final Path binCache;
  private final int pgPort;
  private final int redisPort;
  private final int sandboxPort;
  private final int apiHzPort;
  private final String clusterName;
  private final String clusterSecret;
  private final String jwtSecret;
  private final JsonObject cryptoKeys;
  private final Path catalogOverlay;
  private EmbeddedPostgres postgres;
  private final EmbeddedRedis redis;
  private ChildProcess sandbox;
  private NodeProcess apiNode;
  private final List<NodeProcess> publishNodes = new ArrayList<>();
  private final int apiHttpPort;
  private final ClusterClient client;

  private ProcessCluster(ClusterOptions options) throws IOException, InterruptedException {
    this.options = options;
    this.work = options.workDir.toAbsolutePath();
    Files.createDirectories(work);
    this.binCache = Path.of(System.getProperty("java.io.tmpdir"), "clipcast-bin");
    this.pgPort = freePort();
    this.redisPort = freePort();
    this.sandboxPort = freePort();
    this.apiHzPort = freePort();
    this.apiHttpPort = freePort();
    this.clusterName = "bench-" + ProcessHandle.current().pid();
    this.clusterSecret = "bench-cluster-secret-" + UUID.randomUUID();
    this.jwtSecret = "bench-jwt-secret-" + UUID.randomUUID() + "-0123456789abcdef";
    this.cryptoKeys = new JsonObject().put("activeKeyId", "b1").put("keys", new JsonArray().add(KeyRing.newEntry("b1")));
    this.catalogOverlay = writeCatalogOverlay(options);
    startPostgres();
    this.redis = EmbeddedRedis.start(binCache, work.resolve("redis"), redisPort);
    startSandbox();
    this.client = new ClusterClient(this);
  }

  /** Starts PostgreSQL, Redis, the sandbox and the API + scheduler node (ready); add publish nodes with {@link #addPublishNode}. */
  public static ProcessCluster start(ClusterOptions options) throws IOException, InterruptedException {
    ProcessCluster c = new ProcessCluster(options);
    try {
      c.apiNode = new NodeProcess("api", c.work.resolve("nodes/api"), c.nodeConfig("api", true, c.apiHzPort), c.catalogOverlay);
      c.apiNode.start();
      c.apiNode.awaitReady(READY);
      return c;
    } catch (IOException | InterruptedException | RuntimeException e) {
      c.close();
      throw e;
    }
  }

  // ---- the Clipcast nodes ----

  /** A new publish-only node (verticles.publish from the options, no API, no scheduler), started and ready. */
  public NodeProcess addPublishNode() throws IOException, InterruptedException {
    NodeProcess n = newPublishNode();
    n.start();
    n.awaitReady(READY);
    return n;
  }

  /** Like {@link #addPublishNode} for {@code count} nodes, all starting at once (faster on a busy machine). */
  public List<NodeProcess> addPublishNodes(int count) throws IOException, InterruptedException {
    List<NodeProcess> added = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      NodeProcess n = newPublishNode();
      n.start();
      added.add(n);
    }
    for (NodeProcess n : added) n.awaitReady(READY);
    return added;
  }

  private synchronized NodeProcess newPublishNode() throws IOException {
    String id = "publish-" + (publishNodes.size() + 1);
    NodeProcess n = new NodeProcess(id, work.resolve("nodes/" + id), nodeConfig(id, false, freePort()), catalogOverlay);
    publishNodes.add(n);
    return n;
  }

  public NodeProcess apiNode() {
    return apiNode;
  }

  public synchronized List<NodeProcess> publishNodes() {
    return List.copyOf(publishNodes);
  }

  /** kill -9 of a publish node; {@link NodeProcess#restart} brings it back. */
  public void kill9(NodeProcess node) throws InterruptedException {
    node.kill9();
  }

  /** SIGTERM (graceful stop within shutdown.timeoutMs); returns the exit code, -1 if it had to be killed after {@code timeoutSeconds}. */
  public int terminate(NodeProcess node, long timeoutSeconds) throws InterruptedException {
    return node.terminate(timeoutSeconds);
  }

  /** Starts a stopped or killed node again and waits until it is ready. */
  public void restart(NodeProcess node) throws IOException, InterruptedException {
    node.restart(READY);
  }

  /** The config a node runs with: the shared services, the sandbox's URLs, the cluster, then the options' overlay. */
  private JsonObject nodeConfig(String id, boolean api, int hzPort) {
    int httpPort = api ? apiHttpPort : freePort();
    JsonObject apis = ConfigLayers.fromDefaults().build().getJsonObject("platformApis").copy();
    JsonObject routed = new JsonObject().put("platformApis", apis);
    SandboxRouting.apply(routed, sandboxBase());
    JsonObject dev = ConfigLayers.readResource("conf/dev.json");
    JsonObject c = new JsonObject()
        .put("node", new JsonObject().put("id", id).put("dataDir", work.resolve("nodes/" + id + "/data").toString()))
        .put("log", new JsonObject().put("level", options.logLevel))
        .put("verticles", new JsonObject().put("api", api ? 1 : 0).put("scheduler", api ? 1 : 0)
            .put("publish", api ? 0 : options.publishVerticles).put("stats", 0))
        .put("http", new JsonObject().put("host", "127.0.0.1").put("port", httpPort)
            // one public address for the deployment, the API's: a publish node's links (Rutube's and TikTok's pull of a
            // clip) must point where the media routes answer
            .put("publicUrl", "http://127.0.0.1:" + apiHttpPort))
        .put("ops", new JsonObject().put("enabled", true).put("host", "127.0.0.1").put("port", freePort()))
        .put("db", new JsonObject().put("host", "127.0.0.1").put("port", pgPort).put("database", DB).put("user", "clipcast")
            .put("password", "").put("sslMode", "disable").put("migrate", api))
        .put("redis", new JsonObject().put("url", "redis://127.0.0.1:" + redisPort).put("keyPrefix", "clipcast:"))
        .put("queue", new JsonObject().put("leaseMs", options.leaseMs))
        .put("publish", new JsonObject().put("concurrency", options.publishConcurrency))
        // many users from one address, and tokens that outlast a long soak
        .put("auth", new JsonObject().put("jwtSecret", jwtSecret).put("signupsPerAddress", 1_000_000).put("accessTokenTtlSeconds", 86_400))
        .put("crypto", cryptoKeys.copy())
        .put("storage", new JsonObject().put("kind", "local").put("localDir", work.resolve("files/clips").toString())
            .put("stagingDir", work.resolve("files/staging").toString()))
        .put("platformApis", routed.getJsonObject("platformApis"))
        .put("oauth", new JsonObject().put("redirectUri", REDIRECT_URI).put("clients", dev.getJsonObject("oauth").getJsonObject("clients")))
        .put("publications", new JsonObject().put("minLeadMinutes", 0))
        .put("clips", new JsonObject().put("importAllowLoopback", true))
        .put("sandbox", new JsonObject().put("enabled", false))
        .put("cluster", new JsonObject().put("enabled", true).put("name", clusterName).put("host", "127.0.0.1").put("port", hzPort)
            .put("members", new JsonArray().add("127.0.0.1:" + apiHzPort).add("127.0.0.1:" + hzPort))
            .put("secret", clusterSecret)
            // loopback only: the event bus stays plain so TLS handshakes do not spend the two cores
            .put("tls", new JsonObject().put("enabled", false)));
    return Json.deepMerge(c, options.nodeOverlay);
  }

  /** conf/platforms/<id>.json with the options' patches, in a folder put first on every node's classpath. */
  private Path writeCatalogOverlay(ClusterOptions o) throws IOException {
    Path root = work.resolve("catalog");
    Files.createDirectories(root.resolve("conf/platforms"));
    for (Map.Entry<String, JsonObject> e : o.catalogPatches.entrySet()) writeCatalogFile(root, e.getKey(), e.getValue());
    return root;
  }

  private static void writeCatalogFile(Path root, String platform, JsonObject patch) throws IOException {
    JsonObject doc = Json.deepMerge(PlatformCatalog.shipped().document(platform), patch);
    Files.writeString(root.resolve("conf/platforms/" + platform + ".json"), doc.encodePrettily());
  }

  /**
   * Adds {@code patch} to the catalog overlay of {@code platform} (on top of the patches given so far); nodes read the
   * catalog at start, so restart them to apply it.
   */
  public synchronized void patchCatalog(String platform, JsonObject patch) throws IOException {
    options.catalogPatch(platform, patch);
    writeCatalogFile(catalogOverlay, platform, options.catalogPatches.get(platform));
  }

  /** The platform's rules file as the nodes read it (shipped, with the overlay's patches). */
  public synchronized JsonObject catalogDocument(String platform) {
    JsonObject patch = options.catalogPatches.get(platform);
    return Json.deepMerge(PlatformCatalog.shipped().document(platform), patch == null ? new JsonObject() : patch);
  }

  // ---- PostgreSQL ----

  public synchronized void startPostgres() throws IOException, InterruptedException {
    if (postgres != null && postgres.isRunning()) return;
    postgres = EmbeddedPostgres.start(binCache, work.resolve("pg"), pgPort, "clipcast", DB,
        Map.of("fsync", "off", "synchronous_commit", "off", "full_page_writes", "off"));
  }

  /** Fast shutdown (SIGINT): sessions end, data stays; {@link #startPostgres} brings it back on the same port. */
  public synchronized void stopPostgres() {
    if (postgres != null) postgres.close();
  }

  public String jdbcUrl() {
    return "jdbc:postgresql://127.0.0.1:" + pgPort + "/" + DB;
  }

  // ---- Redis ----

  public void stopRedis() {
    redis.stop();
  }

  /** Starts Redis again; its AOF (on: EmbeddedRedis runs appendonly yes) brings the data back. */
  public void startRedis() throws IOException, InterruptedException {
    redis.start();
  }

  /** FLUSHALL: Redis loses every queue key at once, as after a failover to an empty replica. */
  public void flushRedis() throws IOException {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", redisPort), 2000);
      s.setSoTimeout(10_000);
      OutputStream out = s.getOutputStream();
      out.write("*1\r\n$8\r\nFLUSHALL\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = s.getInputStream();
      byte[] buf = new byte[64];
      int n = in.read(buf);
      String reply = n > 0 ? new String(buf, 0, n, StandardCharsets.US_ASCII) : "";
      if (!reply.startsWith("+OK")) throw new IOException("FLUSHALL answered " + reply.trim());
    }
  }

  public String redisUrl() {
    return "redis://127.0.0.1:" + redisPort;
  }

  // ---- the sandbox ----

  private void startSandbox() throws IOException, InterruptedException {
    Path dir = work.resolve("sandbox");
    sandbox = ChildProcess.start("io.clipcast.sandbox.SandboxMain", dir, dir.resolve("sandbox.log"), null, Map.of(), List.of(),
        "--host", "127.0.0.1", "--port", Integer.toString(sandboxPort));
    HttpClient http = HttpClient.newHttpClient();
    long deadline = System.nanoTime() + READY.toNanos();
    while (System.nanoTime() < deadline) {
      if (!sandbox.isAlive()) throw new IllegalStateException("the sandbox exited:\n" + sandbox.tail(4000));
      try {
        if (http.send(HttpRequest.newBuilder(URI.create(sandboxBase() + "/health")).build(), HttpResponse.BodyHandlers.discarding())
            .statusCode() == 200) return;
      } catch (IOException e) {
        // not listening yet
      }
      Thread.sleep(200);
    }
    throw new IllegalStateException("the sandbox did not answer /health:\n" + sandbox.tail(4000));
  }

  public String sandboxBase() {
    return "http://127.0.0.1:" + sandboxPort;
  }

  public ChildProcess sandbox() {
    return sandbox;
  }

  // ---- clients and facts ----

  /** The API's base URL (the API + scheduler node). */
  public String apiBase() {
    return "http://127.0.0.1:" + apiNode.httpPort();
  }

  public ClusterClient client() {
    return client;
  }

  public ClusterOptions options() {
    return options;
  }

  public Path workDir() {
    return work;
  }

  /** RSS in KiB of a process (VmRSS); 0 when it is gone. */
  public static long rssKb(long pid) {
    return Rss.kb(pid);
  }

  static int freePort() {
    try (ServerSocket s = new ServerSocket(0)) {
      s.setReuseAddress(true);
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Stops everything: publish nodes and the API node (kill -9: the data is thrown away), the sandbox, Redis, PostgreSQL. */
  @Override
  public void close() {
    List<NodeProcess> nodes = new ArrayList<>(publishNodes());
    if (apiNode != null) nodes.add(apiNode);
    for (NodeProcess n : nodes) {
      try {
        n.kill9();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    try {
      if (sandbox != null) sandbox.kill9();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (redis != null) redis.close();
    if (postgres != null) postgres.close();
  }
}
