package io.clipcast.storage;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.file.FileSystem;
import io.vertx.core.file.FileSystemException;
import io.vertx.core.file.OpenOptions;
import io.vertx.core.streams.ReadStream;

import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;

/**
 * Clips as files under {@code storage.localDir} (the embedded default). Uploads stream into
 * {@code .partial/} and are renamed into place when complete; no key can name that folder (see {@link ClipKeys}).
 */
public final class LocalClipStore implements ClipStore {
  private static final int READ_BUFFER_BYTES = 256 * 1024;
  static final String PARTIAL_DIR = ".partial";

  private final FileSystem fs;
  private final Path root;
  private final long maxUploadBytes;

  public LocalClipStore(Vertx vertx, Path root, long maxUploadBytes) {
    this.fs = vertx.fileSystem();
    this.root = root.toAbsolutePath().normalize();
    this.maxUploadBytes = maxUploadBytes;
  }

  public Path root() {
    return root;
  }

  @Override
  public Future<StoredObject> put(String key, ReadStream<Buffer> body, long expectedSize) {
    return StreamedUpload.run(key, body, expectedSize, maxUploadBytes, () -> {
      String target = file(key).toString();
      String partial = root.resolve(PARTIAL_DIR).resolve(UUID.randomUUID() + ".part").toString();
      return fs.mkdirs(root.resolve(PARTIAL_DIR).toString())
          .compose(v -> fs.mkdirs(file(key).getParent().toString()))
          .compose(v -> fs.open(partial, new OpenOptions().setWrite(true).setCreateNew(true)))
          .map(f -> new PartialFile(fs, f, partial, target));
    });
  }

  @Override
  public Future<ClipStream> open(String key) {
    return fileOf(key).compose(path -> isFile(path)
        .compose(file -> file
            ? fs.open(path.toString(), new OpenOptions().setRead(true).setWrite(false).setCreate(false))
            : Future.failedFuture(new ClipNotFoundException(key)))
        .recover(err -> Future.failedFuture(missing(err) ? new ClipNotFoundException(key) : err))
        .compose(f -> f.size() // of the opened file: a concurrent replace cannot make size and bytes disagree
            .map(size -> {
              // 256 KB reads instead of Vert.x's 8 KB: a 500 MB clip is 2,000 hops to the file thread, not 64,000
              f.setReadBufferSize(READ_BUFFER_BYTES);
              f.pause();
              Closer closer = new Closer(f::close);
              return new ClipStream(key, size, f, closer::close);
            })
            .recover(err -> f.close().transform(v -> Future.failedFuture(err)))));
  }

  @Override
  public Future<Void> delete(String key) {
    return fileOf(key).compose(path -> isFile(path)
        .compose(file -> file ? fs.delete(path.toString()) : Future.<Void>succeededFuture())
        .recover(err -> missing(err) ? Future.succeededFuture() : Future.failedFuture(err)));
  }

  @Override
  public Future<Boolean> exists(String key) {
    return fileOf(key).compose(this::isFile);
  }

  @Override
  public Future<String> presignedGetUrl(String key, Duration ttl) {
    return Future.failedFuture(new PresignNotSupportedException("The local clip store cannot presign URLs;"
        + " with storage.kind=local the API serves clips itself under signed /media URLs."));
  }

  @Override
  public Future<Void> close() {
    return Future.succeededFuture();
  }

  /** A key that names a folder of other keys ("clips/2026") is not an object. */
  private Future<Boolean> isFile(Path path) {
    return fs.props(path.toString()).map(p -> p.isRegularFile())
        .recover(err -> missing(err) ? Future.succeededFuture(false) : Future.failedFuture(err));
  }

  /** The key's file, or a failed future with {@link InvalidClipKeyException} for a key that is not allowed. */
  private Future<Path> fileOf(String key) {
    try {
      return Future.succeededFuture(file(key));
    } catch (ClipStoreException e) {
      return Future.failedFuture(e);
    }
  }

  private Path file(String key) {
    Path path = root.resolve(ClipKeys.check(key)).normalize();
    if (!path.startsWith(root) || path.equals(root)) {
      throw new InvalidClipKeyException("Storage key '" + key + "' does not resolve inside the store.");
    }
    return path;
  }

  static boolean missing(Throwable err) {
    return err instanceof FileSystemException && err.getCause() instanceof NoSuchFileException
        || err instanceof NoSuchFileException;
  }
}
