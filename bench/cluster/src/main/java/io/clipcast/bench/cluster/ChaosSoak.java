package io.clipcast.bench.cluster;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * bench/chaos: publications over all nine platforms while the sandbox faults a share of the calls and the cluster is
 * hurt ({@link ChaosSchedule}); then {@link SoakVerdict} judges every publication against the API and the ledger.
 * Prints the settings, the chaos events, the per-platform table and every breach; exits 1 on any breach.
 */
public final class ChaosSoak {
  /** The outcome of a run. */
  public record Result(SoakVerdict verdict, int requests, int refusedRequests, int internalErrors, long loadMs, long totalMs, List<String> events,
                       Throwable chaosFailure) {
    public boolean passed() {
      return verdict.passed() && refusedRequests == 0 && internalErrors == 0 && chaosFailure == null;
    }
  }

  private static final java.net.http.HttpClient HTTP = java.net.http.HttpClient.newBuilder().version(java.net.http.HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();
  private final SoakSettings s;
  private String tokenReport = "";
  private String refusals = "";

  public ChaosSoak(SoakSettings settings) {
    this.s = settings;
  }

  public static void main(String[] args) throws Exception {
    SoakSettings settings = SoakSettings.full().apply(args);
    Result r = new ChaosSoak(settings).run();
    System.exit(r.passed() ? 0 : 1);
  }

  public Result run() throws Exception {
    long t0 = System.nanoTime();
    say("settings: " + s);
    ClusterOptions options = new ClusterOptions(s.workDir).publishVerticles(s.publishVerticles).publishConcurrency(s.publishConcurrency)
        .leaseMs(s.leaseMs).nodeOverlay(nodeOverlay());
    SoakAccounts.raiseDailyCaps(options);
    try (ProcessCluster cluster = ProcessCluster.start(options)) {
      cluster.addPublishNodes(s.publishNodes);
      say("cluster up: Postgres, Redis, sandbox, api node, " + s.publishNodes + " publish nodes (" + secondsSince(t0) + " s)");
      SoakAccounts accounts = new SoakAccounts(cluster, s.feedIntervalMs);
      accounts.prepareSandbox(s.processingMs, s.tokenTtlSeconds);
      List<ClusterClient.User> users = connectUsers(cluster, accounts);
      Path clip = clipFile();
      Map<ClusterClient.User, String> clips = new HashMap<>();
      for (ClusterClient.User u : users) clips.put(u, cluster.client().upload(u, clip).getString("id"));
      say(users.size() + " users, " + users.size() * 9 + " connections, clips uploaded (" + secondsSince(t0) + " s)");

      SoakFaultPlan plan = new SoakFaultPlan(s.faultRate, s.hangMs, s.seed);
      for (JsonObject rule : plan.rules()) cluster.client().sandboxPost("/_sandbox/faults", rule);
      say(plan.rules().size() + " fault rules: " + plan.describe().encode());

      ChaosSchedule chaos = new ChaosSchedule(cluster, s.load, s.killEvery, s.restartAfter, s.outage);
      List<SoakVerdict.Created> created = Collections.synchronizedList(new ArrayList<>());
      AtomicInteger refused = new AtomicInteger();
      AtomicInteger internalErrors = new AtomicInteger();
      long loadStart = System.nanoTime();
      chaos.start();
      publish(cluster, users, clips, created, refused, internalErrors);
      long loadMs = (System.nanoTime() - loadStart) / 1_000_000;
      say("publishing done: " + created.size() + " publications acknowledged, " + refused.get() + " requests refused (" + loadMs / 1000 + " s)");
      chaos.await(s.load.plus(Duration.ofMinutes(3)));
      awaitTerminal(cluster, created.size());
      cluster.client().json("DELETE", cluster.sandboxBase() + "/_sandbox/faults", null, null);
      Thread.sleep(Math.max(2_000, 2 * s.feedIntervalMs)); // Дзен's importer records a post after it downloaded the video

      Map<String, JsonObject> shown = shown(cluster, users);
      Map<String, JsonArray> ledger = new HashMap<>();
      for (String p : SoakAccounts.PLATFORMS) ledger.put(p, cluster.client().ledger(p));
      SoakVerdict verdict = SoakVerdict.judge(created, shown, ledger, SoakAccounts.PLATFORMS);
      tokenReport = tokenRefreshes(cluster);
      try {
        refusals = cluster.client().sandboxGet("/_sandbox/refusals").encode();
      } catch (RuntimeException e) {
        refusals = "(could not read: " + e.getMessage() + ")";
      }
      Result result = new Result(verdict, s.requests(), refused.get(), internalErrors.get(), loadMs, (System.nanoTime() - t0) / 1_000_000, chaos.events(),
          chaos.failure());
      report(result);
      return result;
    }
  }

  /** Soak-only node config: quick retries (the production delays are minutes), a short reconciler period, long sessions. */
  private JsonObject nodeOverlay() {
    return new JsonObject()
        .put("retry", new JsonObject().put("delaysMs", new JsonArray().add(500).add(1_000).add(2_000)).put("minDelayMs", 200))
        .put("queue", new JsonObject().put("reconcileIntervalMs", s.reconcileIntervalMs))
        .put("auth", new JsonObject().put("accessTokenTtlSeconds", 86_400).put("signupsPerAddress", 1_000_000))
        // tokens live tokenTtlSeconds on the platforms: refreshed ahead when this close to expiry, after a 401 when one
        // expires in the middle of an attempt
        .put("publish", new JsonObject().put("refreshAheadSeconds", Math.max(1, s.tokenTtlSeconds / 4))
            .put("breakerResetSeconds", s.breakerResetSeconds))
        .put("log", new JsonObject().put("level", "WARN"));
  }

  private List<ClusterClient.User> connectUsers(ProcessCluster cluster, SoakAccounts accounts) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<ClusterClient.User>> futures = new ArrayList<>();
      for (int i = 0; i < s.users; i++) {
        futures.add(pool.submit(() -> {
          ClusterClient.User u = cluster.client().user("business");
          for (String p : SoakAccounts.PLATFORMS) accounts.connect(u, p);
          return u;
        }));
      }
      List<ClusterClient.User> users = new ArrayList<>();
      for (Future<ClusterClient.User> f : futures) users.add(f.get(10, TimeUnit.MINUTES));
      return users;
    } finally {
      pool.shutdownNow();
    }
  }

  /**
   * {@link SoakSettings#requests} requests, evenly over the load phase, users in turn; each publishes the user's clip to
   * all nine. A request that fails (an outage) is sent again with the same Idempotency-Key until it is answered.
   */
  private void publish(ProcessCluster cluster, List<ClusterClient.User> users, Map<ClusterClient.User, String> clips,
                       List<SoakVerdict.Created> created, AtomicInteger refused, AtomicInteger internalErrors) throws Exception {
    int n = s.requests();
    long intervalNanos = s.load.toNanos() / n;
    long start = System.nanoTime();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        long due = start + i * intervalNanos;
        long wait = due - System.nanoTime();
        if (wait > 0) TimeUnit.NANOSECONDS.sleep(wait);
        int seq = i;
        futures.add(pool.submit(() -> {
          publishOne(cluster, users.get(seq % users.size()), clips, seq, created, refused, internalErrors);
          return null;
        }));
      }
      for (Future<?> f : futures) f.get(10, TimeUnit.MINUTES);
    } finally {
      pool.shutdownNow();
    }
  }

  private void publishOne(ProcessCluster cluster, ClusterClient.User user, Map<ClusterClient.User, String> clips, int seq,
                          List<SoakVerdict.Created> created, AtomicInteger refused, AtomicInteger internalErrors) throws InterruptedException {
    JsonArray targets = new JsonArray();
    Map<String, String> tokens = new HashMap<>();
    for (String p : SoakAccounts.PLATFORMS) {
      String token = SoakVerdict.token(seq, p);
      tokens.put(p, token);
      targets.add(SoakAccounts.target(user, p, token));
    }
    JsonObject body = new JsonObject().put("clipId", clips.get(user)).put("targets", targets);
    String key = UUID.randomUUID().toString();
    long deadline = System.nanoTime() + Duration.ofMinutes(4).toNanos();
    String last = "";
    int tries = 0;
    while (System.nanoTime() < deadline) {
      try {
        java.net.http.HttpResponse<String> r = HTTP.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(cluster.apiBase()
                + "/api/v1/publications")).timeout(Duration.ofSeconds(60)).header("Authorization", "Bearer " + user.token())
            .header("Content-Type", "application/json").header("Idempotency-Key", key)
            .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body.encode())).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 201) {
          for (Object o : new JsonObject(r.body()).getJsonArray("items")) {
            JsonObject item = (JsonObject) o;
            created.add(new SoakVerdict.Created(item.getString("id"), item.getString("platform"), tokens.get(item.getString("platform"))));
          }
          return;
        }
        last = r.statusCode() + " " + r.body();
        // an outage of Postgres or Redis is the service's to report as 503; a 500 is a breach (a bug the outage found)
        if (r.statusCode() == 500) internalErrors.incrementAndGet();
        // an outage answers 5xx; a request cut off by one leaves its key claimed until the claim times out (409)
        boolean again = r.statusCode() >= 500 || r.statusCode() == 429 || r.body().contains("request_in_progress");
        if (!again) break;
        if (tries++ % 10 == 0) say("request " + seq + " answered " + r.statusCode() + ", sending it again");
      } catch (java.io.IOException | RuntimeException e) {
        last = String.valueOf(e);
        if (tries++ % 10 == 0) say("request " + seq + " failed (" + e + "), sending it again");
      }
      Thread.sleep(1_000);
    }
    refused.incrementAndGet();
    say("request " + seq + " was not accepted: " + last);
  }

  /** Waits until no acknowledged publication is left unfinished (SQL: cheap, and the API is checked afterwards anyway). */
  private void awaitTerminal(ProcessCluster cluster, int expected) throws InterruptedException {
    long deadline = System.nanoTime() + s.settle.toNanos();
    long open = -1;
    long lastSaid = 0;
    while (System.nanoTime() < deadline) {
      try {
        open = cluster.client().count("SELECT count(*) FROM publications WHERE status NOT IN ('published','failed','unknown','cancelled')");
      } catch (RuntimeException e) {
        open = -1;
      }
      if (open == 0) {
        say("every publication ended");
        return;
      }
      if (System.nanoTime() - lastSaid > 10_000_000_000L) {
        lastSaid = System.nanoTime();
        say(open + " of " + expected + " publications not ended yet");
      }
      Thread.sleep(1_000);
    }
    say("settle time over with " + open + " publications not ended");
  }

  /** Evidence that tokens really expired and were refreshed: connections whose expiry moved past their first token's. */
  private String tokenRefreshes(ProcessCluster cluster) {
    try {
      StringBuilder b = new StringBuilder();
      for (var row : cluster.client().rows("SELECT platform, count(*) AS total, count(*) FILTER (WHERE expires_at > created_at + make_interval(secs => "
          + (s.tokenTtlSeconds + 5) + ")) AS refreshed, count(*) FILTER (WHERE status <> 'connected') AS not_connected"
          + " FROM platform_connections WHERE platform IN ('vk','youtube','tiktok','linkedin') GROUP BY platform ORDER BY platform")) {
        b.append(String.format("  %s: %s of %s connections refreshed their token at least once, %s not connected%n", row.get("platform"),
            row.get("refreshed"), row.get("total"), row.get("not_connected")));
      }
      return b.toString();
    } catch (RuntimeException e) {
      return "  (could not read: " + e.getMessage() + ")\n";
    }
  }

  /** Every publication the API lists for the soak's users, by id. */
  private static Map<String, JsonObject> shown(ProcessCluster cluster, List<ClusterClient.User> users) {
    Map<String, JsonObject> out = new HashMap<>();
    for (ClusterClient.User u : users) {
      String cursor = null;
      do {
        ClusterClient.Reply r = cluster.client().json("GET", cluster.apiBase() + "/api/v1/publications?limit=200"
            + (cursor == null ? "" : "&cursor=" + cursor), u.token(), null);
        if (r.status() != 200) throw new IllegalStateException("list publications: " + r.status() + " " + r.body());
        JsonObject page = r.json();
        page.getJsonArray("items").forEach(o -> out.put(((JsonObject) o).getString("id"), (JsonObject) o));
        cursor = page.getString("nextCursor");
      } while (cursor != null);
    }
    return out;
  }

  private void report(Result r) {
    SoakVerdict v = r.verdict();
    StringBuilder b = new StringBuilder("\n== chaos soak ==\n");
    b.append("settings: ").append(s).append('\n');
    b.append(String.format("publishing phase %.0f s, whole run %.0f s; %d requests, %d refused, %d answers 500%n", r.loadMs() / 1000.0,
        r.totalMs() / 1000.0, r.requests(), r.refusedRequests(), r.internalErrors()));
    b.append("chaos:\n");
    r.events().forEach(e -> b.append("  ").append(e).append('\n'));
    if (r.chaosFailure() != null) b.append("chaos FAILED: ").append(r.chaosFailure()).append('\n');
    b.append("token expiry (access tokens live ").append(s.tokenTtlSeconds).append(" s):\n").append(tokenReport);
    b.append("rate-limit refusals the sandbox gave (injected 429s, GET /_sandbox/refusals): ").append(refusals).append('\n');
    b.append('\n').append(v.table());
    if (!v.failureCodes().isEmpty()) {
      b.append("\nhow the failed and unknown ones ended (platform status code: count):\n");
      v.failureCodes().entrySet().stream().sorted(Map.Entry.comparingByKey())
          .forEach(e -> b.append("  ").append(e.getKey()).append(": ").append(e.getValue()).append('\n'));
    }
    v.notes().stream().limit(20).forEach(x -> b.append("note: ").append(x).append('\n'));
    b.append('\n').append(r.passed() ? "PASS: every publication ended with a reason; none lost, none posted twice"
        : "FAIL: " + v.breaches().size() + " breaches, " + r.refusedRequests() + " requests refused, " + r.internalErrors()
        + " answers 500").append('\n');
    v.breaches().stream().limit(40).forEach(x -> b.append("  ").append(x).append('\n'));
    if (v.breaches().size() > 40) b.append("  … ").append(v.breaches().size() - 40).append(" more\n");
    System.out.println(b);
    try {
      Files.createDirectories(s.workDir);
      Files.writeString(s.workDir.resolve("report.md"), b.toString());
    } catch (java.io.IOException e) {
      System.err.println("could not write the report: " + e);
    }
  }

  /** The clip every user publishes (6 s, portrait: every platform takes it). */
  static Path clipFile() {
    Path rel = Path.of("common/src/test/resources/media/portrait_6s_all_platforms.mp4");
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.isRegularFile(dir.resolve(rel))) return dir.resolve(rel);
    }
    throw new IllegalStateException("cannot find " + rel + " above " + Path.of("").toAbsolutePath());
  }

  private static long secondsSince(long t0) {
    return (System.nanoTime() - t0) / 1_000_000_000L;
  }

  private static void say(String what) {
    System.out.println("[soak] " + what);
  }
}
