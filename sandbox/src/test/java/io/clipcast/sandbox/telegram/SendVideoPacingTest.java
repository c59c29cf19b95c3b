package io.clipcast.sandbox.telegram;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

import static io.clipcast.sandbox.telegram.TelegramSandbox.CLIP;
import static io.clipcast.sandbox.telegram.TelegramSandbox.TOKEN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The kit's pacing on Telegram (docs/sandbox.md, "Pacing"): a fixed processing time per post, an app-wide limit
 * refused with the Bot API's own flood wait, and the refusal counter that counts those 429s.
 */
class SendVideoPacingTest {
  private static final long CHANNEL = -1001234500001L;
  private static final Map<String, String> SEND = Map.of("chat_id", Long.toString(CHANNEL), "caption", "paced");
  private static TelegramSandbox sandbox;

  @BeforeAll
  static void start() throws Exception {
    sandbox = new TelegramSandbox();
    sandbox.channel(CHANNEL, "paced", "administrator");
  }

  @AfterAll
  static void stop() throws Exception {
    sandbox.close();
  }

  private static JsonObject get(String path) throws Exception {
    return new JsonObject(sandbox.send(HttpRequest.newBuilder(URI.create(sandbox.base + path)).GET().build()).body());
  }

  private static void delete(String path) throws Exception {
    sandbox.send(HttpRequest.newBuilder(URI.create(sandbox.base + path)).DELETE().build());
  }

  @Test
  void eachPostTakesTheSetProcessingTime() throws Exception {
    delete("/_sandbox/pacing");
    long quick = timed();
    HttpResponse<String> set = sandbox.post("/_sandbox/pacing", new JsonObject().put("platform", "telegram").put("latencyMs", 400));
    assertEquals(200, set.statusCode(), set.body());
    assertEquals("sendVideo", new JsonObject(set.body()).getJsonObject("platforms").getJsonObject("telegram").getString("latencyMatch"));
    long paced = timed();
    assertTrue(paced >= 400, "the post took the set 400 ms: " + paced);
    assertTrue(paced - quick >= 350, "unpaced " + quick + " ms, paced " + paced + " ms");
    long getMe = System.nanoTime();
    assertEquals(200, sandbox.call(TOKEN, "getMe", new JsonObject()).statusCode());
    assertTrue((System.nanoTime() - getMe) / 1_000_000 < 300, "other methods are not slowed");
    delete("/_sandbox/pacing?platform=telegram");
    assertTrue(timed() < 300, "off again");
  }

  private static long timed() throws Exception {
    long t = System.nanoTime();
    HttpResponse<String> r = sandbox.sendVideo(TOKEN, SEND, "video", CLIP);
    assertEquals(200, r.statusCode(), r.body());
    return (System.nanoTime() - t) / 1_000_000;
  }

  @Test
  void anAppWideLimitIsRefusedAsAFloodWaitAndCounted() throws Exception {
    delete("/_sandbox/pacing");
    delete("/_sandbox/refusals");
    // a bucket of 2 that refills at 1 a second: two posts at once, the next ones refused until a token is back
    HttpResponse<String> set = sandbox.post("/_sandbox/pacing", new JsonObject().put("platform", "telegram").put("appPerSecond", 1).put("appBurst", 2));
    assertEquals(200, set.statusCode(), set.body());
    long t = System.nanoTime();
    int ok = 0;
    int refused = 0;
    for (int i = 0; i < 4; i++) {
      HttpResponse<String> r = sandbox.sendVideo(TOKEN, SEND, "video", CLIP);
      if (r.statusCode() == 200) ok++;
      else {
        assertEquals(429, r.statusCode(), r.body());
        assertEquals("Too Many Requests: retry after 1", new JsonObject(r.body()).getString("description"));
        refused++;
      }
    }
    assertTrue((System.nanoTime() - t) / 1_000_000 < 1000, "four calls within the second it takes to earn a token");
    assertEquals(2, ok, "the burst of two passes");
    assertEquals(2, refused);
    JsonObject counted = get("/_sandbox/refusals");
    assertEquals(2, counted.getLong("total"), counted.encode());
    assertEquals(2, counted.getJsonObject("platforms").getLong("telegram"));
    assertEquals(2, get("/_sandbox/pacing").getJsonObject("platforms").getJsonObject("telegram").getLong("appRefused"));
    Thread.sleep(1100);
    assertEquals(200, sandbox.sendVideo(TOKEN, SEND, "video", CLIP).statusCode(), "a token came back");
    delete("/_sandbox/pacing");
    delete("/_sandbox/refusals");
    assertEquals(0, get("/_sandbox/refusals").getLong("total"));
  }

  @Test
  void aPlatformWithoutADefaultOperationNeedsOne() throws Exception {
    HttpResponse<String> r = sandbox.post("/_sandbox/pacing", new JsonObject().put("platform", "rutube").put("latencyMs", 300));
    assertEquals(400, r.statusCode());
    assertTrue(r.body().contains("latencyMatch"), r.body());
    assertEquals(200, sandbox.post("/_sandbox/pacing", new JsonObject().put("platform", "rutube").put("latencyMs", 300)
        .put("latencyMatch", "pull")).statusCode());
    delete("/_sandbox/pacing");
  }
}
