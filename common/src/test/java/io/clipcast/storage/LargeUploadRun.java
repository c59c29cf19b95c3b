package io.clipcast.storage;

import io.clipcast.config.ConfigLayers;
import io.clipcast.testing.EmbeddedS3;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The body of {@link LargeClipUploadTest}, run in a child JVM with a heap smaller than the clip: streams a
 * generated clip into a store, reads it back, and prints one RESULT line. Exit 0 when size and SHA-256 agree.
 */
public final class LargeUploadRun {
  private LargeUploadRun() {}

  public static void main(String[] args) throws Exception {
    String kind = args[0];
    long size = Long.parseLong(args[1]);
    Path dir = Path.of(args[2]);
    Vertx vertx = Vertx.vertx();
    EmbeddedS3 s3 = null;
    ClipStore store;
    if (kind.equals("s3")) {
      s3 = EmbeddedS3.start(dir.resolve("s3"));
      s3.createBucket("large");
      JsonObject config = ConfigLayers.fromDefaults().overlay(new JsonObject().put("storage", s3.storageConfig("large", size)), "test").build();
      store = ClipStores.fromConfig(vertx, config);
    } else {
      store = new LocalClipStore(vertx, dir.resolve("local"), size);
    }

    // used heap includes garbage not yet collected; what the heap pools hold right after a GC is the live set
    AtomicLong peak = new AtomicLong();
    AtomicLong peakLive = new AtomicLong();
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    List<MemoryPoolMXBean> heapPools = ManagementFactory.getMemoryPoolMXBeans().stream()
        .filter(p -> p.getType() == MemoryType.HEAP && p.getCollectionUsage() != null).toList();
    Thread sampler = new Thread(() -> {
      while (!Thread.currentThread().isInterrupted()) {
        peak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
        peakLive.accumulateAndGet(heapPools.stream().mapToLong(p -> p.getCollectionUsage().getUsed()).sum(), Math::max);
        try {
          Thread.sleep(5);
        } catch (InterruptedException e) {
          return;
        }
      }
    }, "heap-sampler");
    sampler.setDaemon(true);
    sampler.start();

    Context ctx = vertx.getOrCreateContext();
    long t0 = System.nanoTime();
    GeneratedStream body = GeneratedStream.of(ctx, size);
    StoredObject stored = on(ctx, () -> store.put("clips/large.mp4", body, size));
    long putMs = (System.nanoTime() - t0) / 1_000_000;

    long t1 = System.nanoTime();
    ClipStream clip = on(ctx, () -> store.open("clips/large.mp4"));
    HashingWriteStream back = new HashingWriteStream();
    on(ctx, () -> clip.pipeTo(back));
    long readMs = (System.nanoTime() - t1) / 1_000_000;
    sampler.interrupt();

    String sent = body.sha256();
    String readSha = back.sha256();
    boolean shaMatch = stored.sha256().equals(sent) && readSha.equals(sent);
    boolean ok = stored.size() == size && clip.size() == size && back.count() == size && shaMatch;
    System.out.printf("RESULT kind=%s bytes=%d stored=%d readBack=%d sha256Match=%s putMs=%d readMs=%d"
            + " peakHeapUsedMb=%d peakLiveAfterGcMb=%d maxHeapMb=%d%n",
        kind, size, stored.size(), back.count(), shaMatch, putMs, readMs,
        peak.get() >> 20, peakLive.get() >> 20, Runtime.getRuntime().maxMemory() >> 20);
    on(ctx, store::close);
    vertx.close().await(30, TimeUnit.SECONDS);
    if (s3 != null) s3.close();
    System.exit(ok ? 0 : 1);
  }

  private static <T> T on(Context ctx, Supplier<Future<T>> op) throws Exception {
    Promise<T> done = Promise.promise();
    ctx.runOnContext(v -> op.get().onComplete(ar -> {
      if (ar.succeeded()) done.complete(ar.result());
      else done.fail(ar.cause());
    }));
    return done.future().await(5, TimeUnit.MINUTES);
  }
}
