package io.clipcast.sandbox.linkedin;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

import static io.clipcast.sandbox.linkedin.LinkedInSandbox.enc;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The versioned REST gate and the Videos API of the simulator: headers, owners, parts, ETags, finalize and processing. */
class LinkedInVideosSimulatorTest {
  private static final String MEMBER = "videoMember1";
  private static final String ME = "urn:li:person:" + MEMBER;
  private static final int PART = 64 * 1024;
  private static LinkedInSandbox sb;
  private static String token;

  @BeforeAll
  static void start() throws Exception {
    sb = new LinkedInSandbox();
    token = sb.token(MEMBER);
    sb.control("/linkedin/_sandbox/organizations", new JsonObject().put("id", 80001).put("name", "Mine").put("admins", new JsonArray().add(MEMBER)));
    sb.control("/linkedin/_sandbox/organizations", new JsonObject().put("id", 80002).put("name", "Theirs").put("admins", new JsonArray()));
  }

  @AfterAll
  static void stop() throws Exception {
    sb.close();
  }

  @BeforeEach
  void reset() throws Exception {
    sb.clear();
    sb.control("/linkedin/_sandbox/settings", new JsonObject().put("partSizeBytes", PART).put("minFileBytes", 1).put("processingMs", 150)
        .put("uploadUrlTtlSeconds", 3600));
  }

  private static JsonObject errorOf(LinkedInSandbox.Resp r, int status) {
    assertEquals(status, r.status(), r.body());
    JsonObject e = r.json();
    assertEquals(status, e.getInteger("status"), r.body());
    assertNotNull(e.getString("message"), r.body());
    return e;
  }

  @Test
  void everyRestCallNeedsAnActiveVersionTheRestliHeaderAndAValidToken() throws Exception {
    String path = "/linkedin/api/rest/videos/" + enc("urn:li:video:nothing");
    Map<String, String> h = new LinkedHashMap<>(LinkedInSandbox.rest(token));
    h.remove("LinkedIn-Version");
    assertEquals("VERSION_MISSING", errorOf(sb.get(path, h), 400).getString("code"));
    h.put("LinkedIn-Version", "2026-01");
    errorOf(sb.get(path, h), 400);
    String sunset = java.time.YearMonth.now(java.time.ZoneOffset.UTC).minusMonths(13).format(java.time.format.DateTimeFormatter.ofPattern("yyyyMM"));
    h.put("LinkedIn-Version", sunset);
    assertEquals("NONEXISTENT_VERSION", errorOf(sb.get(path, h), 426).getString("code"));
    h.put("LinkedIn-Version", LinkedInSandbox.VERSION);
    h.remove("X-Restli-Protocol-Version");
    errorOf(sb.get(path, h), 400);
    h.put("X-Restli-Protocol-Version", "1.0.0");
    errorOf(sb.get(path, h), 400);
    h.put("X-Restli-Protocol-Version", "2.0.0");
    h.remove("Authorization");
    assertEquals(65600, errorOf(sb.get(path, h), 401).getInteger("serviceErrorCode"));
    h.put("Authorization", "Bearer not-a-token");
    assertEquals("INVALID_ACCESS_TOKEN", errorOf(sb.get(path, h), 401).getString("code"));
    h.put("Authorization", "Bearer " + token);
    assertEquals(404, sb.get(path, h).status(), "all headers right: the video simply does not exist");
    assertEquals(400, sb.get("/linkedin/api/rest/videos/urn:li:video:nothing", h).status(), "URNs in paths must be URL-encoded");

    sb.fault(new JsonObject().put("kind", "hang").put("match", "videos.get").put("delayMs", 300));
    long before = System.nanoTime();
    assertEquals(404, sb.get(path, h).status(), "answered normally, late");
    assertTrue(System.nanoTime() - before >= 300_000_000L);

    sb.fault(new JsonObject().put("kind", "token_expired").put("match", "videos.get"));
    assertEquals("EXPIRED_ACCESS_TOKEN", errorOf(sb.get(path, h), 401).getString("code"));
    sb.fault(new JsonObject().put("kind", "rate_limit").put("match", "videos.get").put("retryAfterSeconds", 7));
    LinkedInSandbox.Resp limited = sb.get(path, h);
    assertEquals("TOO_MANY_REQUESTS", errorOf(limited, 429).getString("code"));
    assertEquals("7", limited.headers().get("Retry-After"));
  }

  @Test
  void initializeUploadChecksTheRequestAndTheOwner() throws Exception {
    String p = "/rest/videos?action=initializeUpload";
    errorOf(sb.restPost(token, p, new JsonObject().put("owner", ME).put("fileSizeBytes", 10)), 400);
    errorOf(sb.restPost(token, p, new JsonObject().put("initializeUploadRequest", new JsonObject().put("owner", "urn:li:member:1")
        .put("fileSizeBytes", 10))), 400);
    errorOf(sb.restPost(token, p, new JsonObject().put("initializeUploadRequest", new JsonObject().put("owner", ME)
        .put("fileSizeBytes", "10"))), 400);
    errorOf(sb.restPost(token, "/rest/videos?action=upload", new JsonObject()), 400);
    sb.control("/linkedin/_sandbox/settings", new JsonObject().put("minFileBytes", 75 * 1024).put("maxFileBytes", 500L * 1024 * 1024));
    assertTrue(errorOf(sb.restPost(token, p, new JsonObject().put("initializeUploadRequest", new JsonObject().put("owner", ME)
        .put("fileSizeBytes", 1000))), 400).getString("message").contains("fileSizeBytes"));
    errorOf(sb.restPost(token, p, new JsonObject().put("initializeUploadRequest", new JsonObject().put("owner", ME)
        .put("fileSizeBytes", 500L * 1024 * 1024 + 1))), 400);

    LinkedInSandbox.Resp other = sb.restPost(token, p, new JsonObject().put("initializeUploadRequest", new JsonObject()
        .put("owner", "urn:li:person:someoneElse").put("fileSizeBytes", 100_000)));
    assertEquals(403, other.status());
    assertEquals(new JsonObject().put("message", "Accessing this video resource is forbidden. Please check your permissions for this resource")
        .put("status", 403), other.json());
    assertEquals(403, sb.restPost(token, p, new JsonObject().put("initializeUploadRequest", new JsonObject()
        .put("owner", "urn:li:organization:80002").put("fileSizeBytes", 100_000))).status(), "not an admin of that Page");
    String memberOnly = sb.token(MEMBER, "openid w_member_social");
    assertEquals("ACCESS_DENIED", errorOf(sb.restPost(memberOnly, p, new JsonObject().put("initializeUploadRequest", new JsonObject()
        .put("owner", "urn:li:organization:80001").put("fileSizeBytes", 100_000))), 403).getString("code"), "w_organization_social missing");

    // 4 MiB parts by default, the last one shorter (docs/platforms/linkedin.md example: 0-4194303, 4194304-5242879)
    sb.control("/linkedin/_sandbox/settings", new JsonObject().put("partSizeBytes", 4L * 1024 * 1024));
    JsonObject value = sb.initialize(token, "urn:li:organization:80001", 5_242_880);
    JsonArray parts = value.getJsonArray("uploadInstructions");
    assertEquals(2, parts.size());
    assertEquals(0, parts.getJsonObject(0).getLong("firstByte"));
    assertEquals(4_194_303, parts.getJsonObject(0).getLong("lastByte"));
    assertEquals(4_194_304, parts.getJsonObject(1).getLong("firstByte"));
    assertEquals(5_242_879, parts.getJsonObject(1).getLong("lastByte"));
    assertNotEquals(parts.getJsonObject(0).getString("uploadUrl"), parts.getJsonObject(1).getString("uploadUrl"));
    assertTrue(value.getString("video").startsWith("urn:li:video:"));
    assertTrue(value.getLong("uploadUrlsExpireAt") > System.currentTimeMillis());
    assertEquals("WAITING_UPLOAD", sb.video(token, value.getString("video")).getString("status"));
  }

  @Test
  void partsMustComeInOrderWithExactlyTheirBytesToUnexpiredUrls() throws Exception {
    byte[] file = LinkedInSandbox.bytes(PART * 2 + 1000, 1);
    JsonObject value = sb.initialize(token, ME, file.length);
    JsonArray parts = value.getJsonArray("uploadInstructions");
    assertEquals(3, parts.size());
    String url0 = parts.getJsonObject(0).getString("uploadUrl");
    String url1 = parts.getJsonObject(1).getString("uploadUrl");

    errorOf(sb.putPart(url1, Arrays.copyOfRange(file, PART, 2 * PART)), 400);                      // part 0 is still missing
    errorOf(sb.putPart(url0, Arrays.copyOfRange(file, 0, PART - 1)), 400);                         // one byte short
    errorOf(sb.putPart(url0, Arrays.copyOfRange(file, 0, PART + 1)), 400);                         // one byte long
    errorOf(sb.send(HttpMethod.PUT, url0, Map.of("Content-Type", "video/mp4"), Buffer.buffer(Arrays.copyOfRange(file, 0, PART))), 400);
    errorOf(sb.send(HttpMethod.PUT, url0, Map.of("Content-Type", "application/octet-stream", "Content-Range", "bytes 1-65536/" + file.length),
        Buffer.buffer(Arrays.copyOfRange(file, 0, PART))), 400);
    errorOf(sb.putPart(url0.replaceAll("ut=[^&]+", "ut=forged"), Arrays.copyOfRange(file, 0, PART)), 404);

    LinkedInSandbox.Resp ok = sb.putPart(url0, Arrays.copyOfRange(file, 0, PART));
    assertEquals(200, ok.status(), ok.body());
    assertTrue(ok.body().isEmpty());
    String etag0 = ok.headers().get("ETag");
    assertNotNull(etag0);
    assertEquals(etag0, sb.putPart(url0, Arrays.copyOfRange(file, 0, PART)).headers().get("ETag"), "the same bytes again: the same ETag");

    sb.fault(new JsonObject().put("kind", "token_expired").put("match", "upload"));
    errorOf(sb.putPart(url1, Arrays.copyOfRange(file, PART, 2 * PART)), 401);

    sb.control("/linkedin/_sandbox/settings", new JsonObject().put("uploadUrlTtlSeconds", 0));
    JsonObject expiring = sb.initialize(token, ME, file.length);
    Thread.sleep(5);
    errorOf(sb.putPart(expiring.getJsonArray("uploadInstructions").getJsonObject(0).getString("uploadUrl"), Arrays.copyOfRange(file, 0, PART)), 401);
  }

  @Test
  void finalizeNeedsTheUploadTokenAndEveryEtagInOrderThenProcessingEnds() throws Exception {
    byte[] file = LinkedInSandbox.bytes(PART * 2 + 10, 2);
    JsonObject value = sb.initialize(token, ME, file.length);
    String video = value.getString("video");
    String uploadToken = value.getString("uploadToken");
    assertTrue(!uploadToken.isEmpty(), "a multipart upload names its session");

    JsonObject partial = new JsonObject().put("uploadInstructions", new JsonArray().add(value.getJsonArray("uploadInstructions").getValue(0)));
    JsonArray first = sb.uploadParts(partial, file);
    errorOf(sb.finalizeUpload(token, video, uploadToken, first), 400);                              // parts missing
    JsonArray etags = sb.uploadParts(value, file);
    errorOf(sb.finalizeUpload(token, video, "wrong-token", etags), 400);
    errorOf(sb.finalizeUpload(token, video, uploadToken, new JsonArray().add(etags.getValue(0)).add(etags.getValue(1))), 400);
    errorOf(sb.finalizeUpload(token, video, uploadToken, new JsonArray().add(etags.getValue(1)).add(etags.getValue(0)).add(etags.getValue(2))), 400);
    errorOf(sb.finalizeUpload(token, video, uploadToken, new JsonArray().add("x").add("y").add("z")), 400);
    errorOf(sb.restPost(token, "/rest/videos?action=finalizeUpload", new JsonObject().put("finalizeUploadRequest", new JsonObject()
        .put("video", video).put("uploadedPartIds", etags))), 400);                                  // uploadToken missing
    String stranger = sb.token("someoneElse");
    assertEquals(403, sb.finalizeUpload(stranger, video, uploadToken, etags).status());

    sb.control("/linkedin/_sandbox/settings", new JsonObject().put("processingMs", 300));
    LinkedInSandbox.Resp done = sb.finalizeUpload(token, video, uploadToken, etags);
    assertEquals(200, done.status(), done.body());
    assertEquals("PROCESSING", sb.video(token, video).getString("status"));
    errorOf(sb.finalizeUpload(token, video, uploadToken, etags), 400);                              // already finalized
    Thread.sleep(350);
    JsonObject available = sb.video(token, video);
    assertEquals("AVAILABLE", available.getString("status"));
    assertEquals(ME, available.getString("owner"));
    assertNotNull(available.getString("downloadUrl"));
  }

  @Test
  void aProcessingFailureFaultEndsInProcessingFailedWithAReason() throws Exception {
    byte[] file = LinkedInSandbox.bytes(1000, 3);
    JsonObject value = sb.initialize(token, ME, file.length);
    assertEquals("", value.getString("uploadToken"), "a single-part upload has an empty token");
    JsonArray etags = sb.uploadParts(value, file);
    sb.fault(new JsonObject().put("kind", "processing_failure").put("match", "finalizeUpload"));
    assertEquals(200, sb.finalizeUpload(token, value.getString("video"), "", etags).status());
    Thread.sleep(200);
    JsonObject v = sb.video(token, value.getString("video"));
    assertEquals("PROCESSING_FAILED", v.getString("status"));
    assertTrue(v.getString("processingFailureReason").contains("could not be transcoded"), v.encode());
  }
}
