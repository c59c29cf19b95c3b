package io.clipcast.platforms.http;

import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;

import java.util.function.LongConsumer;

/**
 * A clip's bytes on their way to a platform, reporting the running position in the whole file as they pass (upload
 * progress). Optionally drops the first {@code skip} bytes (read and discarded, never held): how a resumed upload
 * continues at the offset the platform already has.
 */
public final class PositionStream implements ReadStream<Buffer> {
  private final ReadStream<Buffer> source;
  private final long skip;
  private final LongConsumer position;
  private long seen;
  private long reported;

  private PositionStream(ReadStream<Buffer> source, long skip, long startPosition, LongConsumer position) {
    this.source = source;
    this.skip = skip;
    this.reported = startPosition;
    this.position = position;
  }

  /** All of {@code source}, whose first byte is byte {@code startPosition} of the file. */
  public static PositionStream from(ReadStream<Buffer> source, long startPosition, LongConsumer position) {
    return new PositionStream(source, 0, startPosition, position);
  }

  /** {@code source} (the whole file) without its first {@code skip} bytes. */
  public static PositionStream skipping(ReadStream<Buffer> source, long skip, LongConsumer position) {
    return new PositionStream(source, skip, skip, position);
  }

  @Override
  public ReadStream<Buffer> handler(Handler<Buffer> handler) {
    source.handler(handler == null ? null : buf -> {
      long start = seen;
      seen += buf.length();
      if (seen <= skip) return;
      Buffer rest = start >= skip ? buf : buf.slice((int) (skip - start), buf.length());
      reported += rest.length();
      position.accept(reported);
      handler.handle(rest);
    });
    return this;
  }

  @Override
  public ReadStream<Buffer> exceptionHandler(Handler<Throwable> handler) {
    source.exceptionHandler(handler);
    return this;
  }

  @Override
  public ReadStream<Buffer> pause() {
    source.pause();
    return this;
  }

  @Override
  public ReadStream<Buffer> resume() {
    source.resume();
    return this;
  }

  @Override
  public ReadStream<Buffer> fetch(long amount) {
    source.fetch(amount);
    return this;
  }

  @Override
  public ReadStream<Buffer> endHandler(Handler<Void> endHandler) {
    source.endHandler(endHandler);
    return this;
  }
}
