package io.clipcast.sandbox.youtube;

import io.clipcast.sandbox.SandboxHttp;
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

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The real sandbox on a free port and a blocking HTTP client for it: what the YouTube simulator tests talk to. */
final class YouTubeSandbox implements AutoCloseable {
  static final String UPLOAD = "/youtube/api/upload/youtube/v3/videos";
  static final String CLIENT_ID = "200000000002-simtest.apps.googleusercontent.com";
  static final String CLIENT_SECRET = "GOCSPX-simtest";
  static final String REDIRECT = "https://app.example.com/oauth/callback";

  record Resp(int status, MultiMap headers, String body) {
    JsonObject json() {
      return new JsonObject(body);
    }

    /** {@code errors[0].reason} of a Google error envelope. */
    String reason() {
      return json().getJsonObject("error").getJsonArray("errors").getJsonObject(0).getString("reason");
    }

    Map<String, String> locationParams() {
      return SandboxHttp.queryParams(headers.get("Location"));
    }
  }

  final Vertx vertx = Vertx.vertx();
  final int port = SandboxHttp.freePort();
  final String base = "http://127.0.0.1:" + port;
  private final HttpClient http = vertx.createHttpClient(new HttpClientOptions().setConnectTimeout(5000).setIdleTimeout(10));

  YouTubeSandbox() throws Exception {
    vertx.deployVerticle(new SandboxVerticle(), new DeploymentOptions()
        .setConfig(new JsonObject().put("host", "127.0.0.1").put("port", port))).await(20, TimeUnit.SECONDS);
    control("/youtube/_sandbox/clients", new JsonObject().put("clientId", CLIENT_ID).put("clientSecret", CLIENT_SECRET)
        .put("redirectUris", new io.vertx.core.json.JsonArray().add(REDIRECT)).put("audited", true));
  }

  Resp send(HttpMethod method, String uri, Map<String, String> headers, Buffer body) throws Exception {
    RequestOptions o = new RequestOptions().setMethod(method).setAbsoluteURI(uri.startsWith("http") ? uri : base + uri);
    headers.forEach(o::putHeader);
    return http.request(o)
        .compose(req -> (body == null ? req.send() : req.send(body))
            .compose(res -> res.body().map(b -> new Resp(res.statusCode(), res.headers(), b.toString(StandardCharsets.UTF_8)))))
        .await(20, TimeUnit.SECONDS);
  }

  Resp get(String uri, String token) throws Exception {
    return send(HttpMethod.GET, uri, token == null ? Map.of() : Map.of("Authorization", "Bearer " + token), null);
  }

  Resp postForm(String path, Map<String, String> form) throws Exception {
    return send(HttpMethod.POST, path, Map.of("Content-Type", "application/x-www-form-urlencoded"), Buffer.buffer(SandboxHttp.encode(form)));
  }

  /** Control API call that must succeed. */
  JsonObject control(String path, JsonObject body) throws Exception {
    Resp r = send(HttpMethod.POST, path, Map.of("Content-Type", "application/json"), body.toBuffer());
    if (r.status() >= 300) throw new AssertionError(path + " → " + r.status() + " " + r.body());
    return r.body().isEmpty() ? new JsonObject() : r.json();
  }

  void delete(String path) throws Exception {
    send(HttpMethod.DELETE, path, Map.of(), null);
  }

  @Override
  public void close() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
  }
}
