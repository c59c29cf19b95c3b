package io.clipcast.sandbox.youtube;

import io.clipcast.sandbox.kit.FaultActions;
import io.clipcast.sandbox.kit.Fault;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;

import java.io.IOException;
import java.security.MessageDigest;

/**
 * Reads one PUT's bytes as they stream in, hashing them into a copy of the session's running digest (nothing is stored),
 * so a request that dies half way leaves the session as it was. Acts out the transfer faults like the kit's
 * UploadReceiver, but counted over the whole upload: {@code reset} drops the connection once the upload reaches
 * {@code afterBytes} (so a reset can land in any chunk), {@code slow} reads at {@code bytesPerSecond}. A gzipped
 * request ({@link GzipBodies}) is held until it ends and then inflated into the digest; its faults count the bytes on the wire.
 */
final class ChunkReceiver {
  /** What one request delivered: its byte count and the session digest including them. */
  record Chunk(long bytes, MessageDigest digest) {}

  /** The reset fault fired: the connection was dropped on purpose. */
  static final class ResetActedOut extends RuntimeException {
    ResetActedOut(long afterBytes) {
      super("connection reset by the sandbox after " + afterBytes + " bytes of the upload", null, false, false);
    }
  }

  /** The request said {@code Content-Encoding: gzip} but its body does not inflate. */
  static final class NotGzip extends RuntimeException {
    NotGzip() {
      super("the body is not valid gzip", null, false, false);
    }
  }

  private final Vertx vertx;
  private final Fault reset;
  private final Fault slow;

  ChunkReceiver(Vertx vertx, Fault reset, Fault slow) {
    this.vertx = vertx;
    this.reset = reset;
    this.slow = slow;
  }

  /** Reads the body of {@code req}, which continues the upload at byte {@code offset} and carries {@code expected} media bytes. */
  Future<Chunk> receive(HttpServerRequest req, long offset, long expected, MessageDigest sessionDigest) {
    MessageDigest digest;
    try {
      digest = (MessageDigest) sessionDigest.clone();
    } catch (CloneNotSupportedException e) {
      return Future.failedFuture(e);
    }
    Promise<Chunk> done = Promise.promise();
    long started = System.nanoTime();
    long[] size = {0};
    boolean gzipped = GzipBodies.gzipped(req);
    Buffer held = gzipped ? Buffer.buffer() : null;
    req.handler(buf -> {
      if (done.future().isComplete()) return;
      long before = offset + size[0];
      if (reset != null && before + buf.length() >= reset.afterBytes()) {
        // the connection drops mid-upload: what arrived of this request is lost, as the client will learn from a probe
        done.tryFail(new ResetActedOut(reset.afterBytes()));
        req.connection().close();
        return;
      }
      if (gzipped) held.appendBuffer(buf);
      else digest.update(buf.getBytes());
      size[0] += buf.length();
      if (slow != null) FaultActions.pace(vertx, req, slow.bytesPerSecond(), size[0], started);
    });
    req.exceptionHandler(done::tryFail);
    req.endHandler(v -> {
      if (!gzipped) {
        done.tryComplete(new Chunk(size[0], digest));
        return;
      }
      try {
        done.tryComplete(new Chunk(GzipBodies.inflateInto(held, digest, expected), digest));
      } catch (IOException e) {
        done.tryFail(new NotGzip());
      }
    });
    return done.future();
  }
}
