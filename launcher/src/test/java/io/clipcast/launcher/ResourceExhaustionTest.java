package io.clipcast.launcher;

import io.clipcast.testing.TestServices;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 11's resource-exhaustion suite, with bounded counts, against a real node in this JVM (so its file descriptors
 * and heap are this process's): many slow clients, many half-closed uploads, a burst of sign-ups, invented methods and
 * paths, many event streams. After each, the node is ready, descriptors and heap are back near their baseline, and
 * metric series are bounded; the figures are printed as a table.
 */
class ResourceExhaustionTest {
  private static final int SLOW_CLIENTS = 300;
  private static final int HALF_CLOSED_UPLOADS = 120;
  private static final int SIGNUPS = 60;
  private static final int INVENTED = 1000;
  private static final int STREAMS = 60;
  private static final long FD_SLACK = 25;
  private static final long HEAP_SLACK_MB = 64;

  private static Node node;
  private static JsonObject config;
  private static int port;
  private static String ops;
  private static Path staging;
  private static String token;
  private static final List<String> report = new ArrayList<>();

  @BeforeAll
  static void start() throws Exception {
    config = TestServices.get().config();
    port = TestServices.freePort();
    int opsPort = TestServices.freePort();
    config.getJsonObject("http").put("port", port).put("idleTimeoutSeconds", 4).put("headerTimeoutSeconds", 2).put("requestTimeoutSeconds", 3);
    config.getJsonObject("ops").put("enabled", true).put("host", "127.0.0.1").put("port", opsPort);
    config.put("verticles", new JsonObject().put("api", 1).put("scheduler", 0).put("publish", 0).put("stats", 0));
    staging = TestServices.get().root.resolve("exhaustion-" + System.nanoTime());
    config.getJsonObject("storage").put("localDir", staging.resolve("clips").toString()).put("stagingDir", staging.resolve("staging").toString());
    node = Node.start(config).await(60, TimeUnit.SECONDS);
    ops = "http://127.0.0.1:" + opsPort;
    token = new JsonObject(post("/api/v1/auth/register", new JsonObject().put("email", "owner" + System.nanoTime() + "@example.com")
        .put("password", "correct horse battery").encode()).body()).getString("accessToken");
  }

  @AfterAll
  static void stop() {
    System.out.println("resource exhaustion suite:");
    System.out.println(String.format("| %-28s | %-13s | %-15s | %-15s | %s", "phase", "fds", "heap MB", "metric series", "result"));
    report.forEach(System.out::println);
    if (node != null) node.stopAndWait();
  }

  private record Snapshot(long fds, long heapMb, long series) {}

  private static Snapshot snapshot() {
    System.gc();
    long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / (1024 * 1024);
    long fds;
    try (Stream<Path> s = Files.list(Path.of("/proc/self/fd"))) {
      fds = s.count();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    long series = Http.get(ops + "/metrics").body().lines().filter(l -> !l.startsWith("#") && !l.isBlank()).count();
    return new Snapshot(fds, heap, series);
  }

  /** Asserts the node is ready and back near {@code before}, and records the phase's figures. */
  private static void after(String phase, Snapshot before, String result) throws Exception {
    assertEquals(200, Http.get("http://127.0.0.1:" + port + "/ready").statusCode(), phase + ": the node is ready");
    Snapshot now = snapshot();
    await(() -> {
      Snapshot s = snapshot();
      return s.fds() <= before.fds() + FD_SLACK;
    }, 15_000);
    now = snapshot();
    report.add(String.format("| %-28s | %5d → %-5d | %6d → %-6d | %6d → %-6d | %s", phase, before.fds(), now.fds(), before.heapMb(),
        now.heapMb(), before.series(), now.series(), result));
    assertTrue(now.fds() <= before.fds() + FD_SLACK, phase + ": descriptors " + before.fds() + " → " + now.fds());
    assertTrue(now.heapMb() <= before.heapMb() + HEAP_SLACK_MB, phase + ": heap " + before.heapMb() + " → " + now.heapMb() + " MB");
    assertTrue(now.series() <= before.series() + 40, phase + ": metric series " + before.series() + " → " + now.series());
  }

  @Test
  void slowClientsAreCutOffAndTheNodeKeepsServingOthers() throws Exception {
    Snapshot before = snapshot();
    List<Socket> slow = new ArrayList<>();
    for (int i = 0; i < SLOW_CLIENTS; i++) {
      Socket s = new Socket("127.0.0.1", port);
      s.getOutputStream().write("GET /health HTTP/1.1\r\nHost: x\r\n".getBytes(StandardCharsets.US_ASCII));
      slow.add(s);
    }
    // while they trickle, another client is served
    assertEquals(200, Http.get("http://127.0.0.1:" + port + "/ready").statusCode(), "served during the attack");
    long start = System.nanoTime();
    int closed = 0;
    while (closed < SLOW_CLIENTS && (System.nanoTime() - start) < TimeUnit.SECONDS.toNanos(12)) {
      closed = 0;
      for (Socket s : slow) {
        try {
          s.getOutputStream().write('X');
          s.getOutputStream().flush();
        } catch (IOException gone) {
          closed++;
        }
      }
      Thread.sleep(300);
    }
    long tookMs = (System.nanoTime() - start) / 1_000_000;
    for (Socket s : slow) s.close();
    assertEquals(SLOW_CLIENTS, closed, "slow heads cut off by the server");
    after(SLOW_CLIENTS + " slow clients", before, "all " + closed + " cut off within " + tookMs + " ms");
  }

  @Test
  void halfClosedUploadsLeaveNoRowFileOrDescriptor() throws Exception {
    Snapshot before = snapshot();
    int[] sizes = {0, 1, 4096, 100_000};
    for (int i = 0; i < HALF_CLOSED_UPLOADS; i++) {
      try (Socket s = new Socket("127.0.0.1", port)) {
        s.getOutputStream().write(("POST /api/v1/clips HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + token
            + "\r\nContent-Type: video/mp4\r\nContent-Length: 50000000\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        s.getOutputStream().write(new byte[sizes[i % sizes.length]]);
        s.getOutputStream().flush();
        if (i % 2 == 0) s.shutdownOutput(); // half-closed; the other half just vanish
      }
    }
    await(() -> count("SELECT count(*) FROM clips WHERE status = 'uploading'") == 0 && parts() == 0, 20_000);
    assertEquals(0, count("SELECT count(*) FROM clips WHERE status = 'uploading'"), "no upload left uploading");
    assertEquals(0, parts(), "no staging file left");
    after(HALF_CLOSED_UPLOADS + " half-closed uploads", before, count("SELECT count(*) FROM clips WHERE status = 'rejected'")
        + " rows rejected, 0 uploading, 0 .part files");
  }

  @Test
  void aBurstOfSignUpsIsLimitedPerAddress() throws Exception {
    Snapshot before = snapshot();
    long users = count("SELECT count(*) FROM users");
    ExecutorService pool = Executors.newFixedThreadPool(16);
    List<Future<Integer>> answers = new ArrayList<>();
    for (int i = 0; i < SIGNUPS; i++) {
      int n = i;
      answers.add(pool.submit(() -> post("/api/v1/auth/register", new JsonObject().put("email", "burst" + n + "-" + System.nanoTime()
          + "@example.com").put("password", "correct horse battery").encode()).statusCode()));
    }
    int created = 0;
    int refused = 0;
    for (Future<Integer> f : answers) {
      int status = f.get(120, TimeUnit.SECONDS);
      if (status == 201) created++;
      else if (status == 429 || status == 503) refused++;
    }
    pool.shutdown();
    int limit = config.getJsonObject("auth").getInteger("signupsPerAddress");
    assertTrue(created <= limit, created + " sign-ups from one address, limit " + limit);
    assertEquals(SIGNUPS, created + refused, "every other answer is 429/503");
    assertEquals(users + created, count("SELECT count(*) FROM users"), "one row per 201");
    after(SIGNUPS + " sign-ups at once", before, created + " created (limit " + limit + " incl. the owner's), " + refused + " refused");
  }

  @Test
  void inventedMethodsAndPathsAddNoSeries() throws Exception {
    Snapshot before = snapshot();
    Random random = new Random(11);
    for (int i = 0; i < INVENTED; i++) {
      String method = i % 3 == 0 ? "GET" : "M" + Integer.toString(random.nextInt(1_000_000), 36).toUpperCase(Locale.ROOT);
      String path = "/api/v1/" + Integer.toString(random.nextInt(1_000_000), 36) + "/" + i;
      try (RawHttp c = new RawHttp(port)) {
        c.send(method + " " + path + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        assertTrue(c.readUntilClosed(5_000, null, 0).closed());
      }
    }
    after(INVENTED + " invented methods/paths", before, "series bounded");
  }

  @Test
  void eventStreamsAreCappedPerUserAndFreedOnClose() throws Exception {
    Snapshot before = snapshot();
    int cap = config.getJsonObject("publications").getInteger("sseMaxStreamsPerUser");
    List<Socket> streams = new ArrayList<>();
    int accepted = 0;
    int refused = 0;
    for (int i = 0; i < STREAMS; i++) {
      Socket s = new Socket("127.0.0.1", port);
      s.setSoTimeout(10_000);
      s.getOutputStream().write(("GET /api/v1/events HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + token + "\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      String status = statusLine(s.getInputStream());
      if (status.contains(" 200 ")) {
        accepted++;
        streams.add(s);
      } else {
        assertTrue(status.contains(" 429 "), status);
        refused++;
        s.close();
      }
    }
    assertEquals(cap, accepted, "streams accepted for one user");
    for (Socket s : streams) s.close();
    // a closed stream gives its slot back
    await(() -> {
      try (Socket s = new Socket("127.0.0.1", port)) {
        s.setSoTimeout(10_000);
        s.getOutputStream().write(("GET /api/v1/events HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + token + "\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII));
        return statusLine(s.getInputStream()).contains(" 200 ");
      } catch (IOException e) {
        return false;
      }
    }, 10_000);
    after(STREAMS + " event streams, one user", before, accepted + " accepted (cap " + cap + "), " + refused + " refused 429, slots freed");
  }

  private static String statusLine(InputStream in) throws IOException {
    StringBuilder line = new StringBuilder();
    int c;
    while ((c = in.read()) >= 0 && c != '\n') line.append((char) c);
    return line.toString();
  }

  private static java.net.http.HttpResponse<String> post(String path, String json) {
    try {
      return java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + port + path))
          .header("Content-Type", "application/json").POST(java.net.http.HttpRequest.BodyPublishers.ofString(json)).build(),
          java.net.http.HttpResponse.BodyHandlers.ofString());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static long parts() {
    Path dir = Path.of(config.getJsonObject("storage").getString("stagingDir"));
    if (!Files.isDirectory(dir)) return 0;
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.toString().endsWith(".part")).count();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static long count(String sql) {
    JsonObject db = config.getJsonObject("db");
    try (Connection c = DriverManager.getConnection(io.clipcast.db.PgPools.jdbcUrl(db), db.getString("user"), db.getString("password"));
         ResultSet rs = c.createStatement().executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static void await(BooleanSupplier condition, long maxMs) throws InterruptedException {
    long deadline = System.nanoTime() + maxMs * 1_000_000;
    while (!condition.getAsBoolean() && System.nanoTime() < deadline) Thread.sleep(200);
  }
}
