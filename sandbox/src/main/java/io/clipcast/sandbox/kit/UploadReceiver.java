package io.clipcast.sandbox.kit;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Reads an upload body as it streams in — multipart ({@link #multipart}) or raw ({@link #raw}) — hashing it instead of
 * storing it, so 500 MB uploads cost no memory or disk. Acts out the transfer faults: {@code reset} drops the
 * connection after {@code afterBytes}, {@code slow} reads at {@code bytesPerSecond}. Routes using it must not have a
 * BodyHandler.
 */
public final class UploadReceiver {
  private final Vertx vertx;
  private final long maxBytes;
  private final Fault fault;   // null = none

  /** Thrown when the body is larger than {@code maxBytes}; the rest is drained and dropped. */
  public static final class TooLarge extends RuntimeException {
    public TooLarge() {
      super("upload too large", null, false, false);
    }
  }

  public UploadReceiver(Vertx vertx, long maxBytes, Fault transferFault) {
    this.vertx = vertx;
    this.maxBytes = maxBytes;
    this.fault = transferFault != null && (transferFault.kind().equals("reset") || transferFault.kind().equals("slow")) ? transferFault : null;
  }

  /** Fails with IllegalArgumentException if the request is not {@code multipart/form-data}. */
  public Future<Received> multipart(HttpServerRequest req) {
    String type = req.getHeader("Content-Type");
    if (type == null || !type.toLowerCase().startsWith("multipart/form-data")) {
      return Future.failedFuture(new IllegalArgumentException("expected multipart/form-data"));
    }
    Promise<Received> done = Promise.promise();
    List<ReceivedFile> files = new ArrayList<>();
    Meter meter = new Meter(req);
    req.setExpectMultipart(true);
    req.uploadHandler(upload -> {
      MessageDigest sha = sha256();
      long[] size = {0};
      upload.handler(buf -> {
        sha.update(buf.getBytes());
        size[0] += buf.length();
        meter.count(buf.length());
      });
      upload.exceptionHandler(done::tryFail);
      upload.endHandler(v -> {
        ReceivedFile file = new ReceivedFile(upload.name(), upload.filename(), upload.contentType(), size[0],
            HexFormat.of().formatHex(sha.digest()));
        files.add(file);
        log(req, meter, file);
      });
    });
    req.exceptionHandler(done::tryFail);
    req.endHandler(v -> {
      if (meter.tooLarge) done.tryFail(new TooLarge());
      else done.tryComplete(new Received(req.formAttributes(), files));
    });
    return done.future();
  }

  /** The whole request body as one file (PUT/POST of raw bytes). */
  public Future<Received> raw(HttpServerRequest req) {
    Promise<Received> done = Promise.promise();
    MessageDigest sha = sha256();
    long[] size = {0};
    Meter meter = new Meter(req);
    req.handler(buf -> {
      if (!meter.tooLarge) sha.update(buf.getBytes());
      size[0] += buf.length();
      meter.count(buf.length());
    });
    req.exceptionHandler(done::tryFail);
    req.endHandler(v -> {
      if (meter.tooLarge) done.tryFail(new TooLarge());
      else {
        ReceivedFile file = new ReceivedFile("", null, req.getHeader("Content-Type"), size[0], HexFormat.of().formatHex(sha.digest()));
        log(req, meter, file);
        done.tryComplete(new Received(io.vertx.core.MultiMap.caseInsensitiveMultiMap(), List.of(file)));
      }
    });
    return done.future();
  }

  private void log(HttpServerRequest req, Meter meter, ReceivedFile file) {
    UploadLog.of(vertx).record(req.path(), file.size(), file.sha256(), (System.nanoTime() - meter.started) / 1e6);
  }

  /** Counts bytes read; applies the size limit, the reset and the bandwidth cap. */
  private final class Meter {
    private final HttpServerRequest req;
    final long started = System.nanoTime();
    private long total;
    boolean tooLarge;

    Meter(HttpServerRequest req) {
      this.req = req;
    }

    void count(int n) {
      total += n;
      if (total > maxBytes) tooLarge = true;
      FaultActions.midStream(vertx, req, fault, total, started, () -> req.connection().close());
    }
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
