package io.clipcast.storage;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;

import java.time.Duration;

/**
 * Where clip files live (docs/architecture.md "Modules"): the local filesystem in the embedded setup, an S3-compatible bucket
 * otherwise. Every method streams with backpressure; no implementation holds a whole clip in memory.
 * Keys follow {@link ClipKeys}; a bad key fails the returned future with {@link InvalidClipKeyException}.
 */
public interface ClipStore {

  /**
   * Stores {@code body} under {@code key}, replacing what was there. The object appears only once every
   * byte is safely stored: a body that fails midway, exceeds {@code storage.maxUploadBytes}
   * ({@link UploadTooLargeException}) or does not match {@code expectedSize}
   * ({@link UploadSizeMismatchException}) leaves nothing under the key and no partial data behind.
   *
   * <p>Call it on the context that delivers the body (the request handler's): the body is paused at once,
   * so nothing is lost while storage is being prepared. A put refused before reading (bad key, announced size
   * over the limit) leaves the body untouched; once reading has begun, a failure drains and drops the rest.
   *
   * @param expectedSize the announced size in bytes (e.g. Content-Length), or -1 if unknown
   */
  Future<StoredObject> put(String key, ReadStream<Buffer> body, long expectedSize);

  /** Opens a stored clip for reading; fails with {@link ClipNotFoundException} when there is none. */
  Future<ClipStream> open(String key);

  /** Removes the clip; succeeds also when there was none (deletes are retried by sweeps). */
  Future<Void> delete(String key);

  Future<Boolean> exists(String key);

  /**
   * A URL anyone can GET the clip from until {@code ttl} passes, for platforms that pull by URL. Stores
   * that cannot presign fail with {@link PresignNotSupportedException}.
   */
  Future<String> presignedGetUrl(String key, Duration ttl);

  /** Releases clients and connection pools. */
  Future<Void> close();
}
