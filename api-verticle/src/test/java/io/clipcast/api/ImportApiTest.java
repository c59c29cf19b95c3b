package io.clipcast.api;

import io.clipcast.testing.TestServices;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Import by URL: public http(s) only, every redirect hop checked again, the file probed like an upload. */
class ImportApiTest {
  private static ApiFixture strict;
  private static ApiFixture dev;
  private static Vertx origin;
  private static int originPort;

  @BeforeAll
  static void start() throws Exception {
    strict = new ApiFixture();
    dev = new ApiFixture(new JsonObject().put("clips", new JsonObject().put("importAllowLoopback", true)));
    origin = Vertx.vertx();
    byte[] mp4 = ClipsApiTest.fixture("portrait_h264_aac_faststart.mp4");
    originPort = TestServices.freePort();
    HttpServer server = origin.createHttpServer().requestHandler(req -> {
      switch (req.path()) {
        case "/clip.mp4" -> req.response().putHeader("Content-Type", "video/mp4").end(Buffer.buffer(mp4));
        case "/redirect" -> req.response().setStatusCode(302).putHeader("Location", "/clip.mp4").end();
        case "/to-metadata" -> req.response().setStatusCode(302).putHeader("Location", "http://169.254.169.254/latest/meta-data/").end();
        case "/page" -> req.response().putHeader("Content-Type", "text/html").end("<html><body>Sign in</body></html>");
        default -> req.response().setStatusCode(404).end();
      }
    });
    server.listen(originPort, "127.0.0.1").await(10, TimeUnit.SECONDS);
  }

  @AfterAll
  static void stop() throws Exception {
    strict.close();
    dev.close();
    origin.close().await(10, TimeUnit.SECONDS);
  }

  private static ApiFixture.Response importUrl(ApiFixture api, String token, String url) {
    return api.json("POST", "/api/v1/clips/import", token, new JsonObject().put("url", url));
  }

  @Test
  void privateLocalAndNonHttpTargetsAreRefusedBeforeAnyConnection() {
    ApiFixture.User u = strict.user("pro");
    for (String url : List.of("http://127.0.0.1:" + originPort + "/clip.mp4", "http://localhost:" + originPort + "/clip.mp4",
        "http://[::1]:" + originPort + "/clip.mp4", "http://169.254.169.254/latest/meta-data/", "http://10.1.2.3/x.mp4",
        "http://192.168.0.10/x.mp4", "http://172.16.5.5/x.mp4", "http://100.64.0.1/x.mp4", "http://0.0.0.0/x.mp4",
        "http://[fd00::1]/x.mp4", "http://[fe80::1]/x.mp4", "ftp://example.com/x.mp4", "file:///etc/passwd", "gopher://x/",
        "http://user:pw@example.com/x.mp4", "not a url", "http:///nohost")) {
      ApiFixture.Response r = importUrl(strict, u.token(), url);
      assertEquals(400, r.status(), url + " -> " + r.body());
      assertEquals("url", r.json().getJsonObject("error").getString("field"), url);
    }
    assertEquals(0, strict.count("SELECT count(*) FROM clips WHERE user_id = '" + u.id() + "'"), "nothing was created");
  }

  @Test
  void aDirectLinkAndARedirectAreImportedAndProbed() {
    ApiFixture.User u = dev.user("pro");
    ApiFixture.Response direct = importUrl(dev, u.token(), "http://127.0.0.1:" + originPort + "/clip.mp4");
    assertEquals(201, direct.status(), direct.body());
    assertEquals("ready", direct.json().getString("status"));
    assertEquals("clip.mp4", direct.json().getString("fileName"));
    assertEquals(1920, direct.json().getInteger("height"));
    ApiFixture.Response redirected = importUrl(dev, u.token(), "http://127.0.0.1:" + originPort + "/redirect");
    assertEquals(201, redirected.status(), redirected.body());
  }

  @Test
  void redirectsIntoPrivateSpaceAndNonVideosAreRefused() {
    ApiFixture.User u = dev.user("pro");
    ApiFixture.Response meta = importUrl(dev, u.token(), "http://127.0.0.1:" + originPort + "/to-metadata");
    assertEquals(400, meta.status(), "a redirect to the metadata address is checked like the first link: " + meta.body());
    ApiFixture.Response missing = importUrl(dev, u.token(), "http://127.0.0.1:" + originPort + "/missing.mp4");
    assertEquals(422, missing.status());
    assertTrue(missing.json().getJsonObject("error").getString("message").contains("404"));
    ApiFixture.Response page = importUrl(dev, u.token(), "http://127.0.0.1:" + originPort + "/page");
    assertEquals(422, page.status(), page.body());
    assertEquals("not_a_video", page.errorCode());
    assertEquals(0, dev.count("SELECT count(*) FROM clips WHERE user_id = '" + u.id() + "' AND status = 'ready'"));
  }
}
