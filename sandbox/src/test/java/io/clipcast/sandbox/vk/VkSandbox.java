package io.clipcast.sandbox.vk;

import io.clipcast.sandbox.SandboxHttp;
import io.clipcast.sandbox.SandboxVerticle;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The real sandbox on a free port and a blocking HTTP client for it: what the VK simulator tests talk to. */
final class VkSandbox implements AutoCloseable {
  record Resp(int status, MultiMap headers, String body) {
    JsonObject json() {
      return new JsonObject(body);
    }

    /** The query parameters of the redirect's Location. */
    Map<String, String> locationParams() {
      String loc = headers.get("Location");
      Map<String, String> out = new LinkedHashMap<>();
      for (String kv : loc.substring(loc.indexOf('?') + 1).split("&")) {
        int eq = kv.indexOf('=');
        out.put(kv.substring(0, eq), java.net.URLDecoder.decode(kv.substring(eq + 1), StandardCharsets.UTF_8));
      }
      return out;
    }
  }

  final Vertx vertx = Vertx.vertx();
  final int port = SandboxHttp.freePort();
  final String base = "http://127.0.0.1:" + port;
  private final HttpClient http = vertx.createHttpClient(new HttpClientOptions().setConnectTimeout(5000).setIdleTimeout(10));

  VkSandbox() throws Exception {
    vertx.deployVerticle(new SandboxVerticle(), new io.vertx.core.DeploymentOptions()
        .setConfig(new JsonObject().put("host", "127.0.0.1").put("port", port))).await(20, TimeUnit.SECONDS);
  }

  Resp get(String pathAndQuery) throws Exception {
    return send(HttpMethod.GET, pathAndQuery, null, null);
  }

  Resp postForm(String path, Map<String, String> form) throws Exception {
    return send(HttpMethod.POST, path, "application/x-www-form-urlencoded", Buffer.buffer(SandboxHttp.encode(form)));
  }

  Resp postJson(String path, JsonObject body) throws Exception {
    return send(HttpMethod.POST, path, "application/json", body.toBuffer());
  }

  /** A multipart form: {@code fields} first, then one file part unless {@code fileField} is null. */
  Resp postMultipart(String uri, Map<String, String> fields, String fileField, String fileName, String fileType, byte[] file)
      throws Exception {
    String boundary = "b-" + System.nanoTime();
    Buffer body = Buffer.buffer();
    fields.forEach((k, v) -> body.appendString("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + k + "\"\r\n\r\n" + v + "\r\n"));
    if (fileField != null) {
      body.appendString("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + fileField + "\"; filename=\"" + fileName
          + "\"\r\nContent-Type: " + fileType + "\r\n\r\n").appendBytes(file).appendString("\r\n");
    }
    body.appendString("--" + boundary + "--\r\n");
    return send(HttpMethod.POST, uri, "multipart/form-data; boundary=" + boundary, body);
  }

  /** Control API call that must succeed. */
  JsonObject control(String path, JsonObject body) throws Exception {
    Resp r = postJson(path, body);
    if (r.status() >= 300) throw new AssertionError(path + " → " + r.status() + " " + r.body());
    return r.body().isEmpty() ? new JsonObject() : r.json();
  }

  void deleteFaults() throws Exception {
    send(HttpMethod.DELETE, "/_sandbox/faults", null, null);
  }

  Resp sendWithHeader(String uri, String header, String value) throws Exception {
    return send(new RequestOptions().setMethod(HttpMethod.GET).setAbsoluteURI(base + uri).putHeader(header, value), null);
  }

  Resp send(HttpMethod method, String uri, String contentType, Buffer body) throws Exception {
    RequestOptions o = new RequestOptions().setMethod(method).setAbsoluteURI(uri.startsWith("http") ? uri : base + uri);
    if (contentType != null) o.putHeader("Content-Type", contentType);
    return send(o, body);
  }

  private Resp send(RequestOptions o, Buffer body) throws Exception {
    return http.request(o)
        .compose(req -> (body == null ? req.send() : req.send(body))
            .compose(res -> res.body().map(b -> new Resp(res.statusCode(), res.headers(), b.toString(StandardCharsets.UTF_8)))))
        .await(20, TimeUnit.SECONDS);
  }

  @Override
  public void close() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
  }
}
