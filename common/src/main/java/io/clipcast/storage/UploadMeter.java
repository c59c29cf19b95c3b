package io.clipcast.storage;

import io.vertx.core.buffer.Buffer;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Counts an upload's bytes against {@code storage.maxUploadBytes} and the announced size, and hashes them
 * on the way through. Used from one thread at a time (the upload's context).
 */
final class UploadMeter {
  private final long limit;
  private final long expected;
  private final MessageDigest sha256;
  private long count;

  private UploadMeter(long limit, long expected) {
    this.limit = limit;
    this.expected = expected;
    try {
      this.sha256 = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
  }

  /** Refuses before reading anything when the announced size is already over the limit. */
  static UploadMeter start(long limit, long expectedSize) {
    if (expectedSize > limit) {
      throw tooLarge(limit, "announced " + expectedSize + " bytes");
    }
    return new UploadMeter(limit, expectedSize < 0 ? -1 : expectedSize);
  }

  void accept(Buffer chunk) {
    long next = count + chunk.length();
    if (next > limit) {
      throw tooLarge(limit, "sent more than " + limit + " bytes");
    }
    if (expected >= 0 && next > expected) {
      throw new UploadSizeMismatchException("The upload sent more than the " + expected + " bytes it announced.");
    }
    count = next;
    sha256.update(chunk.getBytes());
  }

  /** Called once the body has ended: a body shorter than announced was cut off. */
  void finish() {
    if (expected >= 0 && count != expected) {
      throw new UploadSizeMismatchException("The upload ended after " + count + " of the " + expected + " bytes it announced.");
    }
  }

  StoredObject result(String key) {
    return new StoredObject(key, count, HexFormat.of().formatHex(sha256.digest()));
  }

  private static UploadTooLargeException tooLarge(long limit, String what) {
    return new UploadTooLargeException(limit, "The upload " + what + "; clips may be at most " + limit
        + " bytes (storage.maxUploadBytes).");
  }
}
