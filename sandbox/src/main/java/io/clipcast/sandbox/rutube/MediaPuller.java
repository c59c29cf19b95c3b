package io.clipcast.sandbox.rutube;

import io.clipcast.sandbox.kit.FaultActions;
import io.clipcast.sandbox.kit.Fault;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Downloads a video from the URL given to {@code POST /api/video/}, as Rutube does (docs/platforms/rutube.md: "Rutube downloads the
 * file from a URL you give it"): one streaming GET, each buffer hashed and dropped, so a 10 GB file costs no memory.
 * Fails with a {@link PullFailed} reason the video object then shows in {@code action_reason.name}: the source answered
 * non-2xx or dropped ({@code download_error}), the file is over the limit ({@code file_too_large}), or it is not a video
 * container at all, e.g. an HTML page ({@code unsupported_file}). Acts out the {@code pull} faults slow, reset, http_error.
 */
final class MediaPuller {
  record Pulled(long bytes, String sha256) {}

  static final class PullFailed extends RuntimeException {
    final String reason;

    PullFailed(String reason, String message) {
      super(message, null, false, false);
      this.reason = reason;
    }
  }

  private static final int SNIFF_BYTES = 12;

  private final Vertx vertx;
  private final HttpClient client;

  MediaPuller(Vertx vertx) {
    this.vertx = vertx;
    this.client = vertx.createHttpClient(new HttpClientOptions().setConnectTimeout(10_000).setIdleTimeout(60));
  }

  HttpClient client() {
    return client;
  }

  Future<Pulled> pull(String url, long maxBytes, Fault fault) {
    if (fault != null && fault.kind().equals("http_error")) {
      return Future.failedFuture(new PullFailed("download_error", "the source answered " + fault.status()));
    }
    Promise<Pulled> done = Promise.promise();
    RequestOptions get = new RequestOptions().setMethod(HttpMethod.GET).setAbsoluteURI(url).setFollowRedirects(true)
        .setIdleTimeout(60_000).putHeader("User-Agent", "rutube-sandbox-downloader");
    client.request(get).compose(HttpClientRequest::send)
        .onSuccess(resp -> new Reader(resp, maxBytes, fault, done).start())
        .onFailure(e -> done.tryFail(new PullFailed("download_error", "cannot download " + url + ": " + e.getMessage())));
    return done.future();
  }

  /** Streams one response body: size limit, hash, container sniffing and the transfer faults. */
  private final class Reader {
    private final HttpClientResponse resp;
    private final long maxBytes;
    private final Fault fault;
    private final Promise<Pulled> done;
    private final MessageDigest sha = sha256();
    private final Buffer head = Buffer.buffer(SNIFF_BYTES);
    private final long started = System.nanoTime();
    private long total;

    Reader(HttpClientResponse resp, long maxBytes, Fault fault, Promise<Pulled> done) {
      this.resp = resp;
      this.maxBytes = maxBytes;
      this.fault = fault;
      this.done = done;
    }

    void start() {
      if (resp.statusCode() / 100 != 2) {
        abort("download_error", "the source answered " + resp.statusCode());
        return;
      }
      String length = resp.getHeader("Content-Length");
      if (length != null && length.matches("\\d{1,19}") && Long.parseLong(length) > maxBytes) {
        abort("file_too_large", "the file is " + length + " bytes, over the " + maxBytes + " limit");
        return;
      }
      resp.handler(this::chunk);
      resp.exceptionHandler(e -> done.tryFail(new PullFailed("download_error", "the download broke off: " + e.getMessage())));
      resp.endHandler(v -> {
        if (!looksLikeVideo(head)) done.tryFail(new PullFailed("unsupported_file", "the file is not a video container"));
        else done.tryComplete(new Pulled(total, HexFormat.of().formatHex(sha.digest())));
      });
    }

    private void chunk(Buffer buf) {
      if (done.future().isComplete()) return;
      total += buf.length();
      if (total > maxBytes) {
        abort("file_too_large", "the file is over the " + maxBytes + " byte limit");
        return;
      }
      if (head.length() < SNIFF_BYTES) head.appendBuffer(buf.slice(0, Math.min(buf.length(), SNIFF_BYTES - head.length())));
      sha.update(buf.getBytes());
      FaultActions.midStream(vertx, resp, fault, total, started, () -> {
        resp.request().connection().close();
        done.tryFail(new PullFailed("download_error", "the download broke off after " + total + " bytes"));
      });
    }

    private void abort(String reason, String message) {
      done.tryFail(new PullFailed(reason, message));
      resp.request().reset();
    }
  }

  /** ISO-BMFF (MP4/MOV: a box type at offset 4), Matroska/WebM (EBML), AVI (RIFF), FLV. */
  static boolean looksLikeVideo(Buffer head) {
    if (head.length() >= 8) {
      String box = head.getString(4, 8, "ISO-8859-1");
      if (java.util.Set.of("ftyp", "moov", "mdat", "free", "wide", "skip").contains(box)) return true;
    }
    if (head.length() >= 4 && head.getInt(0) == 0x1A45DFA3) return true;
    if (head.length() >= 4 && head.getString(0, 4, "ISO-8859-1").equals("RIFF")) return true;
    return head.length() >= 3 && head.getString(0, 3, "ISO-8859-1").equals("FLV");
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
