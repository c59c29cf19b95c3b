package io.clipcast.platforms.meta;

import io.clipcast.platforms.ErrorKind;
import io.clipcast.platforms.PlatformFailure;
import io.clipcast.platforms.PublishContext;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;

/**
 * Sends the clip to a rupload.facebook.com URL (docs/platforms/instagram.md, docs/platforms/facebook.md): raw bytes
 * from {@code offset} to the end, with {@code Authorization: OAuth}, {@code offset} and {@code file_size} headers and a
 * Content-Length, streamed with backpressure. Failures say whether Meta may have the bytes: cut off while sending →
 * RETRYABLE; everything sent but no answer → OUTCOME_UNKNOWN (the caller asks Meta how far it got); a
 * {@code debug_info} refusal → {@link Refused}.
 */
public final class RuploadClient {
  /** rupload's {@code {"debug_info":{"retriable","type","message"}}}. */
  public static final class Refused extends RuntimeException {
    public final boolean retriable;
    public final String type;

    Refused(int status, boolean retriable, String type, String message) {
      super("HTTP " + status + " " + type + ": " + message, null, false, false);
      this.retriable = retriable;
      this.type = type;
    }
  }

  private final HttpClient http;
  private final MetaTimeouts timeouts;
  private final String platform;

  public RuploadClient(HttpClient http, MetaTimeouts timeouts, String platform) {
    this.http = http;
    this.timeouts = timeouts;
    this.platform = platform;
  }

  public Future<JsonObject> upload(String uri, String token, long offset, PublishContext ctx) {
    return ctx.clip().open()
        .recover(e -> Future.failedFuture(PlatformFailure.retryable(null, "The clip could not be read from storage (" + e.getMessage()
            + "); it will be retried.")))
        .compose(clip -> {
          long size = clip.size();
          boolean[] bodySent = {false};
          RequestOptions o = new RequestOptions().setMethod(HttpMethod.POST).setAbsoluteURI(uri).setConnectTimeout(timeouts.connectMs())
              .putHeader("Authorization", "OAuth " + token).putHeader("offset", Long.toString(offset))
              .putHeader("file_size", Long.toString(size)).putHeader("Content-Type", "application/octet-stream")
              .putHeader("Content-Length", Long.toString(size - offset));
          return http.request(o).compose(req -> {
                Future<JsonObject> answered = req.response().compose(r -> r.body().compose(b -> answer(r.statusCode(), b)));
                Future<Void> written = io.clipcast.platforms.http.PositionStream.skipping(clip.body(), offset, ctx::progress).pipe().endOnSuccess(false).to(req)
                    .compose(v -> req.end()).onSuccess(v -> bodySent[0] = true);
                written.onFailure(e -> req.reset(0, e));
                return written.transform(w -> w.succeeded() || (answered.isComplete() && answered.succeeded()) ? answered
                    : Future.failedFuture(w.cause()));
              })
              .recover(e -> Future.failedFuture(e instanceof Refused || e instanceof PlatformFailure ? e : bodySent[0]
                  ? PlatformFailure.outcomeUnknown("The upload to " + platform + " was sent but no answer came back (" + e.getMessage() + ").", e)
                  : new PlatformFailure(ErrorKind.RETRYABLE, null, "The upload to " + platform + " was interrupted (" + e.getMessage()
                      + "); it will resume where it stopped.", 0, e)))
              .eventually(clip::close);
        });
  }

  private Future<JsonObject> answer(int status, Buffer body) {
    JsonObject json;
    try {
      json = body.toJsonObject();
    } catch (RuntimeException e) {
      json = null;
    }
    if (status == 200 && json != null && json.getBoolean("success", false)) return Future.succeededFuture(json);
    JsonObject info = json == null ? null : json.getJsonObject("debug_info");
    if (info != null) {
      return Future.failedFuture(new Refused(status, info.getBoolean("retriable", false), info.getString("type", ""), info.getString("message", "")));
    }
    if (status >= 500 || json == null) {
      return Future.failedFuture(PlatformFailure.retryable("http_" + status, platform + "'s upload server answered HTTP " + status
          + "; the upload will be resumed."));
    }
    return Future.failedFuture(PlatformFailure.permanent("http_" + status, platform + "'s upload server refused the file (HTTP " + status + ")."));
  }
}
