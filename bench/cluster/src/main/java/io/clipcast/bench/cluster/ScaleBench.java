package io.clipcast.bench.cluster;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * bench/scale: does publish throughput grow with publish nodes, and do the rate limits hold across them?
 *
 * <p>One cluster grows: the API + scheduler node, then 1, 2, 3 publish-only nodes (separate JVMs over Hazelcast on
 * 127.0.0.1; PostgreSQL, Redis and the sandbox are their own processes). Users and their accounts on VK, Telegram,
 * YouTube and TikTok are made once; each round every user publishes one clip to their four accounts (one post per
 * account per round, so the per-account buckets never bind), and the sandbox takes a fixed time to receive each post.
 * Per round: publications/s, API 201 → published p50/p99, the sandbox's rate-limit refusals, RSS per process.
 * Then the tight run: an app-wide limit on one platform (the nodes' catalog and the sandbox both enforce it), every
 * node restarted to read it, one batch on that platform per node count: throughput holds at the limit, 0 refusals.
 * Exits 1 when a target is missed (see bench/scale/README.md).
 */
public final class ScaleBench {
  private final Map<String, String> args;
  private final int users;
  private final int latencyMs;
  private final List<Integer> nodeCounts = new ArrayList<>();
  private final String tightPlatform;
  private final int tightPerSecond;
  private final int tightUsers;
  private final Path clip;
  private final List<String> misses = new ArrayList<>();
  private ProcessCluster cluster;
  private ClusterClient client;
  private final List<ClusterClient.User> people = Collections.synchronizedList(new ArrayList<>());
  private final Map<String, String> clipOf = new ConcurrentHashMap<>();

  private ScaleBench(Map<String, String> args) {
    this.args = args;
    this.users = Integer.parseInt(args.getOrDefault("users", "300"));
    this.latencyMs = Integer.parseInt(args.getOrDefault("latency-ms", "300"));
    for (String n : args.getOrDefault("nodes", "1,2,3").split(",")) nodeCounts.add(Integer.parseInt(n.trim()));
    this.tightPlatform = args.getOrDefault("tight-platform", "tiktok");
    this.tightPerSecond = Integer.parseInt(args.getOrDefault("tight-per-second", "4"));
    this.tightUsers = Math.min(users, Integer.parseInt(args.getOrDefault("tight-publications", "200")));
    this.clip = Path.of(args.getOrDefault("clip", "common/src/test/resources/media/portrait_h264_aac_faststart.mp4"));
  }

  /** {@code --key value} pairs: users, latency-ms, nodes, concurrency, verticles, tight-platform, tight-per-second, tight-publications, work, clip. */
  public static void main(String[] argv) throws Exception {
    if (org.slf4j.LoggerFactory.getILoggerFactory() instanceof ch.qos.logback.classic.LoggerContext ctx) {
      ctx.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).setLevel(ch.qos.logback.classic.Level.WARN);   // the table, not the servers' start-up lines
    }
    Map<String, String> a = new LinkedHashMap<>();
    for (int i = 0; i + 1 < argv.length; i += 2) a.put(argv[i].replaceFirst("^--", ""), argv[i + 1]);
    int code;
    try {
      code = new ScaleBench(a).run();
    } catch (Throwable e) {
      e.printStackTrace();
      code = 2;
    }
    System.exit(code);
  }

  private int run() throws Exception {
    Path work = Path.of(args.getOrDefault("work", Files.createTempDirectory("clipcast-scale-").toString()));
    int concurrency = Integer.parseInt(args.getOrDefault("concurrency", "2"));
    int verticles = Integer.parseInt(args.getOrDefault("verticles", "1"));
    ClusterOptions options = new ClusterOptions(work).publishVerticles(verticles).publishConcurrency(concurrency)
        .catalogPatch("youtube", BenchSetup.YOUTUBE_QUOTA_PATCH);
    long t0 = System.nanoTime();
    try (ProcessCluster c = ProcessCluster.start(options)) {
      cluster = c;
      client = c.client();
      BenchSetup.sandboxForBench(client, latencyMs);
      setUp();
      System.out.printf(Locale.ROOT, "%nset up in %d s: %d users × %s, work dir %s%n", secondsSince(t0), users, ClusterClient.PLATFORMS, work);
      printSettings(concurrency, verticles);

      System.out.printf(Locale.ROOT, "%n== Scale: %d publications per round (%d users × 4 platforms), %d ms per post in the sandbox%n",
          users * 4, users, latencyMs);
      printHeader();
      double one = 0;
      Map<Integer, Double> rates = new LinkedHashMap<>();
      for (int n : nodeCounts) {
        while (c.publishNodes().size() < n) c.addPublishNode();
        awaitMembers(n + 1);
        Thread.sleep(11_000);   // every account's bucket is full again (TikTok's refills 0.1/s) before the round
        Round r = round("scale-" + n, ClusterClient.PLATFORMS, users);
        if (one == 0) one = r.rate;
        rates.put(n, r.rate);
        print(n, r, one == 0 ? 0 : r.rate / one);
        check(r, "scale with " + n + " node(s)");
      }
      if (rates.containsKey(1) && rates.containsKey(3)) {
        double ratio = rates.get(3) / rates.get(1);
        System.out.printf(Locale.ROOT, "3 nodes / 1 node = %.2f× (target ≥ 2.70×)%n", ratio);
        if (ratio < 2.7) misses.add(String.format(Locale.ROOT, "3 nodes reached %.2f× one node's throughput, target 2.70×", ratio));
      }

      if (tightPerSecond > 0) tightRun();
    }
    System.out.printf(Locale.ROOT, "%nbench took %d s%n", secondsSince(t0));
    if (misses.isEmpty()) {
      System.out.println("ALL TARGETS MET");
      return 0;
    }
    System.out.println("TARGETS MISSED:");
    misses.forEach(m -> System.out.println("  - " + m));
    return 1;
  }

  private void tightRun() throws Exception {
    JsonObject app = new JsonObject().put("perSecond", tightPerSecond).put("burst", 1);
    cluster.patchCatalog(tightPlatform, new JsonObject().put("rateLimits", new JsonObject().put("app", app)));
    client.sandboxPost("/_sandbox/pacing", new JsonObject().put("platform", tightPlatform).put("appPerSecond", tightPerSecond));
    System.out.printf(Locale.ROOT, "%n== Tight app limit: %s app-wide %d/s (catalog rateLimits.app %s on every node; the sandbox refuses"
        + " %s calls over an app bucket of %d/s holding %d), %d %s publications per round%n", tightPlatform, tightPerSecond, app.encode(),
        sandboxAppOperation(), tightPerSecond, tightPerSecond, tightUsers, tightPlatform);
    // every node reads the catalog at start: restart them all with the patched one
    List<NodeProcess> nodes = cluster.publishNodes();
    for (NodeProcess n : nodes) n.terminate(60);
    cluster.apiNode().terminate(60);
    cluster.restart(cluster.apiNode());
    printHeader();
    int running = 0;
    for (int count : nodeCounts) {
      while (running < count && running < nodes.size()) cluster.restart(nodes.get(running++));
      awaitMembers(running + 1);
      Thread.sleep(11_000);
      Round r = round("tight-" + count, List.of(tightPlatform), tightUsers);
      print(count, r, r.rate / tightPerSecond);
      check(r, "tight limit with " + count + " node(s)");
      if (r.rate > tightPerSecond * 1.10) {
        misses.add(String.format(Locale.ROOT, "tight limit with %d node(s): %.2f/s, above the %d/s limit", count, r.rate, tightPerSecond));
      }
    }
    System.out.println("(ratio column = throughput / limit)");
    if (!"false".equals(args.get("control"))) control(nodes, running);
  }

  /**
   * The same round with the catalog's app bucket removed and the sandbox still limiting: the sandbox must refuse,
   * which shows the 0 × 429 above is the nodes' shared bucket at work, not a sandbox that never refuses.
   */
  private void control(List<NodeProcess> nodes, int running) throws Exception {
    cluster.patchCatalog(tightPlatform, new JsonObject().put("rateLimits", new JsonObject().putNull("app")));
    for (int i = 0; i < running; i++) nodes.get(i).terminate(60);
    cluster.apiNode().terminate(60);
    cluster.restart(cluster.apiNode());
    for (int i = 0; i < running; i++) cluster.restart(nodes.get(i));
    awaitMembers(running + 1);
    Thread.sleep(11_000);   // the accounts' buckets (TikTok 0.1/s) refill after the last round
    Round r = round("control-" + running, List.of(tightPlatform), tightUsers);
    System.out.printf(Locale.ROOT, "%nControl: no app bucket in the nodes' catalog, the sandbox still limiting %s to %d/s, %d nodes:%n",
        tightPlatform, tightPerSecond, running);
    printHeader();
    print(running, r, r.rate / tightPerSecond);
    System.out.printf(Locale.ROOT, "the sandbox refused %d call(s): without the shared bucket the limit is not held%s%n", r.refusals,
        r.refusals == 0 ? " (none refused: this machine was too slow to exceed it)" : "");
  }

  private String sandboxAppOperation() {
    JsonObject pacing = client.sandboxGet("/_sandbox/pacing").getJsonObject("platforms").getJsonObject(tightPlatform);
    return pacing == null ? "?" : pacing.getString("appMatch");
  }

  // ---- set-up ----

  private void setUp() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int i = 0; i < users; i++) {
        done.add(pool.submit(() -> {
          ClusterClient.User u = client.user("pro");
          for (String p : ClusterClient.PLATFORMS) client.connect(u, p);
          clipOf.put(u.email(), client.upload(u, clip).getString("id"));
          people.add(u);
          return null;
        }));
      }
      for (Future<?> f : done) f.get();
    } finally {
      pool.shutdown();
    }
  }

  private void printSettings(int concurrency, int verticles) {
    System.out.printf(Locale.ROOT, "per publish node: verticles.publish %d × publish.concurrency %d = %d attempts at once; JVM -Xmx256m,"
        + " SerialGC, C1; logs at WARN%n", verticles, concurrency, verticles * concurrency);
    System.out.printf(Locale.ROOT, "sandbox: %d ms per post (/_sandbox/pacing latencyMs), platform processing 0 ms%n", latencyMs);
    System.out.println("rate limits (conf/platforms/<id>.json rateLimits, as the nodes read them):");
    for (String p : ClusterClient.PLATFORMS) {
      JsonObject rl = cluster.catalogDocument(p).getJsonObject("rateLimits").copy();
      rl.remove("source");
      System.out.printf(Locale.ROOT, "  %-9s app %s, account %s%n", p, rl.getValue("app"), rl.getValue("account"));
    }
    System.out.println("  (each account gets one post per round, so the account buckets never bind; no app bucket on these four)");
  }

  // ---- one round ----

  private record Round(int created, int published, int failed, int nonTerminal, double rate, long p50, long p99, long refusals,
                       Map<String, Long> rssMb, double seconds) {}

  private Round round(String tag, List<String> platforms, int userCount) throws Exception {
    long refusalsBefore = client.sandboxGet("/_sandbox/refusals").getLong("total");
    List<ClusterClient.User> who = new ArrayList<>(people.subList(0, Math.min(userCount, people.size())));
    Map<String, Long> createdAt = new ConcurrentHashMap<>();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    long started = System.currentTimeMillis();
    try {
      List<Future<?>> done = new ArrayList<>();
      for (ClusterClient.User u : who) {
        done.add(pool.submit(() -> {
          JsonArray targets = new JsonArray();
          for (String p : platforms) targets.add(ClusterClient.target(u, p, tag + " " + u.email().substring(1, 9)));
          ClusterClient.Reply r = client.publish(u, new JsonObject().put("clipId", clipOf.get(u.email())).put("targets", targets));
          long at = System.currentTimeMillis();
          if (r.status() != 201) throw new IllegalStateException("publish: " + r.status() + " " + r.body());
          for (Object o : r.json().getJsonArray("items")) createdAt.put(((JsonObject) o).getString("id"), at);
          return null;
        }));
      }
      for (Future<?> f : done) f.get();
    } finally {
      pool.shutdown();
    }
    String like = "caption LIKE '" + tag + " %'";
    Map<String, Long> rss = new LinkedHashMap<>();
    long deadline = System.currentTimeMillis() + Math.max(180_000, createdAt.size() * 1_000L);
    long open;
    do {
      Thread.sleep(1000);
      sampleRss(rss);
      open = client.count("SELECT count(*) FROM publications WHERE " + like + " AND status NOT IN ('published','failed','unknown','cancelled')");
    } while (open > 0 && System.currentTimeMillis() < deadline);
    List<Long> latencies = new ArrayList<>();
    long last = started;
    int published = 0;
    int failed = 0;
    for (Map<String, Object> row : client.rows("SELECT id::text AS id, status, (extract(epoch FROM published_at) * 1000)::bigint AS at"
        + " FROM publications WHERE " + like)) {
      if (!"published".equals(row.get("status"))) {
        if (BenchSetup.TERMINAL.contains((String) row.get("status"))) failed++;
        continue;
      }
      published++;
      long at = ((Number) row.get("at")).longValue();
      last = Math.max(last, at);
      Long t201 = createdAt.get((String) row.get("id"));
      if (t201 != null) latencies.add(Math.max(0, at - t201));
    }
    Collections.sort(latencies);
    long first201 = createdAt.values().stream().mapToLong(Long::longValue).min().orElse(started);
    double seconds = Math.max(0.001, (last - first201) / 1000.0);
    long refusals = client.sandboxGet("/_sandbox/refusals").getLong("total") - refusalsBefore;
    return new Round(createdAt.size(), published, failed, (int) open, published / seconds, pct(latencies, 50), pct(latencies, 99),
        refusals, rss, seconds);
  }

  private void sampleRss(Map<String, Long> rss) {
    List<NodeProcess> nodes = new ArrayList<>(cluster.publishNodes());
    for (NodeProcess n : nodes) if (n.isAlive()) rss.merge(n.id(), n.rssKb() / 1024, Math::max);
    rss.merge("api", cluster.apiNode().rssKb() / 1024, Math::max);
    rss.merge("sandbox", cluster.sandbox().rssKb() / 1024, Math::max);
  }

  private void awaitMembers(int expected) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    while (client.clusterNodes().size() != expected) {
      if (System.nanoTime() > deadline) throw new IllegalStateException("cluster has " + client.clusterNodes().encode() + ", expected " + expected);
      Thread.sleep(500);
    }
  }

  private void check(Round r, String what) {
    if (r.refusals > 0) misses.add(what + ": the sandbox refused " + r.refusals + " call(s) over a rate limit");
    if (r.nonTerminal > 0) misses.add(what + ": " + r.nonTerminal + " publication(s) left non-terminal");
    if (r.failed > 0) misses.add(what + ": " + r.failed + " publication(s) ended failed/unknown");
  }

  private static void printHeader() {
    System.out.println("| publish nodes | publications | published | s | publications/s | 201→published p50 | p99 | sandbox 429s | RSS MiB (max, per process) | ratio |");
    System.out.println("|---|---|---|---|---|---|---|---|---|---|");
  }

  private static void print(int nodes, Round r, double ratio) {
    StringBuilder rss = new StringBuilder();
    r.rssMb.forEach((k, v) -> rss.append(rss.length() == 0 ? "" : ", ").append(k).append(' ').append(v));
    System.out.printf(Locale.ROOT, "| %d | %d | %d | %.1f | %.2f | %.2f s | %.2f s | %d | %s | %.2f× |%n", nodes, r.created, r.published, r.seconds,
        r.rate, r.p50 / 1000.0, r.p99 / 1000.0, r.refusals, rss, ratio);
  }

  private static long pct(List<Long> sorted, int p) {
    if (sorted.isEmpty()) return 0;
    return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
  }

  private static long secondsSince(long nanos) {
    return (System.nanoTime() - nanos) / 1_000_000_000;
  }
}
