package io.clipcast.storage;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;
import io.vertx.core.streams.WriteStream;

import java.util.function.Supplier;

/**
 * An opened clip: its size and a paused body stream. The reader pipes the body somewhere (with
 * backpressure) and must {@link #close()} it afterwards, also when it stops early: that releases the file
 * handle or the HTTP connection.
 */
public final class ClipStream {
  private final String key;
  private final long size;
  private final ReadStream<Buffer> body;
  private final Supplier<Future<Void>> closer;

  ClipStream(String key, long size, ReadStream<Buffer> body, Supplier<Future<Void>> closer) {
    this.key = key;
    this.size = size;
    this.body = body;
    this.closer = closer;
  }

  public String key() {
    return key;
  }

  /** Size in bytes, known before reading (for Content-Length and platform upload sessions). */
  public long size() {
    return size;
  }

  public ReadStream<Buffer> body() {
    return body;
  }

  /** Pipes the whole body to {@code destination} (ending it) and closes this stream whatever the outcome. */
  public Future<Void> pipeTo(WriteStream<Buffer> destination) {
    return body.pipeTo(destination).eventually(this::close);
  }

  /** Releases the underlying resource; safe to call more than once. */
  public Future<Void> close() {
    return closer.get();
  }
}
