package io.clipcast.storage;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.WriteStream;

/**
 * Where a body streams before it becomes visible under its key (a temp file, an S3 multipart upload).
 * Exactly one of {@link #commit()} or {@link #discard()} is called, after the writes.
 */
interface StagedUpload extends WriteStream<Buffer> {
  /** Makes the staged bytes the object under the key, atomically. */
  Future<Void> commit();

  /** Throws the staged bytes away; never fails (a failure to clean up is only logged). */
  Future<Void> discard();
}
