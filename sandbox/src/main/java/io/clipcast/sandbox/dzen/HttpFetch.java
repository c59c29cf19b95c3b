package io.clipcast.sandbox.dzen;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The importer's two downloads: the feed document (bounded, kept in memory to parse) and a video enclosure (streamed
 * through SHA-256, never kept). Both follow redirects and give up on a server that stops sending.
 */
final class HttpFetch {
  /** A feed larger than this is refused (RSS documents are small; a runaway one must not fill the heap). */
  static final int MAX_FEED_BYTES = 8 * 1024 * 1024;

  /**
   * Dzen's RSS robot as Yandex's robots table spells it (docs/platforms/dzen.md, "Who fetched the feed"); Clipcast's
   * feed counts a fetch only with this agent from a verified address.
   */
  static final String ROBOT_AGENT = "Mozilla/5.0 (compatible; YandexZenRss/1.0; +http://yandex.com/bots)";
  /** A person's feed reader or browser: it gets the feed, and its fetch must count for nothing. */
  static final String READER_AGENT = "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0";

  /** A downloaded enclosure: what arrived, counted and hashed. */
  record Video(String contentType, long bytes, String sha256) {}

  private HttpFetch() {}

  static Future<Buffer> feed(HttpClient client, String url, String userAgent) {
    return get(client, url, userAgent).compose(resp -> {
      String type = String.valueOf(resp.getHeader("Content-Type")).toLowerCase();
      if (resp.statusCode() != 200) return discard(resp, "the feed answered HTTP " + resp.statusCode());
      if (!type.contains("xml")) return discard(resp, "the feed is served as '" + type + "', not as XML (application/rss+xml)");
      Promise<Buffer> done = Promise.promise();
      Buffer body = Buffer.buffer();
      resp.handler(b -> {
        if (body.length() + b.length() > MAX_FEED_BYTES) {
          done.tryFail(new IllegalStateException("the feed is larger than " + MAX_FEED_BYTES + " bytes"));
          resp.request().connection().close();
        } else {
          body.appendBuffer(b);
        }
      });
      resp.exceptionHandler(done::tryFail);
      resp.endHandler(v -> done.tryComplete(body));
      return done.future();
    });
  }

  static Future<Video> video(HttpClient client, String url) {
    return get(client, url, ROBOT_AGENT).compose(resp -> {
      String type = resp.getHeader("Content-Type");
      if (resp.statusCode() != 200) return discard(resp, "the enclosure answered HTTP " + resp.statusCode());
      if (type == null || !type.toLowerCase().startsWith("video/")) return discard(resp, "the enclosure is '" + type + "', not a video");
      Promise<Video> done = Promise.promise();
      MessageDigest sha = sha256();
      long[] bytes = {0};
      resp.handler(b -> {
        sha.update(b.getBytes());
        bytes[0] += b.length();
      });
      resp.exceptionHandler(done::tryFail);
      resp.endHandler(v -> done.tryComplete(new Video(type, bytes[0], HexFormat.of().formatHex(sha.digest()))));
      return done.future();
    });
  }

  private static Future<HttpClientResponse> get(HttpClient client, String url, String userAgent) {
    return client.request(new RequestOptions().setMethod(HttpMethod.GET).setAbsoluteURI(url).setFollowRedirects(true)
            .setConnectTimeout(5_000).setIdleTimeout(30_000).putHeader("User-Agent", userAgent))
        .compose(req -> req.send());
  }

  private static <T> Future<T> discard(HttpClientResponse resp, String why) {
    return resp.end().transform(ar -> Future.failedFuture(new IllegalStateException(why)));
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
