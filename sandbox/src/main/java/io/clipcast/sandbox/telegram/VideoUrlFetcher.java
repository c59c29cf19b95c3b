package io.clipcast.sandbox.telegram;

import io.clipcast.sandbox.kit.ReceivedFile;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * {@code video} given as an HTTP(S) URL: Telegram downloads it itself, up to 20 MB. Streams and hashes the body
 * (nothing stored); any failure is the Bot API's "failed to get HTTP URL content".
 */
final class VideoUrlFetcher {
  private final HttpClient client;

  VideoUrlFetcher(Vertx vertx) {
    this.client = vertx.createHttpClient(new HttpClientOptions().setConnectTimeout(5_000).setIdleTimeout(15));
  }

  Future<ReceivedFile> fetch(String url) {
    RequestOptions get;
    try {
      get = new RequestOptions().setMethod(HttpMethod.GET).setAbsoluteURI(url);
    } catch (RuntimeException e) {
      return Future.failedFuture(BotApiError.badRequest("wrong file identifier/HTTP URL specified"));
    }
    return client.request(get).compose(HttpClientRequest::send).compose(resp -> {
      if (resp.statusCode() / 100 != 2) return Future.<ReceivedFile>failedFuture(new IllegalStateException("status " + resp.statusCode()));
      Promise<ReceivedFile> done = Promise.promise();
      MessageDigest sha = sha256();
      long[] size = {0};
      resp.handler(buf -> {
        size[0] += buf.length();
        if (size[0] > BotApiState.URL_FETCH_LIMIT) {
          done.tryFail(new IllegalStateException("too large"));
          resp.request().connection().close();
        } else {
          sha.update(buf.getBytes());
        }
      });
      resp.exceptionHandler(done::tryFail);
      resp.endHandler(v -> done.tryComplete(new ReceivedFile("video", null, resp.getHeader("Content-Type"), size[0],
          HexFormat.of().formatHex(sha.digest()))));
      return done.future();
    }).recover(e -> Future.failedFuture(BotApiError.badRequest("failed to get HTTP URL content")));
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
