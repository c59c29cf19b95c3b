package io.clipcast.api;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Import by URL when the far side misbehaves: a body shorter than announced, a reset mid-body, a redirect nobody can
 * follow, a port that cannot exist, and an API client that leaves while the download runs. Each is answered with a
 * 4xx the user can act on (where someone is still there to answer), and nothing is left downloading, on disk or
 * {@code uploading}.
 */
class ImportFailureTest {
  private static ApiFixture api;
  private static Staging staging;
  private static byte[] mp4;

  @BeforeAll
  static void start() throws Exception {
    api = new ApiFixture(new JsonObject().put("clips", new JsonObject().put("importAllowLoopback", true)));
    staging = new Staging(api);
    mp4 = ClipsApiTest.fixture("portrait_h264_aac_faststart.mp4");
  }

  @AfterAll
  static void stop() {
    api.close();
  }

  private static ApiFixture.Response importUrl(ApiFixture.User u, String url) {
    return api.json("POST", "/api/v1/clips/import", u.token(), new JsonObject().put("url", url));
  }

  private static long clips(ApiFixture.User u, String status) {
    return api.count("SELECT count(*) FROM clips WHERE user_id = '" + u.id() + "'" + (status == null ? "" : " AND status = '" + status + "'"));
  }

  private static void assertReleased(ApiFixture.User u) {
    boolean released = Staging.await(10_000, () -> clips(u, "uploading") == 0 && staging.parts().isEmpty() && staging.openDescriptors() == 0);
    assertTrue(released, "uploading rows " + clips(u, "uploading") + ", .part files " + staging.parts()
        + ", open descriptors in staging " + staging.openDescriptors());
    assertEquals(0, clips(u, "ready"));
  }

  private static void assertImportFailed(ApiFixture.Response r, String inMessage) {
    assertEquals(422, r.status(), r.body());
    assertEquals("import_failed", r.errorCode(), r.body());
    assertEquals("url", r.json().getJsonObject("error").getString("field"), r.body());
    assertTrue(r.json().getJsonObject("error").getString("message").contains(inMessage), r.body());
  }

  @Test
  void aRemoteThatSendsLessThanItAnnouncedAndClosesIsAnsweredAndReleased() throws Exception {
    ApiFixture.User u = api.user("free");
    try (ScriptedRemote remote = new ScriptedRemote((r, s, out) -> {
      ScriptedRemote.head(out, mp4.length);
      r.body(out, mp4, 0, mp4.length / 3);
      Thread.sleep(200);
      s.shutdownOutput(); // a clean close (FIN), a third of the announced bytes short
    })) {
      assertImportFailed(importUrl(u, remote.url("/short.mp4")), "stopped sending");
    }
    assertReleased(u);
    assertEquals(1, clips(u, "rejected"));
  }

  @Test
  void whatBreaksWhileTheRowInsertWaitsIsSeenOnceItIsDone() throws Exception {
    // the clips table is locked, so the import waits at its row insert with the download paused; meanwhile the remote
    // sends a short body and closes (first case), or the API client leaves (second case)
    ApiFixture.User u = api.user("free");
    try (ScriptedRemote remote = new ScriptedRemote((r, s, out) -> {
      ScriptedRemote.head(out, mp4.length);
      r.body(out, mp4, 0, mp4.length / 3);
      s.shutdownOutput();
      Thread.sleep(5_000);
    }); java.sql.Connection lock = db()) {
      lock.setAutoCommit(false);
      lock.createStatement().execute("LOCK TABLE clips IN EXCLUSIVE MODE");
      var answer = java.util.concurrent.CompletableFuture.supplyAsync(() -> importUrl(u, remote.url("/short.mp4")));
      assertTrue(Staging.await(5_000, () -> remote.bodyBytesSent.get() > 0));
      Thread.sleep(300);
      lock.commit();
      assertImportFailed(answer.get(20, java.util.concurrent.TimeUnit.SECONDS), "stopped sending");
    }
    assertReleased(u);

    ApiFixture.User v = api.user("free");
    try (ScriptedRemote remote = new ScriptedRemote((r, s, out) -> {
      ScriptedRemote.head(out, mp4.length);
      r.body(out, mp4, 0, mp4.length / 3);
      Thread.sleep(30_000);
    }); java.sql.Connection lock = db()) {
      lock.setAutoCommit(false);
      lock.createStatement().execute("LOCK TABLE clips IN EXCLUSIVE MODE");
      try (RawClient c = new RawClient(api)) {
        c.importRequest(v.token(), remote.url("/held.mp4"));
        assertTrue(Staging.await(5_000, () -> remote.bodyBytesSent.get() > 0));
        Thread.sleep(300);
      }
      Thread.sleep(300);
      lock.commit();
      assertTrue(remote.downloaderClosed(5_000), "the import closed its connection to the remote");
    }
    assertReleased(v);
    assertEquals(1, api.count("SELECT count(*) FROM clips WHERE user_id = '" + v.id() + "' AND status = 'rejected' AND reject_reason LIKE '%cancelled%'"));
  }

  private static java.sql.Connection db() throws Exception {
    JsonObject db = api.config.getJsonObject("db");
    return java.sql.DriverManager.getConnection(io.clipcast.db.PgPools.jdbcUrl(db), db.getString("user"), "");
  }

  @Test
  void aRemoteThatResetsMidBodyIsAnsweredWith422AndReleased() throws Exception {
    ApiFixture.User u = api.user("free");
    try (ScriptedRemote remote = new ScriptedRemote((r, s, out) -> {
      ScriptedRemote.head(out, mp4.length);
      r.body(out, mp4, 0, mp4.length / 3);
      Thread.sleep(200);
      s.setSoLinger(true, 0);
      s.close(); // RST
    })) {
      assertImportFailed(importUrl(u, remote.url("/reset.mp4")), "stopped sending");
    }
    assertReleased(u);
    assertEquals(1, api.count("SELECT count(*) FROM clips WHERE user_id = '" + u.id() + "' AND status = 'rejected' AND reject_reason LIKE '%stopped sending%'"));
  }

  @Test
  void whenTheApiClientLeavesTheDownloadIsCancelledAndReleased() throws Exception {
    ApiFixture.User u = api.user("free");
    byte[] chunk = new byte[4096];
    try (ScriptedRemote remote = new ScriptedRemote((r, s, out) -> {
      ScriptedRemote.head(out, 100_000_000);
      while (true) { // ~200 KB/s: a 100 MB file would take minutes
        r.body(out, chunk, 0, chunk.length);
        Thread.sleep(20);
      }
    })) {
      try (RawClient c = new RawClient(api)) {
        c.importRequest(u.token(), remote.url("/slow.mp4"));
        assertTrue(Staging.await(10_000, () -> remote.bodyBytesSent.get() > 40_000 && clips(u, "uploading") == 1 && staging.parts().size() == 1),
            "the download is streaming into staging");
      } // the API client goes away
      long sentAtClose = remote.bodyBytesSent.get();
      assertTrue(remote.downloaderClosed(5_000), "the import closed its connection to the remote; sent " + remote.bodyBytesSent.get()
          + " bytes, " + sentAtClose + " when the client left");
    }
    assertReleased(u);
    assertEquals(1, api.count("SELECT count(*) FROM clips WHERE user_id = '" + u.id() + "' AND status = 'rejected' AND reject_reason LIKE '%cancelled%'"));
  }

  @Test
  void aPortThatCannotExistIsAValidationErrorOnUrl() {
    ApiFixture.User u = api.user("free");
    for (String url : List.of("http://127.0.0.1:65536/x.mp4", "http://127.0.0.1:99999/x.mp4", "http://example.com:70000/x.mp4",
        "https://127.0.0.1:0/x.mp4")) {
      ApiFixture.Response r = importUrl(u, url);
      assertEquals(400, r.status(), url + " -> " + r.body());
      assertEquals("validation_failed", r.errorCode(), url);
      assertEquals("url", r.json().getJsonObject("error").getString("field"), url);
      assertTrue(r.json().getJsonObject("error").getString("message").contains("port"), r.body());
    }
    assertEquals(0, clips(u, null), "nothing was created");
  }

  @Test
  void aRedirectToALocationThatIsNoLinkIsAnswered422() throws Exception {
    ApiFixture.User u = api.user("free");
    try (ScriptedRemote remote = new ScriptedRemote((r, s, out) -> out.write(
        "HTTP/1.1 302 Found\r\nLocation: http://bad host/[x\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.US_ASCII)))) {
      assertImportFailed(importUrl(u, remote.url("/moved")), "redirect");
    }
    assertEquals(0, clips(u, null), "nothing was created");
  }
}
