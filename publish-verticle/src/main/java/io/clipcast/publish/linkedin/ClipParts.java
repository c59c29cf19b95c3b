package io.clipcast.publish.linkedin;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;

import java.util.function.LongConsumer;

/**
 * Cuts one pass over a clip's body into consecutive parts, each a {@link ReadStream} of exactly its length, so every
 * part can be piped to its own upload request with backpressure while the file is read once, a buffer at a time
 * (never a whole part in memory). Bytes read past a part's end wait for the next part; parts an earlier attempt already
 * uploaded are read past with {@link #skip}. Reports the running count of bytes handed to parts.
 */
final class ClipParts {
  private final ReadStream<Buffer> source;
  private final LongConsumer progress;
  private Buffer carry;            // read from the source but not yet handed to a part
  private Slice current;
  private boolean ended;
  private Throwable failure;
  private long delivered;

  /** {@code source} must be paused; this takes over its handlers. */
  ClipParts(ReadStream<Buffer> source, LongConsumer progress) {
    this.source = source;
    this.progress = progress;
    source.pause();
    source.handler(this::onData);
    source.endHandler(v -> onEnd());
    source.exceptionHandler(this::onError);
  }

  /** The next {@code length} bytes, as a paused stream; the previous part must have been read to its end. */
  ReadStream<Buffer> next(long length) {
    if (current != null && !current.done) throw new IllegalStateException("the previous part was not read to its end");
    current = new Slice(length);
    return current;
  }

  /** Reads past the next {@code length} bytes. */
  Future<Void> skip(long length) {
    if (length == 0) return Future.succeededFuture();
    Promise<Void> done = Promise.promise();
    ReadStream<Buffer> s = next(length);
    s.exceptionHandler(done::tryFail);
    s.endHandler(v -> done.tryComplete());
    s.handler(b -> { });
    s.resume();
    return done.future();
  }

  private void onData(Buffer b) {
    if (current == null || current.done || current.paused || carry != null) {
      carry = carry == null ? b : Buffer.buffer(carry.length() + b.length()).appendBuffer(carry).appendBuffer(b);
      source.pause();
      return;
    }
    current.take(b);
  }

  private void onEnd() {
    ended = true;
    if (current != null && !current.done && !current.paused && carry == null) current.fail(endedEarly());
  }

  private void onError(Throwable e) {
    failure = e;
    if (current != null && !current.done) current.fail(e);
  }

  private static IllegalStateException endedEarly() {
    return new IllegalStateException("the clip ended before the part was complete (the stored file is shorter than recorded)");
  }

  private final class Slice implements ReadStream<Buffer> {
    private long remaining;
    private Handler<Buffer> handler;
    private Handler<Void> endHandler;
    private Handler<Throwable> exceptionHandler;
    private boolean paused = true;
    private boolean done;

    Slice(long length) {
      this.remaining = length;
    }

    /** Hands over what fits; the rest waits for the next part. */
    void take(Buffer b) {
      if (b.length() <= remaining) {
        remaining -= b.length();
        emit(b);
      } else {
        int n = (int) remaining;
        carry = b.slice(n, b.length());
        remaining = 0;
        emit(b.slice(0, n));
      }
      if (remaining == 0 && !done) {
        done = true;
        source.pause();
        if (endHandler != null) endHandler.handle(null);
      }
    }

    private void emit(Buffer b) {
      delivered += b.length();
      progress.accept(delivered);
      if (handler != null) handler.handle(b);
    }

    void fail(Throwable e) {
      if (done) return;
      done = true;
      if (exceptionHandler != null) exceptionHandler.handle(e);
    }

    private void drain() {
      while (!paused && !done && carry != null) {
        Buffer b = carry;
        carry = null;
        take(b);
      }
      if (paused || done) return;
      if (failure != null) fail(failure);
      else if (ended) fail(endedEarly());
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
      drain();
      return this;
    }

    @Override
    public ReadStream<Buffer> fetch(long amount) {
      return amount > 0 ? resume() : this;
    }

    @Override
    public ReadStream<Buffer> endHandler(Handler<Void> h) {
      endHandler = h;
      return this;
    }
  }
}
