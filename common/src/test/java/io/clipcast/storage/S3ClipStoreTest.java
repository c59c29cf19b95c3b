package io.clipcast.storage;

import io.clipcast.config.ConfigLayers;
import io.clipcast.testing.EmbeddedS3;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The contract against a real S3 server (s3proxy in this JVM, objects on disk), plus presigned URLs. */
class S3ClipStoreTest extends ClipStoreContract {
  private static final AtomicInteger buckets = new AtomicInteger();
  private static Path dir;
  private static EmbeddedS3 s3;
  private String bucket;

  @BeforeAll
  static void startS3() throws Exception {
    dir = Files.createTempDirectory("clipcast-s3-");
    s3 = EmbeddedS3.start(dir);
  }

  @AfterAll
  static void stopS3() throws Exception {
    s3.close();
    try (var walk = Files.walk(dir)) {
      walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  @Override
  ClipStore newStore(long limit) {
    bucket = "clips-" + buckets.incrementAndGet();
    s3.createBucket(bucket);
    return ClipStores.fromConfig(vertx, config(limit));
  }

  @Override
  List<String> files() throws Exception {
    return s3.filesOf(bucket);
  }

  private JsonObject config(long limit) {
    return ConfigLayers.fromDefaults().overlay(new JsonObject().put("storage", s3.storageConfig(bucket, limit)), "test").build();
  }

  @Test
  void isWhatStorageKindS3Builds() {
    assertInstanceOf(S3ClipStore.class, store);
  }

  @Test
  void aPresignedUrlServesTheClipToAPlainHttpClient() throws Exception {
    GeneratedStream body = GeneratedStream.of(ctx, 2L * MIB + 5);
    on(() -> store.put("clips/u1/pull.mp4", body, 2L * MIB + 5));

    String url = on(() -> store.presignedGetUrl("clips/u1/pull.mp4", Duration.ofMinutes(15)));
    assertTrue(url.contains("X-Amz-Signature=") && url.contains("X-Amz-Expires=900"), url);
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    HttpResponse<byte[]> got = http.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
    assertEquals(200, got.statusCode());
    assertEquals(2L * MIB + 5, got.body().length);
    assertEquals(body.sha256(), HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(got.body())));
    assertEquals("video/mp4", got.headers().firstValue("Content-Type").orElse(""), "stored with the clip's media type");

    String tampered = url.replace("pull.mp4", "other.mp4");
    assertEquals(403, http.send(HttpRequest.newBuilder(URI.create(tampered)).GET().build(), HttpResponse.BodyHandlers.discarding()).statusCode(),
        "the signature covers the key");
    assertInstanceOf(IllegalArgumentException.class, failure(() -> store.presignedGetUrl("clips/u1/pull.mp4", Duration.ofDays(8))));
  }

  @Test
  void wrongCredentialsAreReportedAsSuch() {
    JsonObject config = config(LIMIT);
    config.getJsonObject("storage").getJsonObject("s3").put("secretKey", "wrong");
    ClipStore wrong = ClipStores.fromConfig(vertx, config);
    on(() -> store.put("clips/a.mp4", GeneratedStream.of(ctx, 10), 10));
    Throwable e = failure(() -> wrong.open("clips/a.mp4"));
    assertTrue(e.getMessage().contains("403") && e.getMessage().contains("storage.s3"), e.getMessage());
    on(() -> wrong.close());
  }

  @Test
  void partSizeKeepsTheLargestUploadWithinTenThousandParts() {
    assertEquals(5 * MIB, S3ClipStore.partSizeFor(2L * 1024 * MIB));
    assertEquals(11 * MIB, S3ClipStore.partSizeFor(100L * 1024 * MIB));
  }
}
