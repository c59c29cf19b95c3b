package io.clipcast.platforms.linkedin;

import io.clipcast.platforms.PlatformFailure;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.core.streams.ReadStream;

/**
 * {@code PUT <uploadUrl>} of one part (docs/platforms/linkedin.md): the part's bytes streamed as
 * {@code application/octet-stream} with its {@code Content-Length}, answered by 200 and the part's {@code ETag}.
 * The URL is pre-signed, so no bearer token is sent. A 401 means the URL expired ({@link UrlExpired}: initialize anew).
 * A part can be sent again safely (same URL, same bytes), so a transfer that broke off fails retryable.
 */
final class PartUploader {
  /** The part URLs stopped working; the upload must be initialized again. */
  static final class UrlExpired extends RuntimeException {
    UrlExpired() {
      super("LinkedIn's upload URL expired", null, false, false);
    }
  }

  private final HttpClient client;

  PartUploader(HttpClient client) {
    this.client = client;
  }

  Future<String> put(String url, int index, long length, ReadStream<Buffer> body) {
    RequestOptions o = new RequestOptions().setMethod(HttpMethod.PUT).setAbsoluteURI(url)
        .putHeader("Content-Type", "application/octet-stream").putHeader("Content-Length", Long.toString(length));
    return client.request(o)
        .compose(req -> req.send(body))
        .compose(r -> r.body().map(b -> answer(r, b, index)))
        .recover(e -> Future.failedFuture(e instanceof PlatformFailure || e instanceof UrlExpired ? e
            : PlatformFailure.retryable("network", "The upload of part " + (index + 1) + " to LinkedIn was interrupted (" + e.getMessage()
                + "); it will be resumed from that part.")));
  }

  private static String answer(HttpClientResponse r, Buffer body, int index) {
    int s = r.statusCode();
    if (s == 200 || s == 201) {
      String etag = r.getHeader("ETag");
      if (etag == null || etag.isBlank()) {
        throw PlatformFailure.retryable(null, "LinkedIn took part " + (index + 1) + " of the video but gave no ETag; it will be sent again.");
      }
      // some clients see the ETag quoted; finalizeUpload wants the bare id
      return etag.length() > 1 && etag.startsWith("\"") && etag.endsWith("\"") ? etag.substring(1, etag.length() - 1) : etag;
    }
    if (s == 401) throw new UrlExpired();
    String message = message(body);
    if (s == 429) {
      throw PlatformFailure.rateLimited("429", "LinkedIn is rate-limiting video uploads; it will be retried shortly.",
          LinkedInErrors.retryAfterMs(r.getHeader("Retry-After")));
    }
    if (s >= 500) throw PlatformFailure.retryable("http_" + s, "LinkedIn failed to take part " + (index + 1) + " of the video (HTTP " + s
        + "); it will be retried.");
    throw PlatformFailure.permanent("http_" + s, "LinkedIn refused part " + (index + 1) + " of the video (HTTP " + s + ": " + message + ").");
  }

  private static String message(Buffer body) {
    try {
      JsonObject o = body.toJsonObject();
      return o.getString("message", body.toString());
    } catch (RuntimeException e) {
      return body.length() > 200 ? body.getString(0, 200) : body.toString();
    }
  }
}
