package io.clipcast.bench;

import io.clipcast.config.ConfigLayers;
import io.clipcast.platforms.catalog.PlatformCatalog;
import io.clipcast.queue.JobQueue;
import io.clipcast.queue.PlatformLimits;
import io.clipcast.queue.QueueInstruction;
import io.clipcast.queue.QueueSettings;
import io.clipcast.queue.RateLimits;
import io.clipcast.queue.WorkSignal;
import io.clipcast.queue.WorkerPool;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Many users, each with their own account on one platform, publish at the same moment (issue 13 row 11): how late does
 * each publish start? Runs the real queue (claim script, rate buckets, {@link WorkerPool}) with either the shipped
 * catalog's {@code rateLimits} or the former ones ({@code legacy}: the app-wide 1 job/s, burst 5 that VK, Rutube,
 * Дзен, YouTube, TikTok and LinkedIn had, with VK's account bucket 0.2/s burst 1). The handler stands in for a publish
 * of {@code --work-ms}. Prints one JSON line: start lateness p50/p99/max in ms.
 *
 * <p>usage: RateLimitBench --redis URL [--limits shipped|legacy] [--platform vk] [--users 100] [--slots 8] [--work-ms 0]
 */
public final class RateLimitBench {
  public static void main(String[] argv) throws Exception {
    Map<String, String> args = new HashMap<>();
    for (int i = 0; i + 1 < argv.length; i += 2) args.put(argv[i].replaceFirst("^--", ""), argv[i + 1]);
    String platform = args.getOrDefault("platform", "vk");
    String which = args.getOrDefault("limits", "shipped");
    int users = Integer.parseInt(args.getOrDefault("users", "100"));
    int slots = Integer.parseInt(args.getOrDefault("slots", "8")); // publish.concurrency 4 x 2 publish verticles
    long workMs = Long.parseLong(args.getOrDefault("work-ms", "0"));
    RateLimits limits = "legacy".equals(which)
        ? new RateLimits(Map.of(platform, new PlatformLimits(1.0, 5, 0.2, 1)))
        : PlatformCatalog.shipped().rateLimits(ConfigLayers.fromDefaults().build());

    Vertx vertx = Vertx.vertx();
    JsonObject config = ConfigLayers.fromDefaults().build();
    config.getJsonObject("redis").put("keyPrefix", "ratebench-" + UUID.randomUUID().toString().substring(0, 8) + ":");
    JobQueue queue = new JobQueue(Redis.createClient(vertx, new RedisOptions().setConnectionString(args.get("redis"))
        .setMaxPoolSize(8).setMaxPoolWaiting(100_000)), QueueSettings.fromConfig(config, limits));
    WorkSignal signal = WorkSignal.open(Redis.createClient(vertx, new RedisOptions().setConnectionString(args.get("redis"))
        .setMaxPoolSize(1)), queue).await(30, TimeUnit.SECONDS);

    long[] lateness = new long[users];
    AtomicInteger started = new AtomicInteger();
    CountDownLatch all = new CountDownLatch(users);
    long due = queue.redisTimeMs().await(10, TimeUnit.SECONDS);
    List<Future<Boolean>> adds = new ArrayList<>();
    for (int i = 0; i < users; i++) adds.add(queue.schedule("post-" + i, platform, "user-" + i, "account-" + i, due));
    Future.all(adds).await(60, TimeUnit.SECONDS);

    Context ctx = vertx.getOrCreateContext();
    WorkerPool[] pool = new WorkerPool[1];
    ctx.runOnContext(v -> {
      pool[0] = new WorkerPool(vertx, queue, signal, null, "bench", slots, lease -> {
        int n = started.getAndIncrement();
        if (n < users) lateness[n] = System.currentTimeMillis() - due;
        all.countDown();
        if (workMs <= 0) return Future.succeededFuture(QueueInstruction.ACK);
        Promise<QueueInstruction> p = Promise.promise();
        vertx.setTimer(workMs, t -> p.complete(QueueInstruction.ACK));
        return p.future();
      });
      pool[0].start();
    });
    boolean finished = all.await(users * 2L + 120, TimeUnit.SECONDS);
    ctx.runOnContext(v -> pool[0].stop());
    long[] sorted = Arrays.copyOf(lateness, Math.min(users, started.get()));
    Arrays.sort(sorted);
    System.out.println(new JsonObject().put("limits", which).put("platform", platform).put("bucket", limits.of(platform).toString())
        .put("users", users).put("slots", slots).put("workMs", workMs).put("started", sorted.length).put("finished", finished)
        .put("startLatenessMs", new JsonObject().put("p50", pct(sorted, 0.5)).put("p99", pct(sorted, 0.99))
            .put("max", sorted.length == 0 ? -1 : sorted[sorted.length - 1])).encode());
    vertx.close().await(30, TimeUnit.SECONDS);
    System.exit(0);
  }

  private static long pct(long[] sorted, double q) {
    return sorted.length == 0 ? -1 : sorted[Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1)];
  }
}
