package io.clipcast.api.clips;

import io.clipcast.web.ApiError;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.file.AsyncFile;
import io.vertx.core.streams.WriteStream;

/**
 * The staging file an upload streams into: counts bytes and refuses to go past the size limit (so a lying or
 * missing Content-Length cannot fill the disk); backpressure is the file's own.
 */
final class StagingSink implements WriteStream<Buffer> {
  private final AsyncFile file;
  private final long max;
  private long written;

  StagingSink(AsyncFile file, long max) {
    this.file = file;
    this.max = max;
  }

  long written() {
    return written;
  }

  @Override
  public Future<Void> write(Buffer data) {
    written += data.length();
    if (written > max) return Future.failedFuture(tooLarge(max));
    return file.write(data);
  }

  static ApiError tooLarge(long max) {
    return new ApiError(413, "file_too_large", "The file is larger than this server accepts (" + (max / (1024 * 1024))
        + " MB); trim or compress it and upload again.", "file");
  }

  @Override
  public Future<Void> end() {
    return file.end();
  }

  @Override
  public WriteStream<Buffer> exceptionHandler(Handler<Throwable> handler) {
    file.exceptionHandler(handler);
    return this;
  }

  @Override
  public WriteStream<Buffer> setWriteQueueMaxSize(int maxSize) {
    file.setWriteQueueMaxSize(maxSize);
    return this;
  }

  @Override
  public boolean writeQueueFull() {
    return file.writeQueueFull();
  }

  @Override
  public WriteStream<Buffer> drainHandler(Handler<Void> handler) {
    file.drainHandler(handler);
    return this;
  }
}
