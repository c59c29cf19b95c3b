package io.clipcast.platforms.tiktok;

import io.clipcast.platforms.ErrorKind;
import io.clipcast.platforms.PlatformFailure;
import io.clipcast.platforms.PublishContext;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.core.streams.ReadStream;

import java.time.ZoneId;
import java.util.Locale;

/**
 * Sends the clip to {@code upload_url} chunk by chunk, sequentially (docs/platforms/tiktok.md): {@code PUT} with
 * {@code Content-Type}, {@code Content-Length} and {@code Content-Range: bytes first-last/size}, starting at the chunk
 * {@code fromOffset} begins (bytes TikTok already holds are read past, not sent). 206 = more to come, 201/200 = the last
 * chunk landed. Failures: {@link UrlGone} (404/410: the upload URL expired, initialise again), {@link OutOfStep} (416:
 * TikTok expects another range; ask status/fetch where it stands), else classified {@link PlatformFailure}s — a broken
 * connection is RETRYABLE, because the next attempt asks TikTok how many bytes arrived.
 */
final class ChunkUploader {
  static final class UrlGone extends RuntimeException {
    UrlGone(String message) {
      super(message, null, false, false);
    }
  }

  static final class OutOfStep extends RuntimeException {
    OutOfStep(String message) {
      super(message, null, false, false);
    }
  }

  private final HttpClient http;
  private final int connectTimeoutMs;

  ChunkUploader(HttpClient http, int connectTimeoutMs) {
    this.http = http;
    this.connectTimeoutMs = connectTimeoutMs;
  }

  Future<Void> upload(PublishContext ctx, String uploadUrl, ChunkPlan plan, long fromOffset) {
    int first = plan.chunkAt(fromOffset);
    if (first < 0) return Future.failedFuture(new OutOfStep("TikTok holds " + fromOffset + " bytes, which is not a chunk boundary"));
    String type = contentType(ctx.clip().contentType());
    ZoneId zone = ctx.timeZone();
    return ctx.clip().open()
        .recover(e -> Future.failedFuture(PlatformFailure.retryable(null, "The clip could not be read from storage (" + e.getMessage()
            + "); it will be retried.")))
        .compose(stream -> {
          io.clipcast.platforms.http.ClipSlicer slicer = new io.clipcast.platforms.http.ClipSlicer(stream.body());
          return slicer.skip(fromOffset)
              .compose(v -> chunks(ctx, uploadUrl, plan, first, slicer, type, zone))
              .eventually(stream::close);
        });
  }

  private Future<Void> chunks(PublishContext ctx, String url, ChunkPlan plan, int i, io.clipcast.platforms.http.ClipSlicer slicer, String type, ZoneId zone) {
    if (i >= plan.totalChunks()) return Future.succeededFuture();
    long start = plan.start(i);
    long length = plan.length(i);
    RequestOptions put = new RequestOptions().setMethod(HttpMethod.PUT).setAbsoluteURI(url).setConnectTimeout(connectTimeoutMs)
        .putHeader("Content-Type", type).putHeader("Content-Length", Long.toString(length))
        .putHeader("Content-Range", "bytes " + start + "-" + (start + length - 1) + "/" + plan.videoSize());
    ReadStream<Buffer> body = io.clipcast.platforms.http.PositionStream.from(slicer.next(length), start, ctx::progress);
    return http.request(put)
        .compose((HttpClientRequest req) -> req.send(body))
        .compose(resp -> resp.body().map(b -> new Object[] {resp.statusCode(), b, resp.getHeader("Retry-After")}))
        .transform(ar -> {
          if (ar.failed()) {
            Throwable e = ar.cause();
            return Future.failedFuture(new PlatformFailure(ErrorKind.RETRYABLE, null, "The upload to TikTok broke off in chunk " + (i + 1)
                + " of " + plan.totalChunks() + " (" + e.getMessage() + "); the next attempt continues from what TikTok received.", 0, e));
          }
          int status = (Integer) ar.result()[0];
          if (status == 206 || status == 201 || status == 200) return chunks(ctx, url, plan, i + 1, slicer, type, zone);
          return Future.failedFuture(refusal(status, (Buffer) ar.result()[1], (String) ar.result()[2], i, plan, zone));
        });
  }

  private static RuntimeException refusal(int status, Buffer body, String retryAfter, int i, ChunkPlan plan, ZoneId zone) {
    JsonObject error;
    try {
      error = body.toJsonObject().getJsonObject("error");
    } catch (RuntimeException e) {
      error = null;
    }
    String message = error == null ? body.toString() : error.getString("message", "");
    if (status == 404 || status == 410) return new UrlGone("TikTok's upload address is no longer valid (" + message + ")");
    if (status == 416) return new OutOfStep("TikTok expected another chunk than " + (i + 1) + " of " + plan.totalChunks() + " (" + message + ")");
    return TikTokErrors.of(status, error == null ? null : error.getString("code"), message, "the upload of chunk " + (i + 1) + " of "
        + plan.totalChunks(), TikTokErrors.retryAfterMs(retryAfter), zone);
  }

  /** TikTok takes video/mp4, video/quicktime or video/webm. */
  static String contentType(String clipType) {
    String t = clipType == null ? "" : clipType.toLowerCase(Locale.ROOT);
    return t.equals("video/quicktime") || t.equals("video/webm") ? t : "video/mp4";
  }
}
