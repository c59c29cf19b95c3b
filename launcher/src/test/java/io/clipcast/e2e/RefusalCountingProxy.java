package io.clipcast.e2e;

import io.clipcast.testing.TestServices;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A pass-through proxy between Clipcast and the sandbox that counts every rate-limit refusal the sandbox gives, per
 * platform, including the ones a connector waits out by itself and never reports (VK's client retries error 6 twice,
 * platforms/src/main/java/io/clipcast/platforms/vk/VkApiClient.java). A refusal is an HTTP 429, a VK answer with
 * {@code error_code} 6 ("too many requests per second") or 9 (flood control), or a Google {@code rateLimitExceeded} /
 * {@code userRateLimitExceeded}. The platforms' API endpoints are pointed at it ({@link #routing}); URLs the sandbox
 * hands out itself (upload URLs) still go straight to the sandbox, and uploads are never refused for rate.
 */
final class RefusalCountingProxy implements AutoCloseable {
  private static final int MAX_INSPECTED = 256 * 1024;

  private final Vertx vertx = Vertx.vertx();
  private final HttpClient client = vertx.createHttpClient(new io.vertx.core.http.HttpClientOptions().setKeepAlive(true),
      new PoolOptions().setHttp1MaxSize(64));
  private final Map<String, AtomicLong> refusals = new ConcurrentHashMap<>();
  private final AtomicLong calls = new AtomicLong();
  private final int port = TestServices.freePort();
  private final HttpServer server;
  private volatile int upstreamPort = -1;

  RefusalCountingProxy() throws Exception {
    server = vertx.createHttpServer().requestHandler(this::forward).listen(port, "127.0.0.1").await(10, TimeUnit.SECONDS);
  }

  /** Config overrides pointing these platforms' API endpoints (all of {@code platformApis.<id>}) at the proxy. */
  JsonObject routing(JsonObject platformApis, String... platforms) {
    JsonObject apis = new JsonObject();
    for (String id : platforms) {
      JsonObject endpoints = new JsonObject();
      for (String name : platformApis.getJsonObject(id).fieldNames()) endpoints.put(name, "http://127.0.0.1:" + port + "/" + id + "/" + name);
      apis.put(id, endpoints);
    }
    return new JsonObject().put("platformApis", apis);
  }

  /** Where the sandbox listens (known once the node is up). */
  void upstream(String sandboxBase) {
    upstreamPort = java.net.URI.create(sandboxBase).getPort();
  }

  long refusals(String platform) {
    AtomicLong n = refusals.get(platform);
    return n == null ? 0 : n.get();
  }

  long calls() {
    return calls.get();
  }

  private void forward(HttpServerRequest req) {
    calls.incrementAndGet();
    req.pause();
    String platform = req.path().length() > 1 ? req.path().substring(1).split("/", 2)[0] : "";
    RequestOptions options = new RequestOptions().setMethod(req.method()).setHost("127.0.0.1").setPort(upstreamPort).setURI(req.uri());
    client.request(options).compose(out -> {
      req.headers().forEach((k, v) -> {
        if (!k.equalsIgnoreCase("host") && !k.equalsIgnoreCase("connection")) out.headers().add(k, v);
      });
      String length = req.getHeader("content-length");
      if (length == null && req.getHeader("transfer-encoding") == null || "0".equals(length)) {
        req.resume();
        return out.send();
      }
      out.setChunked(length == null);
      return out.send(req);
    }).onComplete(ar -> {
      if (ar.failed()) {
        req.resume();
        req.connection().close();   // as the sandbox dropped it
        return;
      }
      HttpClientResponse resp = ar.result();
      req.response().setStatusCode(resp.statusCode()).setStatusMessage(resp.statusMessage());
      resp.headers().forEach((k, v) -> {
        if (!k.equalsIgnoreCase("connection") && !k.equalsIgnoreCase("transfer-encoding")) req.response().headers().add(k, v);
      });
      if (resp.statusCode() == 429) count(platform);
      String type = resp.getHeader("content-type");
      String length = resp.getHeader("content-length");
      boolean small = length == null || Long.parseLong(length) <= MAX_INSPECTED;
      if (type != null && type.contains("json") && small) {
        resp.body().onSuccess(body -> {
          if (resp.statusCode() != 429 && refused(body)) count(platform);
          req.response().headers().remove("content-length");
          req.response().end(body);
        }).onFailure(e -> req.connection().close());
      } else {
        if (length == null) req.response().setChunked(true);
        resp.pipeTo(req.response());
      }
    });
  }

  private static boolean refused(Buffer body) {
    String s = body.toString();
    if (s.contains("rateLimitExceeded") || s.contains("userRateLimitExceeded")) return true;
    if (!s.contains("error_code")) return false;
    try {
      JsonObject j = new JsonObject(s);
      Object error = j.getValue("error");
      if (error instanceof JsonObject e) {
        Integer code = e.getInteger("error_code");
        return code != null && (code == 6 || code == 9);
      }
      Integer code = j.getInteger("error_code");   // Telegram: {"ok":false,"error_code":429,…}
      return code != null && code == 429;
    } catch (RuntimeException notJson) {
      return false;
    }
  }

  private void count(String platform) {
    refusals.computeIfAbsent(platform, p -> new AtomicLong()).incrementAndGet();
  }

  @Override
  public void close() {
    Future.join(server.close(), client.close()).eventually(() -> vertx.close()).await();
  }
}
