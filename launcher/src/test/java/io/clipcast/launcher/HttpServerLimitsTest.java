package io.clipcast.launcher;

import io.clipcast.testing.TestServices;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 11 rows M2 (idle and request timeouts), M3 (invented methods add no metric series), L11 (nosniff, no-store)
 * and L12 (what the HTTP codec refuses is answered in the JSON error model), on a real node over raw sockets. The
 * node's timeouts are made short here: idle 6 s, head 2 s, bounded requests 2 s.
 */
class HttpServerLimitsTest {
  private static Node node;
  private static int port;
  private static String ops;

  @BeforeAll
  static void start() throws Exception {
    JsonObject config = TestServices.get().config();
    port = TestServices.freePort();
    int opsPort = TestServices.freePort();
    config.getJsonObject("http").put("port", port).put("idleTimeoutSeconds", 6).put("headerTimeoutSeconds", 2).put("requestTimeoutSeconds", 2);
    config.getJsonObject("ops").put("enabled", true).put("host", "127.0.0.1").put("port", opsPort);
    config.put("verticles", new JsonObject().put("api", 1).put("scheduler", 0).put("publish", 0).put("stats", 0));
    config.getJsonObject("clips").put("importAllowLoopback", true);
    node = Node.start(config).await(60, TimeUnit.SECONDS);
    ops = "http://127.0.0.1:" + opsPort;
  }

  @AfterAll
  static void stop() {
    if (node != null) node.stopAndWait();
  }

  // ---- M2 ----------------------------------------------------------------------------------------------------

  @Test
  void aHeadTrickledOneByteAtATimeIsCutOffAtTheHeadDeadline() throws Exception {
    try (RawHttp c = new RawHttp(port)) {
      c.send("GET /health HTTP/1.1\r\nHost: x\r\n");
      RawHttp.Result r = c.readUntilClosed(15_000, "X-Slow: aaaaaaaa", 400); // a byte every 0.4 s keeps it from being idle
      assertTrue(r.closed(), "a slowloris head is held forever");
      assertTrue(r.afterMs() < 6_000, "closed after " + r.afterMs() + " ms");
    }
  }

  @Test
  void aHeadThatNeverEndsItsLinesIsCutOffAtTheHeadDeadline() throws Exception {
    try (RawHttp c = new RawHttp(port)) {
      c.send("GET /api/v1 HTTP/1.1\rHost: x\r\r"); // bare CRs: the request line never ends
      RawHttp.Result r = c.readUntilClosed(15_000, null, 0);
      assertTrue(r.closed(), "held forever");
      assertTrue(r.afterMs() < 4_000, "closed after " + r.afterMs() + " ms, well before the idle timeout");
    }
  }

  @Test
  void aConnectionThatNeverSendsAHeadIsClosed() throws Exception {
    try (RawHttp c = new RawHttp(port)) {
      RawHttp.Result r = c.readUntilClosed(15_000, null, 0);
      assertTrue(r.closed(), "an empty connection is held forever");
      assertTrue(r.afterMs() < 4_000, "closed after " + r.afterMs() + " ms, at the head deadline");
    }
  }

  @Test
  void aJsonBodyShorterThanItsContentLengthGets408AndTheConnectionCloses() throws Exception {
    try (RawHttp c = new RawHttp(port)) {
      c.send("POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"email\":");
      RawHttp.Result r = c.readUntilClosed(15_000, null, 0);
      assertTrue(r.closed(), "a short body is held forever");
      assertEquals(408, r.status(), r.text());
      assertEquals("request_timeout", new JsonObject(r.body()).getJsonObject("error").getString("code"));
      assertTrue(r.afterMs() < 6_000, "closed after " + r.afterMs() + " ms");
    }
  }

  @Test
  void aJsonBodyTrickledOneByteAtATimeGets408() throws Exception {
    try (RawHttp c = new RawHttp(port)) {
      c.send("POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 60000\r\n\r\n");
      RawHttp.Result r = c.readUntilClosed(15_000, "{\"email\":\"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", 300);
      assertTrue(r.closed(), "a trickled body is held forever");
      assertEquals(408, r.status(), r.text());
      assertTrue(r.afterMs() < 6_000, "closed after " + r.afterMs() + " ms");
    }
  }

  @Test
  void aRequestThatArrivedInTimeMayTakeLongerToAnswer() throws Exception {
    String token = register();
    try (java.net.ServerSocket remote = new java.net.ServerSocket(0)) {
      Thread slowRemote = new Thread(() -> {
        try (java.net.Socket s = remote.accept()) {
          Thread.sleep(3_000); // longer than the 2 s request deadline
          s.getOutputStream().write("HTTP/1.1 200 OK\r\nContent-Type: video/mp4\r\nContent-Length: 5\r\n\r\nhello".getBytes());
        } catch (Exception ignored) {
          // the test fails on the answer below
        }
      });
      slowRemote.start();
      String body = new JsonObject().put("url", "http://127.0.0.1:" + remote.getLocalPort() + "/clip.mp4").encode();
      try (RawHttp c = new RawHttp(port)) {
        c.send("POST /api/v1/clips/import HTTP/1.1\r\nHost: x\r\nConnection: close\r\nAuthorization: Bearer " + token
            + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length() + "\r\n\r\n" + body);
        RawHttp.Result r = c.readUntilClosed(20_000, null, 0);
        assertEquals(422, r.status(), r.text()); // five bytes are no video: refused by the probe, not cut off at 2 s
        assertTrue(r.afterMs() >= 2_900, "answered after " + r.afterMs() + " ms");
      }
      slowRemote.join(5_000);
    }
  }

  @Test
  void expectContinueFollowedByNothingIsClosed() throws Exception {
    try (RawHttp c = new RawHttp(port)) {
      c.send("POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 50\r\nExpect: 100-continue\r\n\r\n");
      RawHttp.Result r = c.readUntilClosed(15_000, null, 0);
      assertTrue(r.closed(), "held forever");
      assertEquals(408, r.lastStatus(), r.text());
      assertTrue(r.afterMs() < 6_000, "closed after " + r.afterMs() + " ms");
    }
  }

  @Test
  void aStreamedUploadThatStopsSendingIsClosedByTheIdleTimeout() throws Exception {
    String token = register();
    try (RawHttp c = new RawHttp(port)) {
      c.send("POST /api/v1/clips HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + token
          + "\r\nContent-Type: video/mp4\r\nContent-Length: 5000000\r\n\r\n" + "x".repeat(1000));
      RawHttp.Result r = c.readUntilClosed(20_000, null, 0);
      assertTrue(r.closed(), "a stalled upload is held forever");
      assertTrue(r.afterMs() >= 5_000 && r.afterMs() < 10_000, "closed after " + r.afterMs() + " ms: by the idle timeout");
    }
  }

  @Test
  void aKeptAliveConnectionServesSeveralRequestsWithinTheDeadlines() throws Exception {
    try (RawHttp c = new RawHttp(port)) {
      for (int i = 0; i < 3; i++) {
        c.send("GET /health HTTP/1.1\r\nHost: x\r\n\r\n");
        Thread.sleep(1000); // under the head deadline between requests: each is answered on the same connection
      }
      RawHttp.Result r = c.readUntilClosed(15_000, null, 0);
      assertEquals(3, r.text().split("HTTP/1.1 200", -1).length - 1, r.text());
      assertTrue(r.closed(), "an idle kept-alive connection is closed in the end");
    }
  }

  // ---- L12 ---------------------------------------------------------------------------------------------------

  @Test
  void whatTheCodecRefusesIsAnsweredInTheErrorModel() throws Exception {
    assertCodecError("GET /" + "a".repeat(10_000) + " HTTP/1.1\r\nHost: x\r\n\r\n", 414, "uri_too_long");
    assertCodecError("GET /health HTTP/1.1\r\nHost: x\r\nX-Big: " + "b".repeat(20_000) + "\r\n\r\n", 431, "headers_too_large");
    assertCodecError("GET /health HTTP/1.1\r\nHost: x\r\nBroken header line\r\n\r\n", 400, "bad_request");
    assertCodecError("HELLO\r\n\r\n", 400, "bad_request");
    assertCodecError("POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 2\r\n"
        + "Expect: the-moon\r\n\r\n{}", 417, "expectation_failed");
  }

  private static void assertCodecError(String request, int status, String code) throws Exception {
    try (RawHttp c = new RawHttp(port)) {
      c.send(request);
      RawHttp.Result r = c.readUntilClosed(10_000, null, 0);
      assertEquals(status, r.status(), r.text());
      assertTrue(r.text().toLowerCase().contains("content-type: application/json"), r.text());
      JsonObject error = new JsonObject(r.body()).getJsonObject("error");
      assertEquals(code, error.getString("code"), r.text());
      assertFalse(error.getString("message").isBlank());
    }
  }

  // ---- L11 ---------------------------------------------------------------------------------------------------

  @Test
  void answersCarryNosniffAndAnswersWithTokensAreNotStored() throws Exception {
    String base = "http://127.0.0.1:" + port;
    for (String path : new String[] {"/health", "/api/v1", "/api/v1/nowhere", "/api/v1/me"}) {
      HttpResponse<String> r = Http.get(base + path);
      assertEquals("nosniff", r.headers().firstValue("X-Content-Type-Options").orElse(""), path);
      assertEquals("no-store", r.headers().firstValue("Cache-Control").orElse(""), path);
    }
    try (RawHttp c = new RawHttp(port)) {
      String body = new JsonObject().put("email", "h" + System.nanoTime() + "@example.com").put("password", "correct horse battery").encode();
      c.send("POST /api/v1/auth/register HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: "
          + body.length() + "\r\n\r\n" + body);
      RawHttp.Result r = c.readUntilClosed(20_000, null, 0);
      assertEquals(201, r.status(), r.text());
      assertTrue(r.body().contains("accessToken"));
      assertTrue(r.text().contains("Cache-Control: no-store"), r.text());
      assertTrue(r.text().contains("X-Content-Type-Options: nosniff"), r.text());
    }
  }

  // ---- M3 ----------------------------------------------------------------------------------------------------

  @Test
  void inventedMethodsAddNoMetricSeries() throws Exception {
    Http.get("http://127.0.0.1:" + port + "/health");
    int before = httpSeries();
    for (int i = 0; i < 200; i++) {
      try (RawHttp c = new RawHttp(port)) {
        c.send("INVENTED" + i + " /api/v1/x" + i + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        assertTrue(c.readUntilClosed(5_000, null, 0).closed());
      }
    }
    String metrics = Http.get(ops + "/metrics").body();
    int after = httpSeries();
    System.out.printf("M3: http server request series before %d, after 200 invented methods and paths %d%n", before, after);
    assertFalse(metrics.contains("INVENTED"), "a raw method became a label value");
    assertFalse(metrics.contains("/api/v1/x1"), "a raw path became a label value");
    assertTrue(metrics.contains("method=\"OTHER\""), "invented methods are counted as OTHER");
    assertTrue(after - before <= 3, "series grew from " + before + " to " + after);
  }

  private static int httpSeries() {
    return (int) Http.get(ops + "/metrics").body().lines().filter(l -> l.startsWith("vertx_http_server_requests_total{")).count();
  }

  private static String register() {
    try (RawHttp c = new RawHttp(port)) {
      String body = new JsonObject().put("email", "u" + System.nanoTime() + "@example.com").put("password", "correct horse battery").encode();
      c.send("POST /api/v1/auth/register HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: "
          + body.length() + "\r\n\r\n" + body);
      return new JsonObject(c.readUntilClosed(20_000, null, 0).body()).getString("accessToken");
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
