package io.clipcast.api;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Clip upload, probe on ingest, checks against platform rules, signed download links, tenant isolation. */
class ClipsApiTest {
  private static ApiFixture api;

  @BeforeAll
  static void start() {
    api = new ApiFixture(new JsonObject().put("storage", new JsonObject().put("maxUploadBytes", 400_000)));
  }

  @AfterAll
  static void stop() {
    api.close();
  }

  static byte[] fixture(String name) throws Exception {
    try (InputStream in = ClipsApiTest.class.getClassLoader().getResourceAsStream("media/" + name)) {
      return in.readAllBytes();
    }
  }

  static HttpResponse<String> upload(String token, byte[] bytes, String type, String fileName) throws Exception {
    return upload(api, token, bytes, type, fileName);
  }

  static HttpResponse<String> upload(ApiFixture api, String token, byte[] bytes, String type, String fileName) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(api.base + "/api/v1/clips" + (fileName == null ? "" : "?fileName="
        + java.net.URLEncoder.encode(fileName, StandardCharsets.UTF_8)))).header("Authorization", "Bearer " + token)
        .POST(HttpRequest.BodyPublishers.ofByteArray(bytes));
    if (type != null) b.header("Content-Type", type);
    return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build().send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void aRealVideoBecomesReadyWithWhatTheProbeFound() throws Exception {
    ApiFixture.User u = api.user("pro");
    byte[] mp4 = fixture("portrait_h264_aac_faststart.mp4");
    HttpResponse<String> r = upload(u.token(), mp4, "video/mp4", "Мой клип 🎬.mp4");
    assertEquals(201, r.statusCode(), r.body());
    JsonObject clip = new JsonObject(r.body());
    assertEquals("ready", clip.getString("status"));
    assertEquals(1080, clip.getInteger("width"));
    assertEquals(1920, clip.getInteger("height"));
    assertEquals(2000, clip.getLong("durationMs"));
    assertEquals("h264", clip.getString("videoCodec"));
    assertEquals("aac", clip.getString("audioCodec"));
    assertEquals(mp4.length, clip.getLong("sizeBytes"));
    assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(mp4)), clip.getString("sha256"));
    assertEquals("Мой клип 🎬.mp4", clip.getString("fileName"));

    // which platforms take it: too short for Instagram (3 s minimum), fine for Telegram
    JsonArray checks = api.send("POST", "/api/v1/clips/" + clip.getString("id") + "/check?platforms=telegram,instagram", u.token(), null, null)
        .json().getJsonArray("items");
    assertTrue(checks.getJsonObject(0).getBoolean("accepted"));
    assertEquals(false, checks.getJsonObject(1).getBoolean("accepted"));
    assertTrue(checks.getJsonObject(1).getJsonArray("problems").getString(0).contains("at least 3 s"), checks.encode());
    // and too small for LinkedIn (75 KB minimum in conf/platforms/linkedin.json): the 66 KB fixture is refused with both sizes
    JsonObject linkedin = api.send("POST", "/api/v1/clips/" + clip.getString("id") + "/check?platforms=linkedin", u.token(), null, null)
        .json().getJsonArray("items").getJsonObject(0);
    assertEquals(false, linkedin.getBoolean("accepted"), linkedin.encode());
    assertTrue(linkedin.getJsonArray("problems").encode().contains("at least 75 KB; this clip is 66 KB"), linkedin.encode());

    // a signed link serves the bytes; a tampered one does not
    String path = api.send("POST", "/api/v1/clips/" + clip.getString("id") + "/media-url", u.token(), null, null).json().getString("path");
    HttpResponse<byte[]> media = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build().send(HttpRequest.newBuilder(URI.create(api.base + path)).build(),
        HttpResponse.BodyHandlers.ofByteArray());
    assertEquals(200, media.statusCode());
    assertArrayEquals(mp4, media.body());
    assertEquals(403, api.get(path.replace("sig=", "sig=x"), null).status());
    assertEquals(403, api.get(path.replaceAll("exp=\\d+", "exp=99999999999"), null).status(), "the expiry is signed too");
  }

  @Test
  void whatIsNotAVideoIsRejectedWithAClearReason() throws Exception {
    ApiFixture.User u = api.user("pro");
    HttpResponse<String> png = upload(u.token(), fixture("png_renamed.mp4"), "video/mp4", "cat.mp4");
    assertEquals(422, png.statusCode(), png.body());
    JsonObject e = new JsonObject(png.body()).getJsonObject("error");
    assertEquals("not_a_video", e.getString("code"));
    assertTrue(e.getString("message").contains("PNG"), e.getString("message"));
    assertEquals(1, api.count("SELECT count(*) FROM clips WHERE user_id = '" + u.id() + "' AND status = 'rejected'"));
    assertEquals(0, api.count("SELECT count(*) FROM clips WHERE user_id = '" + u.id() + "' AND status = 'ready'"));

    assertEquals(415, upload(u.token(), new byte[10], "text/plain", null).statusCode());
    HttpResponse<String> big = upload(u.token(), new byte[500_000], "video/mp4", null);
    assertEquals(413, big.statusCode());
    assertEquals("file_too_large", new JsonObject(big.body()).getJsonObject("error").getString("code"));
    HttpResponse<String> traversal = upload(u.token(), fixture("portrait_h264_aac_faststart.mp4"), "video/mp4", "../../etc/passwd");
    assertEquals(400, traversal.statusCode());
    assertEquals("fileName", new JsonObject(traversal.body()).getJsonObject("error").getString("field"));
  }

  @Test
  void anInterruptedUploadNeverBecomesReady() throws Exception {
    ApiFixture.User u = api.user("pro");
    byte[] mp4 = fixture("portrait_h264_aac_faststart.mp4");
    URI uri = URI.create(api.base);
    try (Socket s = new Socket(uri.getHost(), uri.getPort())) {
      OutputStream out = s.getOutputStream();
      out.write(("POST /api/v1/clips HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + u.token() + "\r\nContent-Type: video/mp4\r\n"
          + "Content-Length: " + mp4.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      out.write(mp4, 0, mp4.length / 3);
      out.flush();
      Thread.sleep(300);
    } // the client goes away mid-body
    long deadline = System.currentTimeMillis() + 5_000;
    while (api.count("SELECT count(*) FROM clips WHERE user_id = '" + u.id() + "' AND status = 'uploading'") > 0 && System.currentTimeMillis() < deadline) {
      Thread.sleep(50);
    }
    assertEquals(0, api.count("SELECT count(*) FROM clips WHERE user_id = '" + u.id() + "' AND status <> 'rejected'"));
    assertEquals(1, api.count("SELECT count(*) FROM clips WHERE user_id = '" + u.id() + "' AND reject_reason LIKE '%interrupted%'"));
  }

  @Test
  void clipsAreTheOwnersAlone() throws Exception {
    ApiFixture.User a = api.user("pro");
    ApiFixture.User b = api.user("pro");
    String id = new JsonObject(upload(a.token(), fixture("portrait_h264_aac_faststart.mp4"), "video/mp4", null).body()).getString("id");
    assertEquals(404, api.get("/api/v1/clips/" + id, b.token()).status());
    assertEquals(404, api.send("DELETE", "/api/v1/clips/" + id, b.token(), null, null).status());
    assertEquals(404, api.send("POST", "/api/v1/clips/" + id + "/check", b.token(), null, null).status());
    assertEquals(404, api.send("POST", "/api/v1/clips/" + id + "/media-url", b.token(), null, null).status());
    assertEquals(0, api.get("/api/v1/clips", b.token()).json().getJsonArray("items").size());
    assertEquals("ready", api.get("/api/v1/clips/" + id, a.token()).json().getString("status"), "unchanged");

    // a clip with a publication still to go out cannot be deleted; without one it can
    String conn = api.connection(a, "telegram", "connected");
    String pub = api.json("POST", "/api/v1/publications", a.token(), new JsonObject().put("clipId", id)
        .put("targets", new JsonArray().add(new JsonObject().put("connectionId", conn).put("caption", "x"))))
        .json().getJsonArray("items").getJsonObject(0).getString("id");
    assertEquals(409, api.send("DELETE", "/api/v1/clips/" + id, a.token(), null, null).status());
    assertEquals(200, api.send("POST", "/api/v1/publications/" + pub + "/cancel", a.token(), null, null).status());
    assertEquals(204, api.send("DELETE", "/api/v1/clips/" + id, a.token(), null, null).status());
    assertEquals(404, api.get("/api/v1/clips/" + id, a.token()).status());
  }
}
