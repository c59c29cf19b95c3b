package io.clipcast.platforms.http;

import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;

/**
 * Cuts one paused file stream into consecutive byte ranges, each a {@link ReadStream} of exactly its length, so every
 * chunk or part PUT (TikTok chunks, LinkedIn parts) streams with backpressure from a single open file (never a chunk in memory). {@link #skip} drops bytes an
 * earlier attempt already delivered. A buffer that crosses a chunk boundary is split; the rest waits for the next chunk.
 * All calls happen on the stream's context.
 */
public final class ClipSlicer {
  private final ReadStream<Buffer> source;
  private Buffer leftover;
  private boolean ended;
  private Throwable failure;
  private Slice current;

  public ClipSlicer(ReadStream<Buffer> source) {
    this.source = source;
    source.pause();
    source.handler(this::onData);
    source.endHandler(v -> {
      ended = true;
      if (current != null) current.sourceGone(new IllegalStateException("the clip ended before the chunk was complete"));
    });
    source.exceptionHandler(e -> {
      failure = e;
      if (current != null) current.sourceGone(e);
    });
  }

  /** The next {@code length} bytes as a paused stream; the previous one must be finished. */
  public ReadStream<Buffer> next(long length) {
    current = new Slice(length);
    return current;
  }

  /** Reads and drops {@code length} bytes, completing when they are gone. */
  public io.vertx.core.Future<Void> skip(long length) {
    if (length == 0) return io.vertx.core.Future.succeededFuture();
    io.vertx.core.Promise<Void> done = io.vertx.core.Promise.promise();
    ReadStream<Buffer> s = next(length);
    s.exceptionHandler(done::tryFail);
    s.endHandler(v -> done.tryComplete());
    s.handler(b -> { });
    s.resume();
    return done.future();
  }

  private void onData(Buffer b) {
    if (current == null || current.remaining == 0) {
      leftover = leftover == null ? b : leftover.appendBuffer(b);
      source.pause();
      return;
    }
    current.accept(b);
  }

  private final class Slice implements ReadStream<Buffer> {
    long remaining;
    private Handler<Buffer> handler;
    private Handler<Void> endHandler;
    private Handler<Throwable> exceptionHandler;
    private boolean paused = true;
    private boolean done;

    Slice(long length) {
      this.remaining = length;
    }

    void accept(Buffer b) {
      if (b.length() <= remaining) {
        remaining -= b.length();
        emit(b);
      } else {
        int take = (int) remaining;
        leftover = b.getBuffer(take, b.length());
        remaining = 0;
        emit(b.getBuffer(0, take));
      }
      if (remaining == 0) finish();
    }

    private void emit(Buffer b) {
      if (handler != null && b.length() > 0) handler.handle(b);
    }

    private void finish() {
      if (done) return;
      done = true;
      source.pause();
      if (endHandler != null) endHandler.handle(null);
    }

    void sourceGone(Throwable e) {
      if (done) return;
      done = true;
      if (exceptionHandler != null) exceptionHandler.handle(e);
    }

    /** Delivers what is buffered, then lets the file flow while this slice wants more. */
    private void flow() {
      if (done || paused) return;
      if (leftover != null) {
        Buffer b = leftover;
        leftover = null;
        accept(b);
        if (done || paused) return;
      }
      if (failure != null) sourceGone(failure);
      else if (ended) sourceGone(new IllegalStateException("the clip ended before the chunk was complete"));
      else source.resume();
    }

    @Override
    public ReadStream<Buffer> exceptionHandler(Handler<Throwable> h) {
      exceptionHandler = h;
      return this;
    }

    @Override
    public ReadStream<Buffer> handler(Handler<Buffer> h) {
      handler = h;
      return this;
    }

    @Override
    public ReadStream<Buffer> pause() {
      paused = true;
      source.pause();
      return this;
    }

    @Override
    public ReadStream<Buffer> resume() {
      paused = false;
      flow();
      return this;
    }

    @Override
    public ReadStream<Buffer> fetch(long amount) {
      return resume();
    }

    @Override
    public ReadStream<Buffer> endHandler(Handler<Void> h) {
      endHandler = h;
      if (done && remaining == 0 && h != null) h.handle(null);
      return this;
    }
  }
}
