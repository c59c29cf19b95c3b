package io.clipcast.storage;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.WriteStream;

import java.security.MessageDigest;
import java.util.HexFormat;

/** Reads a stored clip back without keeping it: counts and hashes what arrives. */
final class HashingWriteStream implements WriteStream<Buffer> {
  private final MessageDigest sha256;
  private long count;

  HashingWriteStream() {
    try {
      sha256 = MessageDigest.getInstance("SHA-256");
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  long count() {
    return count;
  }

  String sha256() {
    return HexFormat.of().formatHex(sha256.digest());
  }

  @Override
  public Future<Void> write(Buffer data) {
    count += data.length();
    sha256.update(data.getBytes());
    return Future.succeededFuture();
  }

  @Override
  public Future<Void> end() {
    return Future.succeededFuture();
  }

  @Override
  public WriteStream<Buffer> exceptionHandler(Handler<Throwable> handler) {
    return this;
  }

  @Override
  public WriteStream<Buffer> setWriteQueueMaxSize(int maxSize) {
    return this;
  }

  @Override
  public boolean writeQueueFull() {
    return false;
  }

  @Override
  public WriteStream<Buffer> drainHandler(Handler<Void> handler) {
    return this;
  }
}
