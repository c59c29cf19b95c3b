package io.clipcast.bench;

import io.clipcast.config.ConfigLayers;
import io.clipcast.db.Migrations;
import io.clipcast.devservices.EmbeddedPostgres;
import io.clipcast.queue.JobQueue;
import io.clipcast.queue.JobSpec;
import io.clipcast.queue.QueueInstruction;
import io.clipcast.queue.WorkerPool;
import io.clipcast.queue.QueueSettings;
import io.clipcast.queue.RateLimits;
import io.clipcast.queue.WorkSignal;
import io.clipcast.scheduler.SchedulerVerticle;
import io.vertx.core.Context;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Clipcast's queue under the same load as bench/queue/bullmq-bench.mjs: N delayed no-op jobs with due times spread
 * evenly over a window, one {@link WorkerPool} with C slots (as BullMQ's Worker with concurrency C), the real
 * scheduler verticle promoting. Prints one JSON line per run. With {@code --pending P} it first writes P far-future
 * jobs (a backlog of scheduled posts) and measures the run with them there.
 *
 * <p>The JSON line carries raw {@code INFO all} snapshots of the Redis (redisInfo: before, backlog, added, due,
 * drained); bench/queue/redis-info.mjs turns them into Redis CPU, commands and memory per job, the same way for
 * BullMQ's line.
 *
 * <p>usage: QueueBench --redis URL [--jobs 100000] [--spread-ms 10000] [--consumers 50] [--lead-ms 12000]
 * [--pending 1000000] [--scenario spread|burst|pending]
 */
public final class QueueBench {
  private final Vertx vertx = Vertx.vertx();
  private final Map<String, String> args;
  private final String redisUrl;

  private QueueBench(Map<String, String> args) {
    this.args = args;
    this.redisUrl = args.get("redis");
  }

  public static void main(String[] argv) throws Exception {
    Map<String, String> args = new HashMap<>();
    for (int i = 0; i + 1 < argv.length; i += 2) args.put(argv[i].replaceFirst("^--", ""), argv[i + 1]);
    if (!args.containsKey("redis")) {
      System.err.println("usage: QueueBench --redis redis://127.0.0.1:PORT [--jobs N] [--spread-ms MS] [--consumers C]");
      System.exit(2);
    }
    Path dir = Files.createTempDirectory("clipcast-bench-");
    try (EmbeddedPostgres pg = EmbeddedPostgres.start(Path.of(System.getProperty("java.io.tmpdir"), "clipcast-bin"),
        dir.resolve("pg"), freePort(), "clipcast", "clipcast", Map.of("fsync", "off"))) {
      QueueBench bench = new QueueBench(args);
      System.out.println(bench.run(pg, bench.intArg("jobs", 100_000), bench.intArg("pending", 0)).encode());
      bench.vertx.close().await(30, TimeUnit.SECONDS);
    }
    System.exit(0);
  }

  private int intArg(String name, int def) {
    return Integer.parseInt(args.getOrDefault(name, Integer.toString(def)));
  }

  private JsonObject config(EmbeddedPostgres pg) {
    String db = "bench" + System.nanoTime();
    try (var c = java.sql.DriverManager.getConnection(pg.jdbcUrl("postgres"), pg.user(), "")) {
      c.createStatement().execute("CREATE DATABASE " + db);
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
    JsonObject overrides = new JsonObject()
        .put("node", new JsonObject().put("id", "bench"))
        .put("db", new JsonObject().put("port", pg.port()).put("database", db))
        .put("redis", new JsonObject().put("url", redisUrl).put("keyPrefix", "bench-" + UUID.randomUUID().toString().substring(0, 8) + ":")
            .put("pool", new JsonObject().put("maxSize", 16).put("maxWaiting", 100_000)));
    // CLIPCAST_* variables tune the queue as they do a node (e.g. CLIPCAST_QUEUE_PROMOTE_TICK_MS); the bench's own
    // node, database and Redis settings win
    JsonObject config = ConfigLayers.fromDefaults().withEnv(System.getenv()).overlay(overrides, "bench").build();
    Migrations.migrateBlocking(config.getJsonObject("db"));
    return config;
  }

  private JsonObject run(EmbeddedPostgres pg, int jobs, int pending) throws Exception {
    JsonObject config = config(pg);
    QueueSettings settings = QueueSettings.fromConfig(config, RateLimits.none());
    Redis redis = Redis.createClient(vertx, new RedisOptions().setConnectionString(redisUrl).setMaxPoolSize(16)
        .setMaxPoolWaiting(100_000).setMaxWaitingHandlers(100_000));
    JobQueue queue = new JobQueue(redis, settings);
    JsonObject info = new JsonObject();
    snapshot(redis, info, "before");
    if (pending > 0) {
      long fillStart = System.currentTimeMillis();
      fillPending(queue, pending);
      log("backlog of " + pending + " jobs written in " + (System.currentTimeMillis() - fillStart) + " ms");
      snapshot(redis, info, "backlog");
    }

    String schedulers = vertx.deployVerticle(SchedulerVerticle::new, new DeploymentOptions().setConfig(config)).await(60, TimeUnit.SECONDS);
    int consumers = intArg("consumers", 50);
    int spread = intArg("spread-ms", 10_000);
    double[] lateness = new double[jobs];
    AtomicInteger done = new AtomicInteger();
    AtomicLong lastAck = new AtomicLong();
    CountDownLatch finished = new CountDownLatch(1);
    // one pool with 50 slots, as BullMQ's one Worker with concurrency 50
    Redis blocking = Redis.createClient(vertx, new RedisOptions().setConnectionString(redisUrl).setMaxPoolSize(1));
    WorkSignal signal = WorkSignal.open(blocking, queue).await(30, TimeUnit.SECONDS);
    Context ctx = vertx.getOrCreateContext();
    WorkerPool[] pool = new WorkerPool[1];
    ctx.runOnContext(v -> {
      pool[0] = new WorkerPool(vertx, queue, signal, null, "bench", consumers, lease -> Future.succeededFuture(QueueInstruction.ACK))
          .onAcked(lease -> {
            long now = System.currentTimeMillis();
            int n = done.getAndIncrement();
            if (n < jobs) lateness[n] = now - lease.dueAtMs();
            lastAck.accumulateAndGet(now, Math::max);
            if (n + 1 == jobs) finished.countDown();
          });
      pool[0].start();
    });

    long t0 = queue.redisTimeMs().await(10, TimeUnit.SECONDS) + intArg("lead-ms", 12_000);
    long addStart = System.currentTimeMillis();
    for (int chunk = 0; chunk < jobs; chunk += 500) {
      List<Future<Boolean>> adds = new ArrayList<>();
      for (int i = chunk; i < Math.min(jobs, chunk + 500); i++) {
        long due = t0 + (long) i * spread / jobs;
        int user = i % 1000;
        adds.add(queue.schedule(uuid("job", i), PLATFORMS[i % PLATFORMS.length], uuid("user", user), uuid("connection", user), due));
      }
      Future.all(adds).await(60, TimeUnit.SECONDS);
    }
    long addMs = System.currentTimeMillis() - addStart;
    boolean valid = System.currentTimeMillis() < t0;
    log("added " + jobs + " jobs in " + addMs + " ms" + (valid ? "" : "; adding took longer than lead-ms - RUN INVALID"));
    snapshot(redis, info, "added");
    // the idle wait until the first due time is left out of the measured Redis cost, as in bullmq-bench.mjs; the
    // snapshot is taken 100 ms early so that none of the drain's work falls before it
    Thread.sleep(Math.max(0, t0 - 100 - queue.redisTimeMs().await(10, TimeUnit.SECONDS)));
    snapshot(redis, info, "due");
    ClientCpu cpu = ClientCpu.start();
    log("drain window from " + java.time.Instant.now());
    long progress = vertx.setPeriodic(1000, id -> log("completed " + done.get() + "/" + jobs));
    if (!finished.await(spread + 120_000L, TimeUnit.MILLISECONDS)) log("TIMEOUT: only " + done.get() + "/" + jobs + " jobs completed");
    vertx.cancelTimer(progress);
    JsonObject clientCpu = cpu.stop(done.get());
    log("drain window to " + java.time.Instant.now() + "; client CPU " + clientCpu.encode());
    snapshot(redis, info, "drained");

    ctx.runOnContext(v -> pool[0].stop());
    vertx.undeploy(schedulers).await(30, TimeUnit.SECONDS);
    int completed = done.get();
    double[] sorted = Arrays.copyOf(lateness, completed);
    Arrays.sort(sorted);
    String scenario = args.getOrDefault("scenario", pending > 0 ? "pending" : spread > 0 ? "spread" : "burst");
    JsonObject result = new JsonObject()
        .put("system", "clipcast").put("scenario", scenario).put("pending", pending).put("jobs", jobs).put("completed", completed).put("concurrency", consumers)
        .put("throughputPerSec", Math.round(completed / ((lastAck.get() - t0) / 1000.0) * 10) / 10.0)
        .put("spreadMs", spread)
        .put("latenessMs", new JsonObject().put("p50", pct(sorted, 0.50)).put("p99", pct(sorted, 0.99)).put("max", completed > 0 ? sorted[completed - 1] : null))
        .put("addMs", addMs).put("addedLate", !valid).put("clientCpu", clientCpu).put("redisInfo", info);
    if (pending > 0) cleanup(redis, queue);
    redis.close();
    return result;
  }

  /** The shipped platform ids: the names the queue's rotations and buckets carry in production. */
  private static final String[] PLATFORMS = {"vk", "rutube", "dzen", "telegram", "youtube", "tiktok", "instagram", "facebook", "linkedin"};

  /**
   * Ids shaped as in production, where a job is a publication id, its user a user id and its account the connection
   * id, all 36-character UUIDs: Redis memory and CPU per job depend on their length.
   */
  private static String uuid(String kind, int n) {
    return UUID.nameUUIDFromBytes((kind + n).getBytes(java.nio.charset.StandardCharsets.UTF_8)).toString();
  }

  /** Far-future jobs that just sit there, as a backlog of scheduled posts would. Written in batches. */
  private void fillPending(JobQueue queue, int pending) {
    long far = queue.redisTimeMs().await() + 86_400_000L;
    List<Future<Integer>> inflight = new ArrayList<>();
    for (int chunk = 0; chunk < pending; chunk += 1000) {
      List<JobSpec> specs = new ArrayList<>(1000);
      for (int i = chunk; i < Math.min(pending, chunk + 1000); i++) {
        int user = i % 5000;
        specs.add(new JobSpec(uuid("pending", i), PLATFORMS[i % PLATFORMS.length], uuid("user", user), uuid("connection", user), far + i));
      }
      inflight.add(queue.restoreMissing(specs));
      if (inflight.size() == 16) {
        Future.all(inflight).await();
        inflight.clear();
      }
    }
    Future.all(inflight).await();
  }

  private void cleanup(Redis redis, JobQueue queue) {
    // drop the backlog so the Redis is left as found
    for (String k : List.of("delayed", "meta", "owners")) redis.send(Request.cmd(Command.UNLINK).arg(queue.prefix() + k)).await();
  }

  /** Progress on stderr (stdout carries only the JSON line), as bullmq-bench.mjs does. */
  private static void log(String message) {
    System.err.println("[queue-bench " + java.time.Instant.now() + "] " + message);
  }

  /** Raw {@code INFO all} text under {@code name}; parsed by bench/queue/redis-info.mjs. */
  private static void snapshot(Redis redis, JsonObject info, String name) throws Exception {
    info.put(name, redis.send(Request.cmd(Command.INFO).arg("all")).await(10, TimeUnit.SECONDS).toString());
  }

  /** Nearest-rank percentile, as bullmq-bench.mjs computes it; null when nothing completed. */
  private static Double pct(double[] sorted, double p) {
    return sorted.length == 0 ? null : sorted[Math.max(0, (int) Math.ceil(p * sorted.length) - 1)];
  }

  private static int freePort() throws java.io.IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
