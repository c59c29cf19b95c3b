package io.clipcast.storage;

import com.google.common.collect.ImmutableMultimap;
import io.minio.MinioAsyncClient;
import io.minio.PutObjectArgs;
import io.minio.messages.Part;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.WriteStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayInputStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * An S3 upload in progress, fed by a Vert.x stream: bytes collect into parts of {@code partSize}; each
 * full part is sent as an UploadPart while the next one fills, so at most about two parts are in memory.
 * The writer is paused (writeQueueFull) while a full part waits for the one in flight. Parts are invisible
 * until {@link #commit()} completes the multipart upload; {@link #discard()} aborts it, which makes the
 * store drop the parts. A body smaller than one part never starts a multipart upload: it is sent as one PUT.
 *
 * <p>All methods run on the upload's context; MinIO's completions are brought back to it.
 */
final class S3MultipartUpload implements StagedUpload {
  private static final Logger log = LoggerFactory.getLogger(S3MultipartUpload.class);

  private final Context ctx;
  private final MinioAsyncClient client;
  private final String bucket;
  private final String key;
  private final String contentType;
  private final int partSize;

  private final ArrayDeque<Buffer> pending = new ArrayDeque<>();
  private long pendingBytes;
  private final List<Part> parts = new ArrayList<>();
  private String uploadId;
  private Future<Void> inFlight = Future.succeededFuture();
  private boolean shipping;
  private Throwable failure;
  private Handler<Void> drainHandler;

  S3MultipartUpload(Context ctx, MinioAsyncClient client, String bucket, String key, String contentType, int partSize) {
    this.ctx = ctx;
    this.client = client;
    this.bucket = bucket;
    this.key = key;
    this.contentType = contentType;
    this.partSize = partSize;
  }

  @Override
  public Future<Void> write(Buffer data) {
    if (failure != null) {
      return Future.failedFuture(failure);
    }
    pending.add(data);
    pendingBytes += data.length();
    if (!shipping && pendingBytes >= partSize) {
      ship(take(partSize));
    }
    return Future.succeededFuture();
  }

  /** Full when a whole part is waiting behind the one in flight; never after a failure, so the next write can report it. */
  @Override
  public boolean writeQueueFull() {
    return failure == null && pendingBytes >= partSize;
  }

  @Override
  public WriteStream<Buffer> drainHandler(Handler<Void> handler) {
    this.drainHandler = handler;
    return this;
  }

  @Override
  public Future<Void> commit() {
    if (shipping) {
      return inFlight.transform(ar -> commit());
    }
    if (failure != null) {
      return Future.failedFuture(failure);
    }
    if (uploadId == null) {
      return putWhole(take((int) pendingBytes));
    }
    if (pendingBytes > 0) {
      ship(take((int) pendingBytes)); // the last part may be smaller than the minimum
      return commit();
    }
    Part[] done = parts.toArray(new Part[0]);
    return MinioCalls.on(ctx, () -> client.completeMultipartUploadAsync(bucket, null, key, uploadId, done, null, null))
        .mapEmpty();
  }

  @Override
  public Future<Void> discard() {
    if (failure == null) {
      failure = new ClipStoreException("The upload to '" + key + "' was discarded.");
    }
    pending.clear();
    pendingBytes = 0;
    if (shipping) {
      return inFlight.transform(ar -> discard());
    }
    if (uploadId == null) {
      return Future.succeededFuture();
    }
    String id = uploadId;
    return MinioCalls.on(ctx, () -> client.abortMultipartUploadAsync(bucket, null, key, id, null, null))
        .<Void>mapEmpty()
        .recover(err -> {
          log.warn("could not abort multipart upload {} of {} (a bucket lifecycle rule for incomplete uploads removes it): {}",
              id, key, err.toString());
          return Future.succeededFuture();
        });
  }

  private void ship(byte[] bytes) {
    shipping = true;
    int number = parts.size() + 1;
    inFlight = begin()
        .compose(id -> MinioCalls.offloaded(ctx, () -> client.uploadPartAsync(bucket, null, key, bytes, bytes.length, id, number, null, null)))
        .<Void>map(r -> {
          parts.add(new Part(number, r.etag()));
          return null;
        })
        .onComplete(ar -> {
          shipping = false;
          if (ar.failed() && failure == null) {
            failure = ar.cause();
          }
          if (failure == null && pendingBytes >= partSize) {
            ship(take(partSize));
          }
          Handler<Void> drain = drainHandler;
          if (drain != null && !writeQueueFull()) {
            drain.handle(null);
          }
        });
  }

  private Future<String> begin() {
    if (uploadId != null) {
      return Future.succeededFuture(uploadId);
    }
    return MinioCalls.on(ctx, () -> client.createMultipartUploadAsync(bucket, null, key,
            ImmutableMultimap.of("Content-Type", contentType), null))
        .map(r -> uploadId = r.result().uploadId());
  }

  private Future<Void> putWhole(byte[] bytes) {
    return MinioCalls.on(ctx, () -> client.putObject(PutObjectArgs.builder().bucket(bucket).object(key)
            .stream(new ByteArrayInputStream(bytes), bytes.length, -1).contentType(contentType).build()))
        .mapEmpty();
  }

  /** The first {@code n} pending bytes as one array (MinIO sends and hashes a byte[] part without copying it again). */
  private byte[] take(int n) {
    byte[] out = new byte[n];
    int filled = 0;
    while (filled < n) {
      Buffer head = pending.peek();
      int use = Math.min(head.length(), n - filled);
      head.getBytes(0, use, out, filled);
      filled += use;
      pending.poll();
      if (use < head.length()) {
        pending.push(head.slice(use, head.length()));
      }
    }
    pendingBytes -= n;
    return out;
  }

  @Override
  public Future<Void> end() {
    return Future.failedFuture(new IllegalStateException("a staged upload is finished with commit() or discard()"));
  }

  @Override
  public WriteStream<Buffer> exceptionHandler(Handler<Throwable> handler) {
    return this;
  }

  @Override
  public WriteStream<Buffer> setWriteQueueMaxSize(int maxSize) {
    return this;
  }
}
