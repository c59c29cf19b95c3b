package io.clipcast.api;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every way a clip upload can end releases what it took: the staging file on disk, its descriptor, and the row
 * (which ends {@code rejected} with a reason, or is never written). The client closes before authentication,
 * during the row insert, at every moment up to mid-body; it goes silent; the node shuts down under it.
 */
class UploadLifecycleTest {
  private static final int IDLE_SECONDS = 2;
  private static ApiFixture api;
  private static Staging staging;
  private static byte[] mp4;

  @BeforeAll
  static void start() throws Exception {
    api = new ApiFixture(new JsonObject().put("clips", new JsonObject().put("uploadIdleSeconds", IDLE_SECONDS)));
    staging = new Staging(api);
    mp4 = ClipsApiTest.fixture("portrait_h264_aac_faststart.mp4");
  }

  @AfterAll
  static void stop() {
    api.close();
  }

  private static Connection db(ApiFixture api) throws Exception {
    JsonObject db = api.config.getJsonObject("db");
    return DriverManager.getConnection(io.clipcast.db.PgPools.jdbcUrl(db), db.getString("user"), "");
  }

  private static long clips(ApiFixture api, ApiFixture.User u, String status) {
    return api.count("SELECT count(*) FROM clips WHERE user_id = '" + u.id() + "'" + (status == null ? "" : " AND status = '" + status + "'"));
  }

  /** Nothing of the user's uploads is left in progress: no uploading row, no .part file, no open descriptor. */
  private static void assertReleased(ApiFixture api, Staging staging, ApiFixture.User u) {
    boolean released = Staging.await(10_000, () -> clips(api, u, "uploading") == 0 && staging.parts().isEmpty() && staging.openDescriptors() == 0);
    assertTrue(released, "uploading rows " + clips(api, u, "uploading") + ", .part files " + staging.parts()
        + ", open descriptors in staging " + staging.openDescriptors());
    assertEquals(0, clips(api, u, "ready"));
  }

  @Test
  void aClientThatClosesBeforeAuthenticationLeavesNoRowNoFileNoDescriptor() throws Exception {
    ApiFixture.User u = api.user("free");
    String key = api.json("POST", "/api/v1/api-keys", u.token(), new JsonObject().put("name", "uploader")).json().getString("key");
    try (Connection lock = db(api)) {
      lock.setAutoCommit(false);
      // authentication with an API key updates its row: holding that row holds the request before authentication
      lock.createStatement().execute("SELECT 1 FROM api_keys WHERE user_id = '" + u.id() + "' FOR UPDATE");
      try (RawClient c = new RawClient(api)) {
        c.uploadHead(key, mp4.length).write(mp4, 0, mp4.length / 3);
        Thread.sleep(300);
      }
      Thread.sleep(300); // the close has reached the server while it still waits to authenticate
      lock.commit();
    }
    assertReleased(api, staging, u);
    assertEquals(0, clips(api, u, null), "a request gone before authentication writes no row");
  }

  @Test
  void aClientThatClosesDuringTheRowInsertLeavesARejectedRowAndNoFile() throws Exception {
    ApiFixture.User u = api.user("free");
    try (Connection lock = db(api)) {
      lock.setAutoCommit(false);
      lock.createStatement().execute("LOCK TABLE clips IN EXCLUSIVE MODE"); // the INSERT waits for it
      try (RawClient c = new RawClient(api)) {
        c.uploadHead(u.token(), mp4.length).write(mp4, 0, mp4.length / 3);
        Thread.sleep(300);
      }
      Thread.sleep(300);
      lock.commit();
    }
    assertReleased(api, staging, u);
    assertTrue(Staging.await(5_000, () -> clips(api, u, "rejected") == 1), "the row the insert wrote ends rejected");
    assertEquals(1, api.count("SELECT count(*) FROM clips WHERE user_id = '" + u.id() + "' AND reject_reason LIKE '%interrupted%upload it again%'"));
  }

  @Test
  void aClientThatClosesAtAnyMomentUpToMidBodyLeavesNothingInProgress() throws Exception {
    ApiFixture.User u = api.user("free");
    int[] delaysMs = {0, 0, 1, 2, 3, 5, 8, 12, 20, 30, 50, 80, 120, 200};
    for (int round = 0; round < 3; round++) {
      for (int delay : delaysMs) {
        try (RawClient c = new RawClient(api)) {
          c.uploadHead(u.token(), mp4.length).write(mp4, 0, round == 0 ? 0 : mp4.length / (round + 1));
          if (delay > 0) Thread.sleep(delay);
        }
      }
    }
    assertReleased(api, staging, u);
  }

  @Test
  void aSilentUploadIsAnsweredWithATimeoutAndReleased() throws Exception {
    ApiFixture.User u = api.user("free");
    try (RawClient c = new RawClient(api)) {
      c.uploadHead(u.token(), mp4.length).write(mp4, 0, mp4.length / 3);
      RawClient.Read r = c.readUntilClosed((IDLE_SECONDS + 8) * 1000);
      assertEquals(408, r.status(), r.text());
      assertTrue(r.text().contains("\"code\":\"upload_timeout\""), r.text());
      assertTrue(r.closed(), "the server closes the connection whose body it will not read: " + r.text());
    }
    assertReleased(api, staging, u);
    assertEquals(1, api.count("SELECT count(*) FROM clips WHERE user_id = '" + u.id() + "' AND status = 'rejected' AND reject_reason LIKE '%No data arrived%'"));
  }

  @Test
  void stoppingTheNodeEndsItsUploadsAndReleasesThem() throws Exception {
    ApiFixture node = new ApiFixture();
    Staging nodeStaging = new Staging(node);
    ApiFixture.User u = node.user("free");
    try (RawClient c = new RawClient(node)) {
      c.uploadHead(u.token(), mp4.length).write(mp4, 0, mp4.length / 3);
      assertTrue(Staging.await(5_000, () -> nodeStaging.parts().size() == 1 && nodeStaging.openDescriptors() == 1), "the upload is streaming");
      node.close(); // undeploys the API verticle: its stop() runs while the upload is in flight
      RawClient.Read r = c.readUntilClosed(10_000);
      assertEquals(503, r.status(), r.text());
      assertTrue(r.text().contains("\"code\":\"server_restarting\""), r.text());
      assertTrue(r.closed(), "the connection is closed: " + r.text());
    }
    assertReleased(node, nodeStaging, u);
    assertEquals(1, node.count("SELECT count(*) FROM clips WHERE user_id = '" + u.id() + "' AND status = 'rejected' AND reject_reason LIKE '%restart%'"));
  }
}
