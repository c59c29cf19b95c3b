package io.clipcast.sandbox.tiktok;

import io.clipcast.sandbox.SandboxVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;

import java.net.ServerSocket;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

/** The real sandbox on a free port and a blocking HTTP client for it: what the TikTok and Blotato simulator tests use. */
final class TikTokSandbox implements AutoCloseable {
  record Resp(int status, MultiMap headers, String body) {
    JsonObject json() {
      return new JsonObject(body);
    }

    /** TikTok's envelope: {@code error.code}. */
    String code() {
      return json().getJsonObject("error").getString("code");
    }

    JsonObject data() {
      return json().getJsonObject("data");
    }
  }

  final Vertx vertx = Vertx.vertx();
  final int port = freePort();
  final String base = "http://127.0.0.1:" + port;
  /** One connection per call: the refusal tests end uploads early, and no call should depend on the one before. */
  private final HttpClient http = vertx.createHttpClient(new HttpClientOptions().setConnectTimeout(5000).setIdleTimeout(10)
      .setKeepAlive(false));

  TikTokSandbox() {
    vertx.deployVerticle(new SandboxVerticle(), new DeploymentOptions()
        .setConfig(new JsonObject().put("host", "127.0.0.1").put("port", port))).await();
  }

  Resp send(HttpMethod method, String pathOrUrl, Map<String, String> headers, Buffer body) {
    RequestOptions o = new RequestOptions().setMethod(method).setAbsoluteURI(pathOrUrl.startsWith("http") ? pathOrUrl : base + pathOrUrl);
    headers.forEach(o::putHeader);
    // body() is asked for inside the compose on send(), i.e. in the response-head callback on the event loop. Chained
    // as a second compose from this (non-Vert.x) thread, it ran too late whenever this thread lost the CPU for longer
    // than the round trip between the two compose calls: the answer had ended, body() never completed, and the call
    // hung (repro/vertx-client-stall/README.md).
    try {
      return http.request(o)
          .compose(req -> (body == null ? req.send() : req.send(body))
              .compose(r -> r.body().map(b -> new Resp(r.statusCode(), MultiMap.caseInsensitiveMultiMap().addAll(r.headers()), b.toString()))))
          .await(20, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      throw new AssertionError(method + " " + pathOrUrl + " got no answer in 20 s", e);
    }
  }

  Resp get(String path) {
    return send(HttpMethod.GET, path, Map.of(), null);
  }

  Resp json(String path, String bearer, JsonObject body) {
    return send(HttpMethod.POST, path, bearer == null ? Map.of("Content-Type", "application/json; charset=UTF-8")
        : Map.of("Content-Type", "application/json; charset=UTF-8", "Authorization", "Bearer " + bearer), body.toBuffer());
  }

  Resp form(String path, Map<String, String> fields) {
    String encoded = fields.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
    return send(HttpMethod.POST, path, Map.of("Content-Type", "application/x-www-form-urlencoded"), Buffer.buffer(encoded));
  }

  /** A control call that must succeed. */
  JsonObject control(String path, JsonObject body) {
    Resp r = json(path, null, body);
    if (r.status() >= 300) throw new AssertionError(path + " → " + r.status() + " " + r.body());
    return r.body().isEmpty() ? new JsonObject() : r.json();
  }

  /** An access token for a new creator {@code openId} with {@code scope}. */
  String token(String openId, String scope) {
    return control("/tiktok/_sandbox/tokens", new JsonObject().put("creator", new JsonObject().put("open_id", openId).put("username", openId))
        .put("scope", scope)).getString("access_token");
  }

  private static int freePort() {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    vertx.close().await();
  }
}
