package io.clipcast.sandbox.youtube;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The resumable videos.insert in the simulator: sessions, chunks, probes, processing, its strictness, quota and faults. */
class YouTubeUploadSimulatorTest {
  private static final int UNIT = 262_144;
  private static final byte[] FILE = new byte[2 * UNIT + 70_000];
  private static YouTubeSandbox sb;
  private String token;

  static {
    new Random(11).nextBytes(FILE);
  }

  @BeforeAll
  static void start() throws Exception {
    sb = new YouTubeSandbox();
  }

  @AfterAll
  static void stop() throws Exception {
    sb.close();
  }

  @BeforeEach
  void reset() throws Exception {
    sb.delete("/_sandbox/faults");
    sb.delete("/_sandbox/posts");
    sb.delete("/youtube/_sandbox/quota");
    sb.control("/youtube/_sandbox/settings", new JsonObject().put("processingMs", 300).put("sessionTtlSeconds", 3600)
        .put("quotaModel", "uploads").put("uploadsPerDay", 100).put("unitsPerDay", 10_000).put("channelUploadsPer24h", 0)
        .put("rejectDuplicates", false));
    sb.control("/youtube/_sandbox/projects", new JsonObject().put("clientId", YouTubeSandbox.CLIENT_ID).put("audited", true));
    token = sb.control("/youtube/_sandbox/tokens", new JsonObject().put("clientId", YouTubeSandbox.CLIENT_ID)
        .put("channel", new JsonObject().put("id", "UCuploadTestChannel00001").put("title", "Uploads"))).getString("access_token");
  }

  private static JsonObject metadata(String title) {
    return new JsonObject().put("snippet", new JsonObject().put("title", title).put("description", "Short one #Shorts")
        .put("tags", new JsonArray().add("shorts").add("sandbox")).put("categoryId", "22"))
        .put("status", new JsonObject().put("privacyStatus", "public").put("selfDeclaredMadeForKids", false));
  }

  private YouTubeSandbox.Resp startSession(String query, Map<String, String> extra, JsonObject body) throws Exception {
    Map<String, String> h = new HashMap<>(Map.of("Authorization", "Bearer " + token, "Content-Type", "application/json; charset=UTF-8",
        "X-Upload-Content-Length", Integer.toString(FILE.length), "X-Upload-Content-Type", "video/mp4"));
    h.putAll(extra);
    h.values().removeIf(v -> v == null || v.isEmpty());
    return sb.send(HttpMethod.POST, YouTubeSandbox.UPLOAD + query, h, body == null ? null : body.toBuffer());
  }

  private String session() throws Exception {
    YouTubeSandbox.Resp r = startSession("?uploadType=resumable&part=snippet,status", Map.of(), metadata("My Short #Shorts"));
    assertEquals(200, r.status(), r.body());
    assertEquals("", r.body());
    String location = r.headers().get("Location");
    assertTrue(location.startsWith(sb.base + YouTubeSandbox.UPLOAD + "?uploadType=resumable&part=snippet,status&upload_id="), location);
    return location;
  }

  private YouTubeSandbox.Resp chunk(String session, int from, int to) throws Exception {
    return sb.send(HttpMethod.PUT, session, Map.of("Authorization", "Bearer " + token, "Content-Range",
        "bytes " + from + "-" + (to - 1) + "/" + FILE.length), Buffer.buffer(Arrays.copyOfRange(FILE, from, to)));
  }

  private YouTubeSandbox.Resp probe(String session) throws Exception {
    return sb.send(HttpMethod.PUT, session, Map.of("Authorization", "Bearer " + token, "Content-Range", "bytes */" + FILE.length,
        "Content-Length", "0"), null);
  }

  private JsonObject video(String id, String parts) throws Exception {
    YouTubeSandbox.Resp r = sb.get("/youtube/api/youtube/v3/videos?part=" + parts + "&id=" + id, token);
    assertEquals(200, r.status(), r.body());
    return r.json().getJsonArray("items").getJsonObject(0);
  }

  private static String sha256(byte[] b) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
  }

  private static JsonArray ledger() throws Exception {
    return new JsonObject(sb.get("/_sandbox/posts?platform=youtube", null).body()).getJsonArray("items");
  }

  @Test
  void chunksAnswer308WithRangeUntilTheLastOneCreatesTheVideoWhichThenProcesses() throws Exception {
    String s = session();
    YouTubeSandbox.Resp fresh = probe(s);
    assertEquals(308, fresh.status());
    assertNull(fresh.headers().get("Range"), "nothing stored yet");

    YouTubeSandbox.Resp first = chunk(s, 0, UNIT);
    assertEquals(308, first.status(), first.body());
    assertEquals("bytes=0-" + (UNIT - 1), first.headers().get("Range"));
    assertEquals("bytes=0-" + (UNIT - 1), probe(s).headers().get("Range"));
    assertEquals(308, chunk(s, UNIT, 2 * UNIT).status());

    YouTubeSandbox.Resp done = chunk(s, 2 * UNIT, FILE.length);
    assertEquals(201, done.status(), done.body());
    String id = done.json().getString("id");
    assertEquals(11, id.length());
    assertEquals("uploaded", done.json().getJsonObject("status").getString("uploadStatus"));
    assertEquals("My Short #Shorts", done.json().getJsonObject("snippet").getString("title"));

    YouTubeSandbox.Resp after = probe(s);
    assertEquals(200, after.status(), "a finished upload answers with its video");
    assertEquals(id, after.json().getString("id"));

    JsonArray posts = ledger();
    assertEquals(1, posts.size());
    assertEquals(sha256(FILE), posts.getJsonObject(0).getString("sha256"));
    assertEquals(FILE.length, posts.getJsonObject(0).getLong("bytes"));
    assertEquals("UCuploadTestChannel00001", posts.getJsonObject(0).getString("account"));
    assertEquals(id, posts.getJsonObject(0).getString("externalId"));

    JsonObject polled = video(id, "status,processingDetails");
    assertEquals("uploaded", polled.getJsonObject("status").getString("uploadStatus"));
    assertEquals("processing", polled.getJsonObject("processingDetails").getString("processingStatus"));
    Thread.sleep(350);
    polled = video(id, "status,processingDetails,statistics");
    assertEquals("processed", polled.getJsonObject("status").getString("uploadStatus"));
    assertEquals("succeeded", polled.getJsonObject("processingDetails").getString("processingStatus"));
    assertTrue(polled.getJsonObject("statistics").getValue("viewCount") instanceof String, "counts are strings");
  }

  @Test
  void theWholeFileMayGoInOneRequest() throws Exception {
    String s = session();
    YouTubeSandbox.Resp r = sb.send(HttpMethod.PUT, s, Map.of("Authorization", "Bearer " + token, "Content-Type", "video/mp4"),
        Buffer.buffer(FILE));
    assertEquals(201, r.status(), r.body());
    assertEquals(sha256(FILE), ledger().getJsonObject(0).getString("sha256"));
  }

  @Test
  void chunksMustBeWholeQuarterMebibytesStartWhereTheUploadStandsAndMatchItsSize() throws Exception {
    String s = session();
    YouTubeSandbox.Resp odd = chunk(s, 0, 100_000);
    assertEquals(400, odd.status());
    assertEquals("badRequest", odd.reason());
    assertTrue(odd.json().getJsonObject("error").getString("message").contains("262144"), odd.body());

    assertEquals(308, chunk(s, 0, UNIT).status());
    YouTubeSandbox.Resp gap = chunk(s, 2 * UNIT, FILE.length);
    assertEquals(400, gap.status());
    assertTrue(gap.json().getJsonObject("error").getString("message").contains("continues at byte " + UNIT), gap.body());

    YouTubeSandbox.Resp otherSize = sb.send(HttpMethod.PUT, s, Map.of("Content-Range", "bytes */" + (FILE.length + 1),
        "Content-Length", "0"), null);
    assertEquals(400, otherSize.status());
    YouTubeSandbox.Resp garbage = sb.send(HttpMethod.PUT, s, Map.of("Content-Range", "bytes=0-10/20"), Buffer.buffer("x".repeat(11)));
    assertEquals(400, garbage.status());
    assertEquals("bytes=0-" + (UNIT - 1), probe(s).headers().get("Range"), "refused requests stored nothing");

    String stranger = sb.control("/youtube/_sandbox/tokens", new JsonObject().put("clientId", YouTubeSandbox.CLIENT_ID)
        .put("channel", new JsonObject().put("id", "UCsomeoneElsesChannel001"))).getString("access_token");
    YouTubeSandbox.Resp foreign = sb.send(HttpMethod.PUT, s, Map.of("Authorization", "Bearer " + stranger, "Content-Range",
        "bytes */" + FILE.length, "Content-Length", "0"), null);
    assertEquals(403, foreign.status());
    assertEquals("forbidden", foreign.reason());

    YouTubeSandbox.Resp unknown = probe(YouTubeSandbox.UPLOAD + "?uploadType=resumable&part=snippet&upload_id=nope");
    assertEquals(404, unknown.status());
    assertEquals("notFound", unknown.reason());
  }

  @Test
  void anExpiredSessionUriAnswers404() throws Exception {
    sb.control("/youtube/_sandbox/settings", new JsonObject().put("sessionTtlSeconds", 0));
    String s = session();
    Thread.sleep(20);
    assertEquals(404, chunk(s, 0, UNIT).status());
  }

  @Test
  void startingASessionChecksTokenPartsMediaTypeAndMetadata() throws Exception {
    String q = "?uploadType=resumable&part=snippet,status";
    assertEquals("required", startSession(q, Map.of("Authorization", ""), metadata("t")).reason());
    YouTubeSandbox.Resp bad = startSession(q, Map.of("Authorization", "Bearer ya29.unknown"), metadata("t"));
    assertEquals(401, bad.status());
    assertEquals("authError", bad.reason());
    assertEquals("Invalid Credentials", bad.json().getJsonObject("error").getJsonArray("errors").getJsonObject(0).getString("message"));
    String readOnly = sb.control("/youtube/_sandbox/tokens", new JsonObject().put("clientId", YouTubeSandbox.CLIENT_ID)
        .put("scope", "https://www.googleapis.com/auth/youtube.readonly")).getString("access_token");
    YouTubeSandbox.Resp scope = startSession(q, Map.of("Authorization", "Bearer " + readOnly), metadata("t"));
    assertEquals(403, scope.status());
    assertEquals("insufficientPermissions", scope.reason());

    assertEquals("mediaBodyRequired", startSession("?part=snippet", Map.of(), metadata("t")).reason());
    assertEquals("required", startSession("?uploadType=resumable", Map.of(), metadata("t")).reason());
    assertEquals("unknownPart", startSession("?uploadType=resumable&part=snippet,nonsense", Map.of(), metadata("t")).reason());
    assertEquals("badContent", startSession(q, Map.of("X-Upload-Content-Type", "image/png"), metadata("t")).reason());

    assertEquals("invalidTitle", startSession(q, Map.of(), metadata("")).reason());
    assertEquals("invalidTitle", startSession(q, Map.of(), metadata("x".repeat(101))).reason());
    assertEquals("invalidTitle", startSession(q, Map.of(), metadata("a <b> title")).reason());
    JsonObject m = metadata("ok");
    m.getJsonObject("snippet").put("description", "é".repeat(2501));
    YouTubeSandbox.Resp desc = startSession(q, Map.of(), m);
    assertEquals(400, desc.status());
    assertEquals("youtube.video", desc.json().getJsonObject("error").getJsonArray("errors").getJsonObject(0).getString("domain"));
    assertEquals("invalidDescription", desc.reason(), "5002 bytes in 2501 characters");
    m = metadata("ok");
    m.getJsonObject("snippet").put("categoryId", "99");
    assertEquals("invalidCategoryId", startSession(q, Map.of(), m).reason());
    m = metadata("ok");
    m.getJsonObject("snippet").put("tags", new JsonArray().add("t".repeat(501)));
    assertEquals("invalidTags", startSession(q, Map.of(), m).reason());
    m = metadata("ok");
    m.getJsonObject("status").put("publishAt", "2030-01-01T00:00:00Z");
    assertEquals("invalidPublishAt", startSession(q, Map.of(), m).reason());
    assertEquals(0, ledger().size());
  }

  @Test
  void theProjectQuotaIsCountedInEitherModelAndTheChannelCapIsItsOwnError() throws Exception {
    String q = "?uploadType=resumable&part=snippet,status";
    sb.control("/youtube/_sandbox/settings", new JsonObject().put("quotaModel", "uploads").put("uploadsPerDay", 1));
    assertEquals(200, startSession(q, Map.of(), metadata("one")).status());
    YouTubeSandbox.Resp over = startSession(q, Map.of(), metadata("two"));
    assertEquals(403, over.status());
    assertEquals("quotaExceeded", over.reason());
    assertEquals("youtube.quota", over.json().getJsonObject("error").getJsonArray("errors").getJsonObject(0).getString("domain"));
    assertEquals(200, sb.get("/youtube/api/youtube/v3/channels?part=snippet&mine=true", token).status(),
        "in the current model reads come from their own 10,000 units");

    sb.delete("/youtube/_sandbox/quota");
    sb.control("/youtube/_sandbox/settings", new JsonObject().put("quotaModel", "units").put("unitsPerDay", 3201).put("insertUnitCost", 1600));
    assertEquals(200, startSession(q, Map.of(), metadata("one")).status());
    assertEquals(200, startSession(q, Map.of(), metadata("two")).status());
    assertEquals(200, sb.get("/youtube/api/youtube/v3/channels?part=snippet&mine=true", token).status());
    assertEquals("quotaExceeded", sb.get("/youtube/api/youtube/v3/channels?part=snippet&mine=true", token).reason());
    JsonObject usage = new JsonObject(sb.get("/youtube/_sandbox/quota", null).body());
    assertEquals(3201, usage.getJsonObject("projects").getJsonObject(YouTubeSandbox.CLIENT_ID).getLong("units"));

    sb.delete("/youtube/_sandbox/quota");
    sb.control("/youtube/_sandbox/settings", new JsonObject().put("quotaModel", "uploads").put("uploadsPerDay", 100).put("channelUploadsPer24h", 1));
    assertEquals(200, startSession(q, Map.of(), metadata("one")).status());
    YouTubeSandbox.Resp capped = startSession(q, Map.of(), metadata("two"));
    assertEquals(400, capped.status());
    assertEquals("uploadLimitExceeded", capped.reason());
  }

  @Test
  void aResetAfterNBytesOfTheUploadLosesOnlyTheChunkInFlightAndTheProbeSaysWhereToGoOn() throws Exception {
    String s = session();
    sb.control("/_sandbox/faults", new JsonObject().put("platform", "youtube").put("kind", "reset").put("match", "upload")
        .put("afterBytes", UNIT + 1000));
    assertEquals(308, chunk(s, 0, UNIT).status(), "the fault waits for its byte");
    assertThrows(Exception.class, () -> chunk(s, UNIT, 2 * UNIT), "connection dropped in the second chunk");
    YouTubeSandbox.Resp where = probe(s);
    assertEquals(308, where.status());
    assertEquals("bytes=0-" + (UNIT - 1), where.headers().get("Range"));
    assertEquals(308, chunk(s, UNIT, 2 * UNIT).status());
    assertEquals(201, chunk(s, 2 * UNIT, FILE.length).status());
    assertEquals(sha256(FILE), ledger().getJsonObject(0).getString("sha256"));
  }

  @Test
  void aProcessingFailureShowsInTheStatusAndNeverReachesTheLedger() throws Exception {
    sb.control("/_sandbox/faults", new JsonObject().put("platform", "youtube").put("kind", "processing_failure").put("match", "upload"));
    String s = session();
    assertEquals(308, chunk(s, 0, UNIT).status(), "the doomed upload is taken as usual");
    assertEquals(308, chunk(s, UNIT, 2 * UNIT).status());
    String videoId = chunk(s, 2 * UNIT, FILE.length).json().getString("id");
    Thread.sleep(350);
    JsonObject v = video(videoId, "status,processingDetails");
    assertEquals("failed", v.getJsonObject("status").getString("uploadStatus"));
    assertEquals("conversion", v.getJsonObject("status").getString("failureReason"));
    assertEquals("failed", v.getJsonObject("processingDetails").getString("processingStatus"));
    assertEquals(0, ledger().size());
  }

  @Test
  void apiFaultsComeInGooglesEnvelope() throws Exception {
    sb.control("/_sandbox/faults", new JsonObject().put("platform", "youtube").put("kind", "token_expired").put("match", "videos.list"));
    YouTubeSandbox.Resp expired = sb.get("/youtube/api/youtube/v3/videos?part=status&id=abc", token);
    assertEquals(401, expired.status());
    assertEquals("authError", expired.reason());
    sb.control("/_sandbox/faults", new JsonObject().put("platform", "youtube").put("kind", "http_error").put("status", 503)
        .put("match", "videos.insert"));
    YouTubeSandbox.Resp down = startSession("?uploadType=resumable&part=snippet,status", Map.of(), metadata("t"));
    assertEquals(503, down.status());
    assertEquals("serviceUnavailable", down.reason());
    sb.control("/_sandbox/faults", new JsonObject().put("platform", "youtube").put("kind", "rate_limit").put("match", "videos.insert")
        .put("retryAfterSeconds", 7));
    YouTubeSandbox.Resp slow = startSession("?uploadType=resumable&part=snippet,status", Map.of(), metadata("t"));
    assertEquals(403, slow.status());
    assertEquals("rateLimitExceeded", slow.reason());
    assertEquals("7", slow.headers().get("Retry-After"));
    assertNotNull(video(startAndFinish(), "id").getString("id"));
  }

  private String startAndFinish() throws Exception {
    String s = session();
    YouTubeSandbox.Resp r = sb.send(HttpMethod.PUT, s, Map.of("Authorization", "Bearer " + token), Buffer.buffer(FILE));
    assertEquals(201, r.status(), r.body());
    return r.json().getString("id");
  }

  @Test
  void anUnauditedProjectsUploadsArePrivateAndADuplicateFileIsRejected() throws Exception {
    sb.control("/youtube/_sandbox/settings", new JsonObject().put("rejectDuplicates", true));
    sb.control("/youtube/_sandbox/projects", new JsonObject().put("clientId", YouTubeSandbox.CLIENT_ID).put("audited", false));
    token = sb.control("/youtube/_sandbox/tokens", new JsonObject().put("clientId", YouTubeSandbox.CLIENT_ID)
        .put("channel", new JsonObject().put("id", "UCduplicatesTestChannel1"))).getString("access_token");
    String first = startAndFinish();
    String second = startAndFinish();
    Thread.sleep(350);
    assertEquals("private", video(first, "status").getJsonObject("status").getString("privacyStatus"), "forced private until audited");
    assertEquals("processed", video(first, "status").getJsonObject("status").getString("uploadStatus"));
    JsonObject dup = video(second, "status").getJsonObject("status");
    assertEquals("rejected", dup.getString("uploadStatus"));
    assertEquals("duplicate", dup.getString("rejectionReason"));
    assertEquals(1, ledger().size(), "the rejected copy never went live");
    assertEquals("private", ledger().getJsonObject(0).getJsonObject("extra").getString("privacyStatus"));
  }

  @Test
  void anUnauditedProjectsPublicUploadIsLockedToPrivateOnceProcessedAndAnAuditedOnesStaysPublic() throws Exception {
    sb.control("/youtube/_sandbox/projects", new JsonObject().put("clientId", YouTubeSandbox.CLIENT_ID).put("audited", false));
    String locked = startAndFinish();
    assertEquals("public", video(locked, "status").getJsonObject("status").getString("privacyStatus"), "as asked while processing");
    Thread.sleep(350);
    assertEquals("private", video(locked, "status").getJsonObject("status").getString("privacyStatus"), "locked once processed");
    sb.control("/youtube/_sandbox/projects", new JsonObject().put("clientId", YouTubeSandbox.CLIENT_ID).put("audited", true));
    String open = startAndFinish();
    Thread.sleep(350);
    assertEquals("public", video(open, "status").getJsonObject("status").getString("privacyStatus"));
    assertTrue(sb.get("/youtube/_sandbox/projects", null).json().getJsonArray("audited").contains(YouTubeSandbox.CLIENT_ID));
  }

  @Test
  void repeatedPartAndIdParametersCountLikeACommaList() throws Exception {
    String id = startAndFinish();
    YouTubeSandbox.Resp r = sb.get("/youtube/api/youtube/v3/videos?part=status&part=processingDetails&id=" + id + "&id=nosuchvideo1", token);
    assertEquals(200, r.status(), r.body());
    JsonObject v = r.json().getJsonArray("items").getJsonObject(0);
    assertNotNull(v.getJsonObject("status"), r.body());
    assertNotNull(v.getJsonObject("processingDetails"), r.body());
  }

  private static byte[] gzip(byte[] bytes) throws Exception {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    try (java.util.zip.GZIPOutputStream z = new java.util.zip.GZIPOutputStream(out)) {
      z.write(bytes);
    }
    return out.toByteArray();
  }

  @Test
  void gzippedMetadataAndGzippedChunksAreInflatedAsGooglesServersDo() throws Exception {
    Map<String, String> h = Map.of("Authorization", "Bearer " + token, "Content-Type", "application/json; charset=UTF-8",
        "Content-Encoding", "gzip", "X-Upload-Content-Type", "video/mp4");
    YouTubeSandbox.Resp start = sb.send(HttpMethod.POST, YouTubeSandbox.UPLOAD + "?uploadType=resumable&part=snippet&part=status", h,
        Buffer.buffer(gzip(metadata("Gzipped Short").toBuffer().getBytes())));
    assertEquals(200, start.status(), start.body());
    String s = start.headers().get("Location");
    int first = 262_144;
    YouTubeSandbox.Resp mid = sb.send(HttpMethod.PUT, s, Map.of("Authorization", "Bearer " + token, "Content-Encoding", "gzip",
        "Content-Range", "bytes 0-" + (first - 1) + "/*"), Buffer.buffer(gzip(Arrays.copyOfRange(FILE, 0, first))));
    assertEquals(308, mid.status(), mid.body());
    assertEquals("bytes=0-" + (first - 1), mid.headers().get("Range"), "the inflated bytes count");
    YouTubeSandbox.Resp last = sb.send(HttpMethod.PUT, s, Map.of("Authorization", "Bearer " + token, "Content-Encoding", "gzip",
        "Content-Range", "bytes " + first + "-" + (FILE.length - 1) + "/" + FILE.length),
        Buffer.buffer(gzip(Arrays.copyOfRange(FILE, first, FILE.length))));
    assertEquals(201, last.status(), last.body());
    assertEquals("Gzipped Short", last.json().getJsonObject("snippet").getString("title"));
    assertNotNull(last.json().getJsonObject("status"), "both repeated parts are answered: " + last.body());
    assertEquals(sha256(FILE), ledger().getJsonObject(0).getString("sha256"));

    YouTubeSandbox.Resp broken = sb.send(HttpMethod.POST, YouTubeSandbox.UPLOAD + "?uploadType=resumable&part=snippet", h,
        Buffer.buffer("not gzip at all"));
    assertEquals(400, broken.status());
    assertEquals("parseError", broken.reason());
  }
}
