package io.clipcast.storage;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.file.AsyncFile;
import io.vertx.core.file.CopyOptions;
import io.vertx.core.file.FileSystem;
import io.vertx.core.streams.WriteStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A local upload in progress: a temp file in the store's {@code .partial/} folder (same filesystem as the
 * target, so the final rename is atomic). Until that rename nothing is visible under the key.
 */
final class PartialFile implements StagedUpload {
  private static final Logger log = LoggerFactory.getLogger(PartialFile.class);

  private final FileSystem fs;
  private final AsyncFile file;
  private final String path;
  private final String target;
  private boolean closed;

  PartialFile(FileSystem fs, AsyncFile file, String path, String target) {
    this.fs = fs;
    this.file = file;
    this.path = path;
    this.target = target;
  }

  /** fsync, close, then rename over the target: after a crash there is either the old object or the whole new one. */
  @Override
  public Future<Void> commit() {
    return file.flush()
        .compose(v -> close())
        .compose(v -> fs.move(path, target, new CopyOptions().setAtomicMove(true).setReplaceExisting(true)));
  }

  @Override
  public Future<Void> discard() {
    return close()
        .transform(v -> fs.delete(path))
        .transform(ar -> {
          if (ar.failed() && !LocalClipStore.missing(ar.cause())) {
            log.warn("could not remove the partial upload {}: {}", path, ar.cause().toString());
          }
          return Future.<Void>succeededFuture();
        });
  }

  private Future<Void> close() {
    if (closed) return Future.succeededFuture();
    closed = true;
    return file.close();
  }

  @Override
  public Future<Void> write(Buffer data) {
    return file.write(data);
  }

  @Override
  public Future<Void> end() {
    return Future.failedFuture(new IllegalStateException("a staged upload is finished with commit() or discard()"));
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
    return !closed && file.writeQueueFull();
  }

  @Override
  public WriteStream<Buffer> drainHandler(Handler<Void> handler) {
    if (!closed) file.drainHandler(handler);
    return this;
  }
}
