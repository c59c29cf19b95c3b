package io.clipcast.platforms.youtube;

import io.clipcast.platforms.ErrorKind;
import io.clipcast.platforms.PlatformFailure;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;

import java.time.ZoneId;
import java.util.function.LongConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The three HTTP steps of YouTube's resumable upload (docs/platforms/youtube.md): start a session (its URI
 * comes back in {@code Location}), send a chunk ({@code Content-Range: bytes F-L/TOTAL}), and ask where an upload
 * stands ({@code bytes *}{@code /TOTAL}). Each answer becomes a {@link Position}: the next byte YouTube wants (from its
 * {@code Range}, trusted over what we sent), the finished video, or a session that is gone.
 */
final class ResumableUpload {
  sealed interface Position permits Next, Done, Gone {}

  /** 308: YouTube has bytes {@code 0..next-1}. */
  record Next(long next) implements Position {}

  /** 200/201: the upload is complete; the video resource. */
  record Done(JsonObject video) implements Position {}

  /** 404/410: the session expired or is unknown; a new one is needed. */
  record Gone() implements Position {}

  private static final Pattern RANGE = Pattern.compile("bytes=0-(\\d+)");

  private final WebClient web;
  private final HttpClient http;
  private final String uploadUrl;
  private final YouTubeTimeouts timeouts;
  private final UploadQuota quota;

  ResumableUpload(WebClient web, HttpClient http, String apiBase, YouTubeTimeouts timeouts, UploadQuota quota) {
    this.web = web;
    this.http = http;
    this.uploadUrl = apiBase + "/upload/youtube/v3/videos";
    this.timeouts = timeouts;
    this.quota = quota;
  }

  /** Step 1: the session URI for uploading {@code total} bytes with {@code metadata}. */
  Future<String> start(String token, ShortsMetadata metadata, long total, String contentType, ZoneId userZone) {
    String url = uploadUrl + "?uploadType=resumable&part=snippet,status" + (metadata.notifySubscribers() ? "" : "&notifySubscribers=false");
    return web.postAbs(url).followRedirects(false).timeout(timeouts.callMs())
        .putHeader("Authorization", "Bearer " + token).putHeader("Content-Type", "application/json; charset=UTF-8")
        .putHeader("X-Upload-Content-Length", Long.toString(total)).putHeader("X-Upload-Content-Type", contentType)
        .sendBuffer(metadata.body().toBuffer())
        .recover(e -> Future.failedFuture(GoogleErrors.unreachable("the start of the upload", e)))
        .compose(r -> {
          String location = r.getHeader("Location");
          if (r.statusCode() == 200 && location != null && !location.isBlank()) return Future.succeededFuture(location);
          if (r.statusCode() / 100 == 2) {
            return Future.failedFuture(PlatformFailure.retryable(null, "YouTube started the upload but gave no session address; it will be retried."));
          }
          return Future.failedFuture(refusal(r.statusCode(), json(r.body()), r.getHeader("Retry-After"), "the start of the upload", userZone));
        });
  }

  /** Step 3: where the upload at {@code sessionUri} stands. */
  Future<Position> probe(String token, String sessionUri, long total, ZoneId userZone) {
    return web.putAbs(sessionUri).followRedirects(false).timeout(timeouts.callMs())
        .putHeader("Authorization", "Bearer " + token).putHeader("Content-Range", "bytes */" + total).putHeader("Content-Length", "0")
        .send()
        .recover(e -> Future.failedFuture(GoogleErrors.unreachable("the upload status check", e)))
        .compose(r -> position(r.statusCode(), r.headers(), r.body(), "the upload status check", userZone));
  }

  /**
   * Step 2: the next {@code length} bytes of {@code cursor} as bytes {@code from..from+length-1} of {@code total}.
   * A connection lost on the way fails RETRYABLE: the next attempt asks YouTube where it stands and goes on from there.
   */
  Future<Position> sendChunk(String token, String sessionUri, ClipCursor cursor, long from, long length, long total, String contentType,
                             LongConsumer progress, ZoneId userZone) {
    RequestOptions options = new RequestOptions().setMethod(HttpMethod.PUT).setAbsoluteURI(sessionUri).setFollowRedirects(false)
        .setConnectTimeout(timeouts.connectMs()).putHeader("Authorization", "Bearer " + token)
        .putHeader("Content-Length", Long.toString(length)).putHeader("Content-Type", contentType)
        .putHeader("Content-Range", "bytes " + from + "-" + (from + length - 1) + "/" + total);
    return http.request(options).compose(req -> {
      Future<Answer> answered = req.response().compose(r -> r.body().map(b -> new Answer(r.statusCode(),
          MultiMap.caseInsensitiveMultiMap().addAll(r.headers()), b)));
      // an early answer (a refusal before the body is done) or a dropped connection stops feeding this request
      answered.onComplete(ar -> cursor.abortPiece(ar.failed() ? ar.cause() : new IllegalStateException("answered before the chunk was sent")));
      Future<Void> written = cursor.next(length, req, sent -> progress.accept(from + sent)).compose(v -> req.end());
      written.onFailure(e -> req.reset(0, e));
      return written.transform(w -> w.succeeded() || answered.isComplete() && answered.succeeded() ? answered
          : Future.failedFuture(w.cause()));
    }).recover(e -> Future.failedFuture(e instanceof PlatformFailure ? e : new PlatformFailure(ErrorKind.RETRYABLE, null,
        "The upload to YouTube was interrupted at byte " + from + " (" + e.getMessage() + "); it resumes where YouTube stands.", 0, e)))
        .compose(a -> position(a.status(), a.headers(), a.body(), "the upload", userZone));
  }

  private record Answer(int status, MultiMap headers, Buffer body) {}

  private Future<Position> position(int status, MultiMap headers, Buffer body, String what, ZoneId userZone) {
    if (status == 308) {
      String range = headers.get("Range");
      if (range == null) return Future.succeededFuture(new Next(0));
      Matcher m = RANGE.matcher(range.trim());
      if (!m.matches()) {
        return Future.failedFuture(PlatformFailure.retryable(null, "YouTube answered the upload with an unreadable Range (" + range
            + "); it will be retried."));
      }
      return Future.succeededFuture(new Next(Long.parseLong(m.group(1)) + 1));
    }
    if (status == 200 || status == 201) {
      JsonObject video = json(body);
      if (video == null || video.getString("id") == null) {
        return Future.failedFuture(PlatformFailure.retryable(null, "YouTube finished the upload but its answer named no video; it will be checked again."));
      }
      return Future.succeededFuture(new Done(video));
    }
    if (status == 404 || status == 410) return Future.succeededFuture(new Gone());
    return Future.failedFuture(refusal(status, json(body), headers.get("Retry-After"), what, userZone));
  }

  private PlatformFailure refusal(int status, JsonObject body, String retryAfter, String what, ZoneId userZone) {
    return GoogleErrors.of(status, body, retryAfter, what, quota, userZone);
  }

  static JsonObject json(Buffer body) {
    try {
      return body == null || body.length() == 0 ? null : body.toJsonObject();
    } catch (RuntimeException e) {
      return null;
    }
  }
}
