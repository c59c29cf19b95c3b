package io.clipcast.storage;

import io.vertx.core.Context;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;

import java.io.IOException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.SplittableRandom;

/**
 * A body of {@code total} pseudo-random bytes made on demand, chunk by chunk, honouring pause/fetch like
 * a network stream: it never holds more than one chunk. It can fail after a number of bytes (a client
 * that goes away mid-upload). The SHA-256 of what it sent is computed as it goes.
 */
final class GeneratedStream implements ReadStream<Buffer> {
  private final Context ctx;
  private final long total;
  private final int chunkSize;
  private final long failAfter;
  private final SplittableRandom random;
  private final MessageDigest sha256;
  private long sent;
  private long demand = Long.MAX_VALUE;
  private boolean scheduled;
  private boolean done;
  private Handler<Buffer> handler;
  private Handler<Void> endHandler;
  private Handler<Throwable> exceptionHandler;

  GeneratedStream(Context ctx, long total, int chunkSize, long failAfter, long seed) {
    this.ctx = ctx;
    this.total = total;
    this.chunkSize = chunkSize;
    this.failAfter = failAfter;
    this.random = new SplittableRandom(seed);
    try {
      this.sha256 = MessageDigest.getInstance("SHA-256");
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static GeneratedStream of(Context ctx, long total) {
    return new GeneratedStream(ctx, total, 64 * 1024, -1, total);
  }

  static GeneratedStream failingAfter(Context ctx, long total, long failAfter) {
    return new GeneratedStream(ctx, total, 64 * 1024, failAfter, total);
  }

  long sent() {
    return sent;
  }

  String sha256() {
    return HexFormat.of().formatHex(sha256.digest());
  }

  @Override
  public ReadStream<Buffer> handler(Handler<Buffer> h) {
    this.handler = h;
    schedule();
    return this;
  }

  @Override
  public ReadStream<Buffer> pause() {
    demand = 0;
    return this;
  }

  @Override
  public ReadStream<Buffer> resume() {
    return fetch(Long.MAX_VALUE);
  }

  @Override
  public ReadStream<Buffer> fetch(long amount) {
    demand = demand + amount < 0 ? Long.MAX_VALUE : demand + amount;
    schedule();
    return this;
  }

  @Override
  public ReadStream<Buffer> endHandler(Handler<Void> h) {
    this.endHandler = h;
    return this;
  }

  @Override
  public ReadStream<Buffer> exceptionHandler(Handler<Throwable> h) {
    this.exceptionHandler = h;
    return this;
  }

  // chunks go out from the event loop, a few per turn, as a socket's would
  private void schedule() {
    if (!scheduled && !done && handler != null && demand > 0) {
      scheduled = true;
      ctx.runOnContext(v -> {
        scheduled = false;
        emit();
      });
    }
  }

  private void emit() {
    for (int i = 0; i < 16 && demand > 0 && !done && handler != null; i++) {
      if (failAfter >= 0 && sent >= failAfter) {
        done = true;
        if (exceptionHandler != null) exceptionHandler.handle(new IOException("connection reset by the client"));
        return;
      }
      if (sent == total) {
        done = true;
        if (endHandler != null) endHandler.handle(null);
        return;
      }
      int n = (int) Math.min(chunkSize, total - sent);
      byte[] bytes = new byte[n];
      random.nextBytes(bytes);
      sha256.update(bytes);
      sent += n;
      if (demand != Long.MAX_VALUE) demand--;
      handler.handle(Buffer.buffer(bytes));
    }
    schedule();
  }
}
