package io.clipcast.publish.meta;

import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;

import java.util.function.LongConsumer;

/**
 * A clip's body without its first {@code skip} bytes (they were read and dropped, never held), reporting the running
 * position in the whole file: how a resumed upload continues at the platform's offset.
 */
final class SkippingStream implements ReadStream<Buffer> {
  private final ReadStream<Buffer> source;
  private final long skip;
  private final LongConsumer position;
  private long seen;

  SkippingStream(ReadStream<Buffer> source, long skip, LongConsumer position) {
    this.source = source;
    this.skip = skip;
    this.position = position;
  }

  @Override
  public ReadStream<Buffer> handler(Handler<Buffer> handler) {
    source.handler(handler == null ? null : buf -> {
      long start = seen;
      seen += buf.length();
      if (seen <= skip) return;
      Buffer rest = start >= skip ? buf : buf.slice((int) (skip - start), buf.length());
      position.accept(seen);
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
