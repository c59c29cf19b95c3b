package io.clipcast.platforms.http;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** One file stream cut into exact byte ranges whatever the buffer sizes, with a skipped prefix and a short file. */
class ClipSlicerTest {
  private static final Vertx VERTX = Vertx.vertx();

  @AfterAll
  static void stop() {
    VERTX.close().await();
  }

  /** A paused stream of {@code data} in buffers of 1 byte to 70 KB, one buffer per event-loop turn (like a file). */
  private static final class PartsStream implements ReadStream<Buffer> {
    private final Deque<Buffer> parts = new ArrayDeque<>();
    private final Context ctx;
    private Handler<Buffer> handler;
    private Handler<Void> endHandler;
    private boolean paused = true;
    private boolean scheduled;
    private boolean ended;

    PartsStream(Context ctx, byte[] data, long seed) {
      this.ctx = ctx;
      Random r = new Random(seed);
      for (int at = 0; at < data.length; ) {
        int n = Math.min(data.length - at, 1 + r.nextInt(70_000));
        parts.add(Buffer.buffer(Arrays.copyOfRange(data, at, at + n)));
        at += n;
      }
    }

    private void schedule() {
      if (scheduled || paused || ended) return;
      scheduled = true;
      ctx.runOnContext(v -> {
        scheduled = false;
        if (paused || ended) return;
        if (parts.isEmpty()) {
          ended = true;
          if (endHandler != null) endHandler.handle(null);
          return;
        }
        Buffer b = parts.poll();
        if (handler != null) handler.handle(b);
        schedule();
      });
    }

    @Override public ReadStream<Buffer> exceptionHandler(Handler<Throwable> h) { return this; }
    @Override public ReadStream<Buffer> handler(Handler<Buffer> h) { handler = h; return this; }
    @Override public ReadStream<Buffer> pause() { paused = true; return this; }
    @Override public ReadStream<Buffer> resume() { paused = false; schedule(); return this; }
    @Override public ReadStream<Buffer> fetch(long amount) { return resume(); }
    @Override public ReadStream<Buffer> endHandler(Handler<Void> h) { endHandler = h; return this; }
  }

  /** Runs {@code work} on one event-loop context and waits for it. */
  private static <T> T onContext(Function<Context, Future<T>> work) throws Exception {
    Context ctx = VERTX.getOrCreateContext();
    Promise<T> done = Promise.promise();
    ctx.runOnContext(v -> work.apply(ctx).onComplete(done));
    return done.future().await(10, TimeUnit.SECONDS);
  }

  private static Future<byte[]> read(ReadStream<Buffer> s) {
    Promise<byte[]> p = Promise.promise();
    Buffer out = Buffer.buffer();
    s.handler(out::appendBuffer);
    s.exceptionHandler(p::tryFail);
    s.endHandler(v -> p.tryComplete(out.getBytes()));
    s.resume();
    return p.future();
  }

  @Test
  void slicesAreExactAcrossBufferBoundaries() throws Exception {
    byte[] data = new byte[1_000_003];
    new Random(5).nextBytes(data);
    for (long seed = 1; seed <= 5; seed++) {
      long s = seed;
      List<byte[]> got = onContext(ctx -> {
        ClipSlicer slicer = new ClipSlicer(new PartsStream(ctx, data, s));
        List<byte[]> chunks = new ArrayList<>();
        return slicer.skip(100_001)
            .compose(v -> read(slicer.next(300_000))).map(chunks::add)
            .compose(v -> read(slicer.next(300_000))).map(chunks::add)
            .compose(v -> read(slicer.next(300_002))).map(chunks::add)
            .map(v -> chunks);
      });
      assertEquals(3, got.size(), "seed " + s);
      assertArrayEquals(Arrays.copyOfRange(data, 100_001, 400_001), got.get(0), "seed " + s);
      assertArrayEquals(Arrays.copyOfRange(data, 400_001, 700_001), got.get(1), "seed " + s);
      assertArrayEquals(Arrays.copyOfRange(data, 700_001, 1_000_003), got.get(2), "seed " + s);
    }
  }

  @Test
  void aFileShorterThanItsChunkFailsTheChunk() {
    byte[] data = new byte[10_000];
    Throwable e = assertThrows(Throwable.class, () -> onContext(ctx -> read(new ClipSlicer(new PartsStream(ctx, data, 9)).next(20_000))));
    assertTrue(String.valueOf(e.getMessage()).contains("ended before the chunk"), String.valueOf(e));
  }
}
