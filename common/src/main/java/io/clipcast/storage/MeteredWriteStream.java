package io.clipcast.storage;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.WriteStream;

/** Passes writes through to a staged upload after the meter has accepted them; refuses the first one it does not. */
final class MeteredWriteStream implements WriteStream<Buffer> {
  private final WriteStream<Buffer> delegate;
  private final UploadMeter meter;
  private boolean refused;

  MeteredWriteStream(WriteStream<Buffer> delegate, UploadMeter meter) {
    this.delegate = delegate;
    this.meter = meter;
  }

  @Override
  public Future<Void> write(Buffer data) {
    try {
      meter.accept(data);
    } catch (ClipStoreException e) {
      refused = true;
      return Future.failedFuture(e);
    }
    return delegate.write(data);
  }

  @Override
  public Future<Void> end() {
    return delegate.end();
  }

  @Override
  public WriteStream<Buffer> exceptionHandler(Handler<Throwable> handler) {
    delegate.exceptionHandler(handler);
    return this;
  }

  @Override
  public WriteStream<Buffer> setWriteQueueMaxSize(int maxSize) {
    delegate.setWriteQueueMaxSize(maxSize);
    return this;
  }

  @Override
  public boolean writeQueueFull() {
    // a refused write fails the pipe at once, and the staged upload may already be discarded when the pipe asks
    return !refused && delegate.writeQueueFull();
  }

  @Override
  public WriteStream<Buffer> drainHandler(Handler<Void> handler) {
    delegate.drainHandler(handler);
    return this;
  }
}
