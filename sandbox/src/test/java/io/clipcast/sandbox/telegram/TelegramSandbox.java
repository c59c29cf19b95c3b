package io.clipcast.sandbox.telegram;

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
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/** The real sandbox on a free port, with plain-HTTP helpers to seed it, call the Bot API and read the ledger. */
final class TelegramSandbox implements AutoCloseable {
  static final String TOKEN = "123456789:AAEhBOweik6ad9r_QXMENQjcrGbqCr4K-ra";
  static final long BOT_ID = 123456789L;
  static final Path CLIP = Path.of("../common/src/test/resources/media/portrait_h264_aac_faststart.mp4");

  final Vertx vertx = Vertx.vertx();
  final String base;
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();

  TelegramSandbox() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    vertx.deployVerticle(SandboxVerticle::new, new DeploymentOptions().setConfig(new JsonObject().put("host", "127.0.0.1").put("port", port)))
        .await(30, TimeUnit.SECONDS);
    base = "http://127.0.0.1:" + port;
    post("/telegram/_sandbox/bots", new JsonObject().put("token", TOKEN).put("id", BOT_ID).put("username", "clipcast_bot"));
  }

  /** Seeds a channel where our bot has {@code membership} (a status string or a member object). */
  void channel(long id, String username, Object membership) throws Exception {
    JsonObject chat = new JsonObject().put("id", id).put("title", "Channel " + id).put("type", "channel")
        .put("admins", new JsonObject().put(Long.toString(BOT_ID), membership));
    if (username != null) chat.put("username", username);
    assertStatus(204, post("/telegram/_sandbox/chats", chat));
  }

  void fault(JsonObject rule) throws Exception {
    assertStatus(201, post("/_sandbox/faults", rule.put("platform", "telegram")));
  }

  void localServer(boolean local) throws Exception {
    assertStatus(200, post("/telegram/_sandbox/mode", new JsonObject().put("local", local)));
  }

  void reset() throws Exception {
    send(HttpRequest.newBuilder(URI.create(base + "/_sandbox/posts")).DELETE().build());
    send(HttpRequest.newBuilder(URI.create(base + "/_sandbox/faults?platform=telegram")).DELETE().build());
    localServer(false);
  }

  JsonArray posts() throws Exception {
    return new JsonObject(send(HttpRequest.newBuilder(URI.create(base + "/_sandbox/posts?platform=telegram")).GET().build()).body())
        .getJsonArray("items");
  }

  HttpResponse<String> post(String path, JsonObject body) throws Exception {
    return send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body.encode())).build());
  }

  /** A Bot API call with a JSON body. */
  HttpResponse<String> call(String token, String method, JsonObject params) throws Exception {
    return post("/telegram/api/bot" + token + "/" + method, params);
  }

  /** sendVideo as multipart/form-data: {@code fields} in order, then {@code file} as the part named {@code fileField}. */
  HttpResponse<String> sendVideo(String token, Map<String, String> fields, String fileField, Path file) throws Exception {
    String boundary = "b-" + UUID.randomUUID();
    StringBuilder head = new StringBuilder();
    fields.forEach((k, v) -> head.append("--").append(boundary).append("\r\nContent-Disposition: form-data; name=\"").append(k)
        .append("\"\r\n\r\n").append(v).append("\r\n"));
    List<HttpRequest.BodyPublisher> parts = new ArrayList<>();
    if (file != null) {
      head.append("--").append(boundary).append("\r\nContent-Disposition: form-data; name=\"").append(fileField)
          .append("\"; filename=\"clip.mp4\"\r\nContent-Type: video/mp4\r\n\r\n");
      parts.add(HttpRequest.BodyPublishers.ofString(head.toString(), StandardCharsets.UTF_8));
      parts.add(HttpRequest.BodyPublishers.ofFile(file));
      parts.add(HttpRequest.BodyPublishers.ofString("\r\n--" + boundary + "--\r\n"));
    } else {
      parts.add(HttpRequest.BodyPublishers.ofString(head + "--" + boundary + "--\r\n", StandardCharsets.UTF_8));
    }
    return send(HttpRequest.newBuilder(URI.create(base + "/telegram/api/bot" + token + "/sendVideo"))
        .header("Content-Type", "multipart/form-data; boundary=" + boundary)
        .POST(HttpRequest.BodyPublishers.concat(parts.toArray(HttpRequest.BodyPublisher[]::new))).build());
  }

  HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
    return http.send(HttpRequest.newBuilder(request, (k, v) -> true).timeout(Duration.ofSeconds(60)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  static void assertStatus(int expected, HttpResponse<String> r) {
    if (r.statusCode() != expected) throw new AssertionError("expected " + expected + ", got " + r.statusCode() + ": " + r.body());
  }

  @Override
  public void close() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
  }
}
