package io.clipcast.sandbox.linkedin;

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
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The real sandbox on a free port and a blocking HTTP client for it, speaking LinkedIn's REST conventions (bearer token,
 * {@code LinkedIn-Version}, {@code X-Restli-Protocol-Version}): what the LinkedIn simulator tests talk to.
 */
final class LinkedInSandbox implements AutoCloseable {
  static final String VERSION = java.time.YearMonth.now(java.time.ZoneOffset.UTC).minusMonths(1)
      .format(java.time.format.DateTimeFormatter.ofPattern("yyyyMM"));

  record Resp(int status, MultiMap headers, String body) {
    JsonObject json() {
      return new JsonObject(body);
    }

    Map<String, String> locationParams() {
      return SandboxHttp.queryParams(headers.get("Location"));
    }
  }

  final Vertx vertx = Vertx.vertx();
  final int port = SandboxHttp.freePort();
  final String base = "http://127.0.0.1:" + port;
  private final HttpClient http = vertx.createHttpClient(new HttpClientOptions().setConnectTimeout(5000).setIdleTimeout(10));

  LinkedInSandbox() throws Exception {
    vertx.deployVerticle(new SandboxVerticle(), new io.vertx.core.DeploymentOptions()
        .setConfig(new JsonObject().put("host", "127.0.0.1").put("port", port))).await(20, TimeUnit.SECONDS);
  }

  // ---- plain HTTP ----

  Resp get(String uri, Map<String, String> headers) throws Exception {
    return send(HttpMethod.GET, uri, headers, null);
  }

  Resp postForm(String uri, Map<String, String> form) throws Exception {
    return send(HttpMethod.POST, uri, Map.of("Content-Type", "application/x-www-form-urlencoded"), Buffer.buffer(SandboxHttp.encode(form)));
  }

  Resp send(HttpMethod method, String uri, Map<String, String> headers, Buffer body) throws Exception {
    RequestOptions o = new RequestOptions().setMethod(method).setAbsoluteURI(uri.startsWith("http") ? uri : base + uri);
    headers.forEach(o::putHeader);
    return http.request(o)
        .compose(req -> (body == null ? req.send() : req.send(body))
            .compose(res -> res.body().map(b -> new Resp(res.statusCode(), res.headers(), b.toString(StandardCharsets.UTF_8)))))
        .await(20, TimeUnit.SECONDS);
  }

  // ---- LinkedIn REST ----

  static Map<String, String> rest(String token) {
    Map<String, String> h = new LinkedHashMap<>();
    h.put("Authorization", "Bearer " + token);
    h.put("LinkedIn-Version", VERSION);
    h.put("X-Restli-Protocol-Version", "2.0.0");
    return h;
  }

  Resp restGet(String token, String path) throws Exception {
    return get("/linkedin/api" + path, rest(token));
  }

  Resp restPost(String token, String path, JsonObject body) throws Exception {
    Map<String, String> h = rest(token);
    h.put("Content-Type", "application/json");
    return send(HttpMethod.POST, "/linkedin/api" + path, h, body.toBuffer());
  }

  Resp putPart(String url, byte[] bytes) throws Exception {
    return send(HttpMethod.PUT, url, Map.of("Content-Type", "application/octet-stream"), Buffer.buffer(bytes));
  }

  // ---- control ----

  JsonObject control(String path, JsonObject body) throws Exception {
    Resp r = send(HttpMethod.POST, path, Map.of("Content-Type", "application/json"), body.toBuffer());
    if (r.status() >= 300) throw new AssertionError(path + " → " + r.status() + " " + r.body());
    return r.body().isEmpty() ? new JsonObject() : r.json();
  }

  void fault(JsonObject rule) throws Exception {
    control("/_sandbox/faults", rule.put("platform", "linkedin"));
  }

  void clear() throws Exception {
    send(HttpMethod.DELETE, "/_sandbox/faults", Map.of(), null);
    send(HttpMethod.DELETE, "/_sandbox/posts", Map.of(), null);
  }

  JsonArray ledger() throws Exception {
    return get("/_sandbox/posts?platform=linkedin", Map.of()).json().getJsonArray("items");
  }

  /** A token of the member app (Sign In + Share on LinkedIn) for {@code memberId}, issued by the control API. */
  String token(String memberId, String scope) throws Exception {
    return control("/linkedin/_sandbox/tokens", new JsonObject().put("memberId", memberId).put("scope", scope)).getString("access_token");
  }

  /**
   * A token of the Page app (the Community Management API, which grants both {@code w_member_social} and the
   * organization scopes) for {@code memberId}: it may post as the member and as the Pages they administer.
   */
  String token(String memberId) throws Exception {
    return control("/linkedin/_sandbox/tokens", new JsonObject().put("memberId", memberId).put("clientId", "sandbox-linkedin-pages-app"))
        .getString("access_token");
  }

  // ---- whole flows ----

  /** initializeUpload for {@code owner}; asserts 200 and returns {@code value}. */
  JsonObject initialize(String token, String owner, long size) throws Exception {
    Resp r = restPost(token, "/rest/videos?action=initializeUpload", new JsonObject().put("initializeUploadRequest",
        new JsonObject().put("owner", owner).put("fileSizeBytes", size).put("uploadCaptions", false).put("uploadThumbnail", false)));
    assertEquals(200, r.status(), r.body());
    return r.json().getJsonObject("value");
  }

  /** Uploads every part of {@code file} as instructed; returns the ETags in order. */
  JsonArray uploadParts(JsonObject value, byte[] file) throws Exception {
    JsonArray etags = new JsonArray();
    for (Object o : value.getJsonArray("uploadInstructions")) {
      JsonObject i = (JsonObject) o;
      Resp r = putPart(i.getString("uploadUrl"), Arrays.copyOfRange(file, i.getInteger("firstByte"), i.getInteger("lastByte") + 1));
      assertEquals(200, r.status(), r.body());
      etags.add(r.headers().get("ETag"));
    }
    return etags;
  }

  Resp finalizeUpload(String token, String video, String uploadToken, JsonArray etags) throws Exception {
    return restPost(token, "/rest/videos?action=finalizeUpload", new JsonObject().put("finalizeUploadRequest",
        new JsonObject().put("video", video).put("uploadToken", uploadToken).put("uploadedPartIds", etags)));
  }

  JsonObject video(String token, String urn) throws Exception {
    Resp r = restGet(token, "/rest/videos/" + URLEncoder.encode(urn, StandardCharsets.UTF_8));
    assertEquals(200, r.status(), r.body());
    return r.json();
  }

  /** A video fully uploaded, finalized and AVAILABLE (processing must be short); returns its URN. */
  String availableVideo(String token, String owner, byte[] file) throws Exception {
    JsonObject value = initialize(token, owner, file.length);
    JsonArray etags = uploadParts(value, file);
    Resp f = finalizeUpload(token, value.getString("video"), value.getString("uploadToken"), etags);
    assertEquals(200, f.status(), f.body());
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!"AVAILABLE".equals(video(token, value.getString("video")).getString("status"))) {
      if (System.nanoTime() > deadline) throw new AssertionError("video never became AVAILABLE");
      Thread.sleep(20);
    }
    return value.getString("video");
  }

  static JsonObject postBody(String author, String video, String commentary) {
    return new JsonObject().put("author", author).put("commentary", commentary).put("visibility", "PUBLIC")
        .put("distribution", new JsonObject().put("feedDistribution", "MAIN_FEED").put("targetEntities", new JsonArray())
            .put("thirdPartyDistributionChannels", new JsonArray()))
        .put("content", new JsonObject().put("media", new JsonObject().put("title", "Clip").put("id", video)))
        .put("lifecycleState", "PUBLISHED").put("isReshareDisabledByAuthor", false);
  }

  static byte[] bytes(int size, long seed) {
    byte[] b = new byte[size];
    new Random(seed).nextBytes(b);
    return b;
  }

  static String sha256(byte[] b) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
  }

  static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  @Override
  public void close() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
  }
}
