package io.clipcast.sandbox.linkedin;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static io.clipcast.sandbox.linkedin.LinkedInSandbox.enc;
import static io.clipcast.sandbox.linkedin.LinkedInSandbox.postBody;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The simulator's Posts API: what a post needs, the ledger, duplicates, the daily quota, the finder and social actions. */
class LinkedInPostsSimulatorTest {
  private static final String MEMBER = "postMember1";
  private static final String ME = "urn:li:person:" + MEMBER;
  private static final String PAGE = "urn:li:organization:70001";
  private static LinkedInSandbox sb;
  private static String token;

  @BeforeAll
  static void start() throws Exception {
    sb = new LinkedInSandbox();
    token = sb.token(MEMBER);
    sb.control("/linkedin/_sandbox/organizations", new JsonObject().put("id", 70001).put("name", "Page").put("admins", new JsonArray().add(MEMBER)));
  }

  @AfterAll
  static void stop() throws Exception {
    sb.close();
  }

  @BeforeEach
  void reset() throws Exception {
    sb.clear();
    sb.control("/linkedin/_sandbox/settings", new JsonObject().put("partSizeBytes", 32 * 1024).put("minFileBytes", 1).put("processingMs", 50)
        .put("memberDailyPosts", 150));
  }

  @Test
  void aPostOfAnAvailableVideoIsCreatedOnceAndRecordedByteExact() throws Exception {
    byte[] file = LinkedInSandbox.bytes(100_000, 11);
    String video = sb.availableVideo(token, ME, file);
    String commentary = "Launch day \\(finally\\) \\- 50% off\\! #clips \\@team \\_v2\\_";
    LinkedInSandbox.Resp created = sb.restPost(token, "/rest/posts", postBody(ME, video, commentary));
    assertEquals(201, created.status(), created.body());
    assertTrue(created.body().isEmpty());
    String urn = created.headers().get("x-restli-id");
    assertTrue(urn.matches("urn:li:share:\\d+"), urn);

    JsonArray ledger = sb.ledger();
    assertEquals(1, ledger.size());
    JsonObject post = ledger.getJsonObject(0);
    assertEquals(LinkedInSandbox.sha256(file), post.getString("sha256"));
    assertEquals(file.length, post.getLong("bytes"));
    assertEquals(urn, post.getString("externalId"));
    assertEquals(ME, post.getString("account"));
    assertEquals("Launch day (finally) \\- 50% off\\! #clips @team _v2_".replace("\\-", "-").replace("\\!", "!"), post.getString("caption"));

    LinkedInSandbox.Resp again = sb.restPost(token, "/rest/posts", postBody(ME, video, "again"));
    assertEquals(422, again.status());
    assertTrue(again.json().getString("message").contains("duplicate of " + urn), again.body());
    assertEquals(1, sb.ledger().size());

    JsonObject found = sb.restGet(token, "/rest/posts?q=author&author=" + enc(ME) + "&count=10").json();
    assertEquals(urn, found.getJsonArray("elements").getJsonObject(0).getString("id"));
    assertEquals(video, found.getJsonArray("elements").getJsonObject(0).getJsonObject("content").getJsonObject("media").getString("id"));
    assertEquals(400, sb.restGet(token, "/rest/posts?q=owner&owner=" + enc(ME)).status());

    sb.control("/linkedin/_sandbox/social", new JsonObject().put("post", urn).put("likes", 12).put("comments", 3));
    JsonObject social = sb.restGet(token, "/rest/socialActions/" + enc(urn)).json();
    assertEquals(12, social.getJsonObject("likesSummary").getLong("totalLikes"));
    assertEquals(3, social.getJsonObject("commentsSummary").getLong("aggregatedTotalComments"));
    assertEquals(404, sb.restGet(token, "/rest/socialActions/" + enc("urn:li:share:1")).status());
  }

  @Test
  void aPostIsRefusedUntilItsVideoIsAvailableAndWhenItIsMalformed() throws Exception {
    byte[] file = LinkedInSandbox.bytes(40_000, 12);
    JsonObject value = sb.initialize(token, ME, file.length);
    String video = value.getString("video");
    LinkedInSandbox.Resp waiting = sb.restPost(token, "/rest/posts", postBody(ME, video, "too early"));
    assertEquals(400, waiting.status());
    assertEquals("MEDIA_ASSET_WAITING_UPLOAD", waiting.json().getString("code"));

    sb.control("/linkedin/_sandbox/settings", new JsonObject().put("processingMs", 60_000));
    JsonArray etags = sb.uploadParts(value, file);
    assertEquals(200, sb.finalizeUpload(token, video, value.getString("uploadToken"), etags).status());
    assertEquals("MEDIA_ASSET_WAITING_UPLOAD", sb.restPost(token, "/rest/posts", postBody(ME, video, "processing")).json().getString("code"));

    sb.control("/linkedin/_sandbox/settings", new JsonObject().put("processingMs", 50));
    String ready = sb.availableVideo(token, ME, file);
    assertEquals(400, sb.restPost(token, "/rest/posts", postBody(ME, ready, "x").put("lifecycleState", "DRAFT")).status());
    assertEquals(400, sb.restPost(token, "/rest/posts", postBody(ME, ready, "x").put("visibility", "EVERYONE")).status());
    assertEquals(400, sb.restPost(token, "/rest/posts", postBody(ME, ready, "x").put("distribution", new JsonObject())).status());
    assertEquals(400, sb.restPost(token, "/rest/posts", postBody(ME, ready, "x").put("content", new JsonObject())).status());
    assertEquals(400, sb.restPost(token, "/rest/posts", postBody(ME, ready, "x".repeat(3001))).status());
    LinkedInSandbox.Resp unescaped = sb.restPost(token, "/rest/posts", postBody(ME, ready, "50% (off)"));
    assertEquals(400, unescaped.status());
    assertTrue(unescaped.json().getString("message").contains("little text"), unescaped.body());
    assertEquals(400, sb.restPost(token, "/rest/posts", postBody(PAGE, ready, "as the Page")).status(), "the video belongs to the member");
    assertEquals(403, sb.restPost(token, "/rest/posts", postBody("urn:li:person:someoneElse", ready, "impersonation")).status());
    assertEquals(0, sb.ledger().size());
  }

  @Test
  void aPageAdministratorPostsAsThePage() throws Exception {
    byte[] file = LinkedInSandbox.bytes(50_000, 13);
    String video = sb.availableVideo(token, PAGE, file);
    LinkedInSandbox.Resp created = sb.restPost(token, "/rest/posts", postBody(PAGE, video, "From the Page #news"));
    assertEquals(201, created.status(), created.body());
    JsonObject post = sb.ledger().getJsonObject(0);
    assertEquals(PAGE, post.getString("account"));
    assertEquals(ME, post.getJsonObject("extra").getString("createdBy"));

    String urn = created.headers().get("x-restli-id");
    sb.control("/linkedin/_sandbox/social", new JsonObject().put("post", urn).put("likes", 8).put("comments", 2));
    JsonObject stats = sb.restGet(token, "/rest/organizationalEntityShareStatistics?q=organizationalEntity&organizationalEntity=" + enc(PAGE)
        + "&shares=List(" + enc(urn) + ")").json();
    JsonObject total = stats.getJsonArray("elements").getJsonObject(0).getJsonObject("totalShareStatistics");
    assertEquals(8, total.getLong("likeCount"));
    assertEquals(2, total.getLong("commentCount"));
    assertEquals(2, total.getLong("shareCount"));
    assertEquals(400, sb.restGet(token, "/rest/organizationalEntityShareStatistics?q=organizationalEntity&organizationalEntity=" + enc(PAGE)
        + "&shares=" + enc(urn)).status(), "shares must be a List(...)");
    assertEquals(403, sb.restGet(sb.token("strangerMember"), "/rest/organizationalEntityShareStatistics?q=organizationalEntity&organizationalEntity="
        + enc(PAGE) + "&shares=List(" + enc(urn) + ")").status());
  }

  @Test
  void theMemberDailyQuotaAnswers429AndALostResponseStillCreatesThePost() throws Exception {
    sb.control("/linkedin/_sandbox/settings", new JsonObject().put("memberDailyPosts", 1));
    byte[] file = LinkedInSandbox.bytes(20_000, 14);
    String first = sb.availableVideo(token, ME, file);
    String second = sb.availableVideo(token, ME, file);
    sb.fault(new JsonObject().put("kind", "lost_response").put("match", "posts.create"));
    assertThrowsIo(() -> sb.restPost(token, "/rest/posts", postBody(ME, first, "lost")));
    assertEquals(1, sb.ledger().size(), "the post was made; only the answer was lost");
    LinkedInSandbox.Resp limited = sb.restPost(token, "/rest/posts", postBody(ME, second, "over the limit"));
    assertEquals(429, limited.status());
    assertTrue(limited.json().getString("message").contains("DAY limit"), limited.body());
    assertNotNull(limited.json().getInteger("serviceErrorCode"));
  }

  private interface Call {
    void run() throws Exception;
  }

  private static void assertThrowsIo(Call c) {
    try {
      c.run();
    } catch (Exception e) {
      return;
    }
    throw new AssertionError("the connection should have been dropped");
  }
}
