package io.clipcast.sandbox.meta;

import io.clipcast.sandbox.SandboxHttp;
import io.clipcast.sandbox.SandboxVerticle;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The real sandbox on a free port and a blocking HTTP client for it: what the Meta simulator tests talk to. */
public final class MetaSandbox implements AutoCloseable {
  public record Resp(int status, MultiMap headers, String body) {
    public JsonObject json() {
      return new JsonObject(body);
    }

    /** {@code error.code} of a Graph error envelope. */
    public int code() {
      return json().getJsonObject("error").getInteger("code");
    }

    public Integer subcode() {
      return json().getJsonObject("error").getInteger("error_subcode");
    }

    /** The query parameters of the redirect's Location (fragment dropped). */
    public Map<String, String> locationParams() {
      String loc = headers.get("Location");
      String q = loc.substring(loc.indexOf('?') + 1);
      if (q.contains("#")) q = q.substring(0, q.indexOf('#'));
      Map<String, String> out = new LinkedHashMap<>();
      for (String kv : q.split("&")) {
        int eq = kv.indexOf('=');
        out.put(kv.substring(0, eq), java.net.URLDecoder.decode(kv.substring(eq + 1), StandardCharsets.UTF_8));
      }
      return out;
    }
  }

  public final Vertx vertx = Vertx.vertx();
  public final int port = SandboxHttp.freePort();
  public final String base = "http://127.0.0.1:" + port;
  private final HttpClient http = vertx.createHttpClient(new HttpClientOptions().setConnectTimeout(5000).setIdleTimeout(10));

  public MetaSandbox() throws Exception {
    vertx.deployVerticle(new SandboxVerticle(), new io.vertx.core.DeploymentOptions()
        .setConfig(new JsonObject().put("host", "127.0.0.1").put("port", port))).await(20, TimeUnit.SECONDS);
  }

  public Resp get(String pathAndQuery) throws Exception {
    return send(new RequestOptions().setMethod(HttpMethod.GET).setAbsoluteURI(abs(pathAndQuery)), null);
  }

  public Resp get(String pathAndQuery, String token) throws Exception {
    return send(new RequestOptions().setMethod(HttpMethod.GET).setAbsoluteURI(abs(pathAndQuery)).putHeader("Authorization", "Bearer " + token), null);
  }

  public Resp postForm(String path, Map<String, String> form) throws Exception {
    return send(new RequestOptions().setMethod(HttpMethod.POST).setAbsoluteURI(abs(path))
        .putHeader("Content-Type", "application/x-www-form-urlencoded"), Buffer.buffer(encode(form)));
  }

  /** A rupload POST: raw {@code body} with {@code headers}. */
  public Resp upload(String uri, Map<String, String> headers, byte[] body) throws Exception {
    RequestOptions o = new RequestOptions().setMethod(HttpMethod.POST).setAbsoluteURI(abs(uri));
    headers.forEach(o::putHeader);
    return send(o, body == null ? null : Buffer.buffer(body));
  }

  public JsonObject control(String path, JsonObject body) throws Exception {
    Resp r = send(new RequestOptions().setMethod(HttpMethod.POST).setAbsoluteURI(abs(path)).putHeader("Content-Type", "application/json"),
        body.toBuffer());
    if (r.status() >= 300) throw new AssertionError(path + " → " + r.status() + " " + r.body());
    return r.body().isEmpty() ? new JsonObject() : r.json();
  }

  public void fault(String platform, JsonObject rule) throws Exception {
    control("/_sandbox/faults", rule.put("platform", platform));
  }

  public void clear() throws Exception {
    send(new RequestOptions().setMethod(HttpMethod.DELETE).setAbsoluteURI(base + "/_sandbox/faults"), null);
    send(new RequestOptions().setMethod(HttpMethod.DELETE).setAbsoluteURI(base + "/_sandbox/posts"), null);
  }

  public JsonArray ledger(String platform) throws Exception {
    return get("/_sandbox/posts?platform=" + platform).json().getJsonArray("items");
  }

  /** Sends with a fault that may cut the connection: answers null when it did. */
  public Resp sendOrNull(RequestOptions o, Buffer body) {
    try {
      return send(o, body);
    } catch (Exception e) {
      return null;
    }
  }

  private Resp send(RequestOptions o, Buffer body) throws Exception {
    return http.request(o)
        .compose(req -> (body == null ? req.send() : req.send(body))
            .compose(res -> res.body().map(b -> new Resp(res.statusCode(), res.headers(), b.toString(StandardCharsets.UTF_8)))))
        .await(20, TimeUnit.SECONDS);
  }

  private String abs(String uri) {
    return uri.startsWith("http") ? uri : base + uri;
  }

  public static String encode(Map<String, String> form) {
    StringBuilder b = new StringBuilder();
    form.forEach((k, v) -> b.append(b.length() == 0 ? "" : "&").append(URLEncoder.encode(k, StandardCharsets.UTF_8)).append('=')
        .append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
    return b.toString();
  }

  public static byte[] bytes(int n, int seed) {
    byte[] b = new byte[n];
    new java.util.Random(seed).nextBytes(b);
    return b;
  }

  public static String sha256(byte[] b) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
  }

  @Override
  public void close() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
  }
}
