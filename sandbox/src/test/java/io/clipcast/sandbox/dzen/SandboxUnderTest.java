package io.clipcast.sandbox.dzen;

import io.clipcast.sandbox.SandboxVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/** The real sandbox on a free port, and a plain HTTP client (redirects not followed) to drive it. */
final class SandboxUnderTest implements AutoCloseable {
  final Vertx vertx = Vertx.vertx();
  final String base;
  final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();

  SandboxUnderTest() throws Exception {
    int port = freePort();
    vertx.deployVerticle(new SandboxVerticle(), new DeploymentOptions().setConfig(new JsonObject().put("host", "127.0.0.1").put("port", port)))
        .await(30, TimeUnit.SECONDS);
    base = "http://127.0.0.1:" + port;
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  HttpResponse<String> send(HttpRequest.Builder b) throws Exception {
    return http.send(b.timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<String> get(String path) throws Exception {
    return send(HttpRequest.newBuilder(URI.create(base + path)));
  }

  HttpResponse<String> postJson(String path, JsonObject body) throws Exception {
    return send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body.encode())));
  }

  HttpResponse<String> postForm(String path, Map<String, String> form, String basicUser, String basicSecret) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(form(form)));
    if (basicUser != null) {
      b.header("Authorization", "Basic " + Base64.getEncoder().encodeToString((basicUser + ":" + basicSecret).getBytes()));
    }
    return send(b);
  }

  HttpResponse<String> delete(String path) throws Exception {
    return send(HttpRequest.newBuilder(URI.create(base + path)).DELETE());
  }

  JsonArray posts() throws Exception {
    return new JsonObject(get("/_sandbox/posts?platform=dzen").body()).getJsonArray("items");
  }

  void fault(JsonObject rule) throws Exception {
    HttpResponse<String> r = postJson("/_sandbox/faults", rule.put("platform", "dzen"));
    if (r.statusCode() != 201) throw new IllegalStateException(r.body());
  }

  static String form(Map<String, String> form) {
    return form.entrySet().stream().map(e -> e.getKey() + "=" + java.net.URLEncoder.encode(e.getValue(), java.nio.charset.StandardCharsets.UTF_8))
        .collect(Collectors.joining("&"));
  }

  /** The query parameters of a redirect's Location. */
  static Map<String, String> query(String location) {
    String q = URI.create(location).getRawQuery();
    return java.util.Arrays.stream(q.split("&")).map(p -> p.split("=", 2)).collect(Collectors.toMap(p -> p[0],
        p -> java.net.URLDecoder.decode(p.length > 1 ? p[1] : "", java.nio.charset.StandardCharsets.UTF_8)));
  }

  @Override
  public void close() throws Exception {
    vertx.close().await(30, TimeUnit.SECONDS);
  }
}
