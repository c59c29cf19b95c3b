package io.clipcast.api;

import io.clipcast.testing.EmbeddedS3;
import io.clipcast.testing.TestServices;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The clip API with {@code storage.kind = s3} against a real S3 server (s3proxy): uploads stream into the bucket, signed
 * media links serve the object's bytes, and nothing that is not a ready clip stays behind in the bucket.
 */
class S3ClipsApiTest {
  private static final String BUCKET = "clips-api";
  private static EmbeddedS3 s3;
  private static ApiFixture api;

  @BeforeAll
  static void start() throws Exception {
    s3 = EmbeddedS3.start(TestServices.get().root.resolve("s3-" + UUID.randomUUID()));
    s3.createBucket(BUCKET);
    api = new ApiFixture(new JsonObject().put("storage", s3.storageConfig(BUCKET, 400_000)));
  }

  @AfterAll
  static void stop() throws Exception {
    api.close();
    s3.close();
  }

  private static String storageKey(String clipId) {
    try (var c = java.sql.DriverManager.getConnection(TestServices.get().postgres.jdbcUrl(api.config.getJsonObject("db").getString("database")),
        TestServices.get().postgres.user(), ""); var st = c.createStatement();
         var rs = st.executeQuery("SELECT storage_key FROM clips WHERE id = '" + clipId + "'")) {
      return rs.next() ? rs.getString(1) : null;
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void anUploadedClipLivesInTheBucketAndItsSignedLinkServesTheSameBytes() throws Exception {
    ApiFixture.User u = api.user("pro");
    byte[] mp4 = ClipsApiTest.fixture("portrait_h264_aac_faststart.mp4");
    HttpResponse<String> r = ClipsApiTest.upload(api, u.token(), mp4, "video/mp4", "s3 clip.mp4");
    assertEquals(201, r.statusCode(), r.body());
    JsonObject clip = new JsonObject(r.body());
    assertEquals("ready", clip.getString("status"));
    assertEquals(1080, clip.getInteger("width"), "the probe read the object it streamed");
    assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(mp4)), clip.getString("sha256"));
    String key = storageKey(clip.getString("id"));
    assertTrue(s3.filesOf(BUCKET).contains(key), key + " in " + s3.filesOf(BUCKET));

    String path = api.send("POST", "/api/v1/clips/" + clip.getString("id") + "/media-url", u.token(), null, null).json().getString("path");
    HttpResponse<byte[]> media = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).build()
        .send(HttpRequest.newBuilder(URI.create(api.base + path)).build(), HttpResponse.BodyHandlers.ofByteArray());
    assertEquals(200, media.statusCode());
    assertArrayEquals(mp4, media.body());

    assertEquals(204, api.send("DELETE", "/api/v1/clips/" + clip.getString("id"), u.token(), null, null).status());
    assertTrue(!s3.filesOf(BUCKET).contains(key), "deleting the clip deletes the object");
  }

  @Test
  void rejectedTooLargeAndInterruptedUploadsLeaveNothingInTheBucket() throws Exception {
    ApiFixture.User u = api.user("pro");
    List<String> before = s3.filesOf(BUCKET);
    assertEquals(422, ClipsApiTest.upload(api, u.token(), ClipsApiTest.fixture("png_renamed.mp4"), "video/mp4", "cat.mp4").statusCode());
    assertEquals(413, ClipsApiTest.upload(api, u.token(), new byte[500_000], "video/mp4", null).statusCode());

    byte[] mp4 = ClipsApiTest.fixture("portrait_h264_aac_faststart.mp4");
    URI uri = URI.create(api.base);
    try (Socket s = new Socket(uri.getHost(), uri.getPort())) {
      OutputStream out = s.getOutputStream();
      out.write(("POST /api/v1/clips HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + u.token() + "\r\nContent-Type: video/mp4\r\n"
          + "Content-Length: " + mp4.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      out.write(mp4, 0, mp4.length / 3);
      out.flush();
      Thread.sleep(300);
    }
    long deadline = System.currentTimeMillis() + 5_000;
    while (api.count("SELECT count(*) FROM clips WHERE user_id = '" + u.id() + "' AND status = 'uploading'") > 0
        && System.currentTimeMillis() < deadline) {
      Thread.sleep(50);
    }
    assertEquals(0, api.count("SELECT count(*) FROM clips WHERE user_id = '" + u.id() + "' AND status = 'ready'"));
    assertEquals(before, s3.filesOf(BUCKET), "no object and no multipart parts left behind");
  }
}
