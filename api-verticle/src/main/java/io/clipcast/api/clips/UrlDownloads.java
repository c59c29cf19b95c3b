package io.clipcast.api.clips;

import io.clipcast.web.ApiError;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * The download behind import by URL: a GET to the address {@link ImportTargets} checked, following at most 3
 * redirects, each checked again. Everything the far side can do wrong becomes a 4xx on {@code url}.
 */
final class UrlDownloads {
  /** An answer whose body is ready to be ingested. */
  record Download(IngestSource source, long length, String type) {}

  private final Vertx vertx;
  private final ImportTargets targets;
  private final long timeoutMs;
  private final HttpClient client;

  UrlDownloads(Vertx vertx, ImportTargets targets, long timeoutMs) {
    this.vertx = vertx;
    this.targets = targets;
    this.timeoutMs = timeoutMs;
    this.client = vertx.createHttpClient(new HttpClientOptions().setTrustAll(false).setConnectTimeout(10_000).setMaxRedirects(0));
  }

  /** Opens {@code url}; while {@code clientGone} has not failed (the API client that asked is still there). */
  Future<Download> open(String url, Future<Void> clientGone) {
    return fetch(url, 0, clientGone);
  }

  private Future<Download> fetch(String url, int hops, Future<Void> clientGone) {
    if (clientGone.failed()) return Future.failedFuture(IngestSource.importCancelled());
    if (hops > 3) return Future.failedFuture(new ApiError(422, "import_failed", "The link redirects too many times.", "url"));
    return vertx.executeBlocking(() -> targets.resolve(url), false).compose(t -> client.request(new RequestOptions()
            .setMethod(HttpMethod.GET)
            .setServer(SocketAddress.inetSocketAddress(t.port(), t.address().getHostAddress()))
            .setHost(t.host()).setPort(t.port()).setSsl(t.tls())
            .setURI(t.uri().getRawPath() == null || t.uri().getRawPath().isEmpty() ? "/" : t.uri().getRawPath()
                + (t.uri().getRawQuery() != null ? "?" + t.uri().getRawQuery() : ""))
            .setFollowRedirects(false).setIdleTimeout(timeoutMs))
        .compose(req -> {
          clientGone.onFailure(e -> { // nobody to give the clip to: stop asking (once answered, the download's source cuts it)
            if (!req.response().isComplete()) req.reset();
          });
          return req.send();
        })
        .compose(res -> answered(t.uri(), res, hops, clientGone), e -> Future.failedFuture(e instanceof ApiError ? e
            : new ApiError(422, "import_failed", "Could not download from the link (" + e.getMessage() + "); check it and try again.", "url"))));
  }

  private Future<Download> answered(URI from, HttpClientResponse res, int hops, Future<Void> clientGone) {
    if (res.statusCode() == 200) {
      IngestSource source = IngestSource.download(res, clientGone); // first: it listens for the remote breaking from now on
      String type = res.getHeader("Content-Type");
      return Future.succeededFuture(new Download(source, length(res.getHeader("Content-Length")),
          type == null ? "application/octet-stream" : type.toLowerCase(Locale.ROOT)));
    }
    res.request().connection().close();
    String location = res.getHeader("Location");
    if (res.statusCode() >= 300 && res.statusCode() < 400 && location != null) {
      URI next;
      try {
        next = from.resolve(new URI(location));
      } catch (URISyntaxException | IllegalArgumentException e) {
        return Future.failedFuture(new ApiError(422, "import_failed", "The link redirects to '" + shortened(location)
            + "', which is not a valid link; import the file's final address instead.", "url"));
      }
      return fetch(next.toString(), hops + 1, clientGone);
    }
    return Future.failedFuture(new ApiError(422, "import_failed", "The link answered HTTP " + res.statusCode()
        + " instead of the file; check that it is a direct, public download link.", "url"));
  }

  private static long length(String header) {
    try {
      return header == null ? -1 : Long.parseLong(header.trim());
    } catch (NumberFormatException e) {
      return -1; // unknown: the size bound still holds while the body streams
    }
  }

  private static String shortened(String s) {
    return s.length() <= 200 ? s : s.substring(0, 200) + "…";
  }

  Future<Void> close() {
    return client.close();
  }
}
