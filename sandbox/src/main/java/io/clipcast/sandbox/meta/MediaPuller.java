package io.clipcast.sandbox.meta;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;

import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * Meta "cURLs" a public media URL ({@code video_url}, rupload {@code file_url}): streamed and hashed, never stored.
 * Fails with a message when the URL does not answer 200 with the file.
 */
public final class MediaPuller {
  public record Pulled(long size, String sha256) {}

  private final HttpClient http;

  public MediaPuller(Vertx vertx) {
    this.http = vertx.createHttpClient(new HttpClientOptions().setConnectTimeout(5000).setIdleTimeout(30));
  }

  public Future<Pulled> pull(String url, long maxBytes) {
    RequestOptions o;
    try {
      o = new RequestOptions().setMethod(HttpMethod.GET).setAbsoluteURI(url);
    } catch (RuntimeException e) {
      return Future.failedFuture(new IllegalArgumentException("not a URL"));
    }
    return http.request(o).compose(req -> req.send()).compose(resp -> {
      if (resp.statusCode() != 200) {
        resp.pause();
        return Future.failedFuture(new IllegalStateException("the media URL answered HTTP " + resp.statusCode()));
      }
      Promise<Pulled> done = Promise.promise();
      MessageDigest sha = UploadSession.newDigest();
      long[] size = {0};
      resp.handler(buf -> {
        size[0] += buf.length();
        if (size[0] > maxBytes) {
          done.tryFail(new IllegalStateException("the media is larger than " + maxBytes + " bytes"));
          resp.request().connection().close();
          return;
        }
        sha.update(buf.getBytes());
      });
      resp.exceptionHandler(done::tryFail);
      resp.endHandler(v -> done.tryComplete(new Pulled(size[0], HexFormat.of().formatHex(sha.digest()))));
      return done.future();
    });
  }
}
