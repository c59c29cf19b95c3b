package io.clipcast.launcher;

import io.vertx.core.json.JsonObject;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.Predicate;

/** Blocking HTTP for tests that talk to a node the way a probe or a person would. */
final class Http {
  private static final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(2)).build();

  private Http() {}

  static HttpResponse<String> get(String url) {
    return get(url, null);
  }

  static HttpResponse<String> get(String url, String requestId) {
    return requestId == null ? get(url, null, null) : get(url, "X-Request-Id", requestId);
  }

  static HttpResponse<String> get(String url, String header, String value) {
    try {
      HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10));
      if (header != null) b.header(header, value);
      return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    } catch (Exception e) {
      throw new IllegalStateException("GET " + url + " failed: " + e, e);
    }
  }

  static JsonObject json(HttpResponse<String> r) {
    return new JsonObject(r.body());
  }

  /** Polls until the condition holds on a response, or fails with the last one seen. */
  static HttpResponse<String> await(String url, Predicate<HttpResponse<String>> condition, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    HttpResponse<String> last = null;
    String lastError = null;
    while (System.nanoTime() < deadline) {
      try {
        last = get(url);
        if (condition.test(last)) return last;
      } catch (IllegalStateException e) {
        lastError = e.getMessage();
      }
      Thread.sleep(200);
    }
    throw new AssertionError("condition not met on " + url + " within " + timeout + "; last response: "
        + (last != null ? last.statusCode() + " " + last.body() : lastError));
  }
}
