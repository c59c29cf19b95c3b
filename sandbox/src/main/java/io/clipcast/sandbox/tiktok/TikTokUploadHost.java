package io.clipcast.sandbox.tiktok;

import io.clipcast.sandbox.kit.Fault;
import io.clipcast.sandbox.kit.FaultActions;
import io.clipcast.sandbox.kit.SandboxKit;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.security.MessageDigest;
import java.time.Instant;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The upload host behind {@code video/init}'s {@code upload_url}: in-order chunk PUTs with exactly the sizes init
 * announced, hashed as they stream (docs/platforms/tiktok.md, "Sandbox control routes").
 */
final class TikTokUploadHost {
  private static final Pattern RANGE = Pattern.compile("bytes (\\d+)-(\\d+)/(\\d+)");
  private static final Set<String> TYPES = Set.of("video/mp4", "video/quicktime", "video/webm");

  private final SandboxKit kit;
  private final TikTokPosts posts;

  TikTokUploadHost(SandboxKit kit, TikTokPosts posts) {
    this.kit = kit;
    this.posts = posts;
  }

  void mount(Router router) {
    router.put("/tiktok/upload/video/").handler(ctx -> {
      ctx.request().pause();
      try {
        receive(ctx);
      } catch (TikTokContentApi.Refusal r) {
        refuse(ctx, r.status, r.code, r.getMessage());
      }
    });
  }

  private void receive(RoutingContext ctx) {
    HttpServerRequest req = ctx.request();
    TikTokPost p = posts.byUploadToken(req.getParam("upload_token")).orElse(null);
    if (p == null || !p.publishId.endsWith("." + req.getParam("upload_id"))) throw invalid(404, "The upload_url is invalid: no such upload.");
    if (Instant.now().isAfter(p.uploadExpiresAt)) throw invalid(404, "The upload_url has expired; initialize the post again.");
    String type = req.getHeader("Content-Type");
    if (type == null || !TYPES.contains(type.toLowerCase(Locale.ROOT).split(";")[0].trim())) {
      throw invalid(400, "Content-Type must be video/mp4, video/quicktime or video/webm.");
    }
    String rangeHeader = req.getHeader("Content-Range");
    Matcher m = rangeHeader == null ? null : RANGE.matcher(rangeHeader.trim());
    if (m == null || !m.matches()) throw invalid(400, "Content-Range must be 'bytes <first>-<last>/<video_size>'.");
    long first = Long.parseLong(m.group(1));
    long last = Long.parseLong(m.group(2));
    long total = Long.parseLong(m.group(3));
    if (total != p.videoSize || last < first) throw invalid(400, "Content-Range total must be the video_size given at init (" + p.videoSize + ").");
    long length = last - first + 1;
    String contentLength = req.getHeader("Content-Length");
    if (contentLength == null || !contentLength.trim().equals(Long.toString(length))) {
      throw invalid(400, "Content-Length must be present and equal the Content-Range length (" + length + ").");
    }
    int index;
    MessageDigest digest;
    synchronized (p) {
      if (!p.status.equals("PROCESSING_UPLOAD") || p.nextChunk >= p.totalChunks) {
        throw invalid(403, "All chunks of this upload were already received.");
      }
      index = p.nextChunk;
      if (first != p.chunkStart(index) || length != p.chunkLength(index)) {
        long s = p.chunkStart(index);
        throw invalid(416, "Chunks must be uploaded in order with the sizes given at init: expected Content-Range bytes "
            + s + "-" + (s + p.chunkLength(index) - 1) + "/" + p.videoSize + " (chunk " + (index + 1) + " of " + p.totalChunks + ").");
      }
      try {
        digest = (MessageDigest) p.digest.clone();
      } catch (CloneNotSupportedException e) {
        throw new IllegalStateException(e);
      }
    }
    // the fault is drawn per chunk, so a test can break e.g. the second one ("match": "upload.chunk2")
    Fault f = kit.faults().take("tiktok", "upload.chunk" + (index + 1)).orElse(null);
    if (f != null && f.kind().equals("hang")) {
      FaultActions.hang(kit.vertx(), f, () -> stream(ctx, new TikTokReply(ctx, null), null, p, index, length, digest));
      return;
    }
    if (f != null && f.kind().equals("reset") && f.afterBytes() <= 0) {
      FaultActions.dropConnection(ctx);
      return;
    }
    stream(ctx, new TikTokReply(ctx, f), f, p, index, length, digest);
  }

  /** Reads the chunk through the digest, acting out reset/slow, then accepts it if it is still the next one. */
  private void stream(RoutingContext ctx, TikTokReply reply, Fault f, TikTokPost p, int index, long length, MessageDigest digest) {
    HttpServerRequest req = ctx.request();
    long started = System.nanoTime();
    long[] read = {0};
    boolean[] over = {false};
    req.handler(buf -> {
      read[0] += buf.length();
      if (read[0] > length) {
        over[0] = true;
        return;
      }
      digest.update(buf.getBytes());
      FaultActions.midStream(kit.vertx(), req, f, read[0], started, () -> req.connection().close());
    });
    req.exceptionHandler(e -> { });   // connection gone mid-chunk: nothing is accepted
    req.endHandler(v -> {
      if (over[0] || read[0] != length) {
        reply.error(400, "invalid_params", "The chunk body had " + read[0] + " bytes; Content-Range announced " + length + ".");
        return;
      }
      if (reply.drawn("http_error")) {
        reply.error(reply.fault().status(), "internal_error", "Something went wrong. Please try again later.");
        return;
      }
      if (reply.drawn("rate_limit")) {
        ctx.response().putHeader("Retry-After", Integer.toString(reply.fault().retryAfterSeconds()));
        reply.error(429, "rate_limit_exceeded", "Too many upload requests, retry later.");
        return;
      }
      boolean lastChunk;
      synchronized (p) {
        if (p.nextChunk != index) {
          reply.error(416, "invalid_params", "This chunk was already received.");
          return;
        }
        p.digest = digest;
        p.uploadedBytes += length;
        p.nextChunk++;
        lastChunk = p.nextChunk == p.totalChunks;
        if (reply.drawn("processing_failure")) p.failProcessing = true;
      }
      if (lastChunk) posts.received(p, p.videoSize, TikTokPosts.hex(digest.digest()), p.failProcessing);
      if (reply.drawn("lost_response")) {
        FaultActions.dropConnection(ctx);
        return;
      }
      ctx.response().setStatusCode(lastChunk ? 201 : 206).putHeader("Content-Length", "0").end();
    });
    req.resume();
  }

  /** TikTok's {@code invalid_params} with {@code status}, thrown from the checks before the body is read. */
  private static TikTokContentApi.Refusal invalid(int status, String message) {
    return new TikTokContentApi.Refusal(status, "invalid_params", message);
  }

  /** Reads and drops the body, then answers the refusal (a client still sending would otherwise never read it). */
  private static void refuse(RoutingContext ctx, int status, String code, String message) {
    TikTokReply reply = new TikTokReply(ctx, null);
    HttpServerRequest req = ctx.request();
    req.handler(b -> { });
    req.exceptionHandler(e -> { });
    req.endHandler(v -> reply.error(status, code, message));
    req.resume();
  }
}
