package io.clipcast.platforms.youtube;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;
import io.vertx.core.streams.WriteStream;

import java.util.function.LongConsumer;

/**
 * Reads a clip's stream forward in pieces of exact length — skip the bytes YouTube already has, then each chunk to its
 * own PUT — with backpressure, so a 600 MB clip costs a few buffers of heap. A buffer that straddles a chunk boundary
 * is split and its tail kept for the next piece. One piece at a time; the caller closes the clip stream.
 */
final class ClipCursor {
  private final ReadStream<Buffer> source;
  private Buffer leftover;
  private Piece current;
  private boolean ended;
  private Throwable failure;
  private long position;

  ClipCursor(ReadStream<Buffer> source) {
    this.source = source;
    source.pause();
    source.handler(this::onData);
    source.endHandler(v -> {
      ended = true;
      if (current != null) current.fail(new IllegalStateException("the clip ended " + current.remaining + " bytes early"));
    });
    source.exceptionHandler(e -> {
      failure = e;
      if (current != null) current.fail(e);
    });
  }

  /** Bytes consumed so far (skipped or written). */
  long position() {
    return position;
  }

  /** Reads past the next {@code n} bytes. */
  Future<Void> skip(long n) {
    return next(n, null, x -> {});
  }

  /**
   * Writes the next {@code n} bytes to {@code out} (not ending it), pausing while its queue is full; {@code written} hears
   * the running count of this piece.
   */
  Future<Void> next(long n, WriteStream<Buffer> out, LongConsumer written) {
    if (current != null) return Future.failedFuture(new IllegalStateException("a piece is already being read"));
    if (failure != null) return Future.failedFuture(failure);
    Piece p = new Piece(n, out, written);
    current = p;
    if (n == 0) {
      p.finish();
    } else if (leftover != null) {
      Buffer b = leftover;
      leftover = null;
      p.accept(b);
    }
    if (current == p) {
      if (ended) p.fail(new IllegalStateException("the clip ended " + p.remaining + " bytes early"));
      else if (!p.waitingForDrain) source.resume();
    }
    return p.done.future();
  }

  /**
   * Stops the piece in flight, if any (its request was answered early or its connection dropped); the cursor cannot
   * go on after that. No effect between pieces.
   */
  void abortPiece(Throwable cause) {
    if (current == null) return;
    failure = cause;
    current.fail(cause);
  }

  private void onData(Buffer b) {
    if (current == null) {   // arrived after a pause took effect: keep it for the next piece
      leftover = leftover == null ? b.copy() : leftover.appendBuffer(b);
      source.pause();
      return;
    }
    current.accept(b);
  }

  private final class Piece {
    final Promise<Void> done = Promise.promise();
    final WriteStream<Buffer> out;
    final LongConsumer written;
    long remaining;
    long sent;
    boolean waitingForDrain;

    Piece(long n, WriteStream<Buffer> out, LongConsumer written) {
      this.remaining = n;
      this.out = out;
      this.written = written;
    }

    void accept(Buffer b) {
      int take = (int) Math.min(b.length(), remaining);
      Buffer part = take == b.length() ? b : b.getBuffer(0, take);
      if (take < b.length()) leftover = b.getBuffer(take, b.length());
      remaining -= take;
      position += take;
      sent += take;
      if (out != null && take > 0) {
        out.write(part).onFailure(this::fail);
        written.accept(sent);
      }
      if (remaining == 0) {
        finish();
        return;
      }
      if (out != null && out.writeQueueFull()) {
        source.pause();
        waitingForDrain = true;
        out.drainHandler(v -> {
          waitingForDrain = false;
          if (current == this) source.resume();
        });
      }
    }

    void finish() {
      source.pause();
      current = null;
      done.tryComplete();
    }

    void fail(Throwable e) {
      source.pause();
      if (current == this) current = null;
      done.tryFail(e);
    }
  }
}
