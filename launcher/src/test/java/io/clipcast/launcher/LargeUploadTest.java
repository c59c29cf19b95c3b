package io.clipcast.launcher;

import io.clipcast.testing.TestServices;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Streaming proof: a node limited to a 256 MB heap accepts a 1 GB clip. The clip is a real MP4 layout (the fixture's
 * ftyp and moov around a 1 GB mdat) generated on the fly, so neither side ever holds it.
 */
class LargeUploadTest {
  private static final long MDAT_PAYLOAD = 1L << 30;

  @TempDir
  Path work;

  @Test
  void oneGigabyteClipUnderA256MegabyteHeap() throws Exception {
    JsonObject shared = TestServices.get().config();
    int http = TestServices.freePort();
    Map<String, String> env = new HashMap<>();
    env.put("CLIPCAST_HTTP_HOST", "127.0.0.1");
    env.put("CLIPCAST_HTTP_PORT", Integer.toString(http));
    env.put("CLIPCAST_DB_PORT", shared.getJsonObject("db").getInteger("port").toString());
    env.put("CLIPCAST_DB_DATABASE", shared.getJsonObject("db").getString("database"));
    env.put("CLIPCAST_REDIS_URL", shared.getJsonObject("redis").getString("url"));
    env.put("CLIPCAST_AUTH_JWT_SECRET", shared.getJsonObject("auth").getString("jwtSecret"));
    env.put("CLIPCAST_STORAGE_LOCAL_DIR", work.resolve("clips").toString());
    env.put("CLIPCAST_STORAGE_STAGING_DIR", work.resolve("staging").toString());
    env.put("CLIPCAST_VERTICLES_SCHEDULER", "0");
    env.put("CLIPCAST_VERTICLES_PUBLISH", "0");
    env.put("CLIPCAST_VERTICLES_STATS", "0");
    String base = "http://127.0.0.1:" + http;
    try (ChildJvm node = ChildJvm.start(work.resolve("node"), env, "run")) { // ChildJvm runs with -Xmx256m
      Http.await(base + "/ready", r -> r.statusCode() == 200, Duration.ofSeconds(120));
      HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
      HttpResponse<String> reg = client.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/auth/register"))
          .header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString("{\"email\":\"big@example.com\",\"password\":\"correct horse battery\"}")).build(),
          HttpResponse.BodyHandlers.ofString());
      String token = new JsonObject(reg.body()).getString("accessToken");

      byte[][] parts = boxes();
      long total = parts[0].length + 16 + MDAT_PAYLOAD + parts[1].length;
      long t0 = System.nanoTime();
      HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/clips?fileName=big.mp4"))
          .header("Authorization", "Bearer " + token).header("Content-Type", "video/mp4").timeout(Duration.ofMinutes(5))
          .POST(HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofInputStream(() -> stream(parts)), total)).build(),
          HttpResponse.BodyHandlers.ofString());
      long ms = (System.nanoTime() - t0) / 1_000_000;
      assertEquals(201, r.statusCode(), r.body() + "\n" + node.output());
      JsonObject clip = new JsonObject(r.body());
      assertEquals("ready", clip.getString("status"));
      assertEquals(total, clip.getLong("sizeBytes"));
      assertEquals(1080, clip.getInteger("width"));
      assertTrue(node.process.isAlive(), "the node survived");
      assertTrue(!node.output().contains("OutOfMemoryError"), node.output());
      System.out.printf("large upload: %d MB in %d ms under -Xmx256m (%.0f MB/s)%n", total >> 20, ms, (total / 1048576.0) / (ms / 1000.0));
    }
  }

  /** The fixture's ftyp and moov boxes (its moov sits after its mdat). */
  private static byte[][] boxes() throws Exception {
    byte[] f;
    try (InputStream in = LargeUploadTest.class.getClassLoader().getResourceAsStream("media/portrait_h264_aac_moov_at_end.mp4")) {
      f = in.readAllBytes();
    }
    ByteArrayOutputStream ftyp = new ByteArrayOutputStream();
    ByteArrayOutputStream moov = new ByteArrayOutputStream();
    int at = 0;
    while (at + 8 <= f.length) {
      int size = ByteBuffer.wrap(f, at, 4).getInt();
      String type = new String(f, at + 4, 4, java.nio.charset.StandardCharsets.US_ASCII);
      if (type.equals("ftyp")) ftyp.write(f, at, size);
      if (type.equals("moov")) moov.write(f, at, size);
      at += size;
    }
    return new byte[][] {ftyp.toByteArray(), moov.toByteArray()};
  }

  /** ftyp, a 64-bit-size mdat of zeros, moov — produced as it is read. */
  private static InputStream stream(byte[][] parts) {
    ByteBuffer header = ByteBuffer.allocate(16).putInt(1).put("mdat".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putLong(16 + MDAT_PAYLOAD);
    byte[] head = new byte[parts[0].length + 16];
    System.arraycopy(parts[0], 0, head, 0, parts[0].length);
    System.arraycopy(header.array(), 0, head, parts[0].length, 16);
    return new java.io.SequenceInputStream(java.util.Collections.enumeration(java.util.List.of(
        new java.io.ByteArrayInputStream(head), new ZeroStream(MDAT_PAYLOAD), new java.io.ByteArrayInputStream(parts[1]))));
  }

  private static final class ZeroStream extends InputStream {
    private long left;

    ZeroStream(long n) {
      left = n;
    }

    @Override
    public int read() {
      if (left == 0) return -1;
      left--;
      return 0;
    }

    @Override
    public int read(byte[] b, int off, int len) {
      if (left == 0) return -1;
      int n = (int) Math.min(len, left);
      java.util.Arrays.fill(b, off, off + n, (byte) 0);
      left -= n;
      return n;
    }
  }
}
