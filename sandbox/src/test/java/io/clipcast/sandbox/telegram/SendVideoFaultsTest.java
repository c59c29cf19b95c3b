package io.clipcast.sandbox.telegram;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;

import static io.clipcast.sandbox.telegram.TelegramSandbox.CLIP;
import static io.clipcast.sandbox.telegram.TelegramSandbox.TOKEN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The injected faults, acted out in the Bot API's own shapes, and whether the post happened. */
class SendVideoFaultsTest {
  private static final long CHANNEL = -1001234567890L;
  private static final Map<String, String> SEND = Map.of("chat_id", Long.toString(CHANNEL), "caption", "fault");
  private static TelegramSandbox sandbox;

  @BeforeAll
  static void start() throws Exception {
    sandbox = new TelegramSandbox();
    sandbox.channel(CHANNEL, "montage", "administrator");
  }

  @AfterAll
  static void stop() throws Exception {
    sandbox.close();
  }

  @BeforeEach
  void clean() throws Exception {
    sandbox.reset();
  }

  @Test
  void floodControlSaysHowLongToWait() throws Exception {
    sandbox.fault(new JsonObject().put("kind", "rate_limit").put("match", "sendVideo").put("retryAfterSeconds", 17));
    HttpResponse<String> r = sandbox.sendVideo(TOKEN, SEND, "video", CLIP);
    assertEquals(429, r.statusCode());
    JsonObject body = new JsonObject(r.body());
    assertEquals(429, body.getInteger("error_code"));
    assertEquals("Too Many Requests: retry after 17", body.getString("description"));
    assertEquals(17, body.getJsonObject("parameters").getInteger("retry_after"));
    assertEquals(0, sandbox.posts().size());
    assertEquals(200, sandbox.sendVideo(TOKEN, SEND, "video", CLIP).statusCode(), "the rule fired once");
  }

  @Test
  void aRevokedTokenAndServerErrorsAnswerInTheEnvelope() throws Exception {
    sandbox.fault(new JsonObject().put("kind", "token_expired").put("match", "sendVideo"));
    HttpResponse<String> revoked = sandbox.sendVideo(TOKEN, SEND, "video", CLIP);
    assertEquals(401, revoked.statusCode());
    assertEquals("Unauthorized", new JsonObject(revoked.body()).getString("description"));
    sandbox.fault(new JsonObject().put("kind", "http_error").put("status", 502).put("match", "sendVideo"));
    HttpResponse<String> gateway = sandbox.sendVideo(TOKEN, SEND, "video", CLIP);
    assertEquals(502, gateway.statusCode());
    assertEquals(new JsonObject().put("ok", false).put("error_code", 502).put("description", "Bad Gateway"), new JsonObject(gateway.body()));
    sandbox.fault(new JsonObject().put("kind", "http_error").put("status", 503).put("match", "getMe"));
    assertEquals(503, sandbox.call(TOKEN, "getMe", new JsonObject()).statusCode());
    assertEquals(0, sandbox.posts().size());
  }

  @Test
  void aLostResponseStillPostsTheMessage() throws Exception {
    sandbox.fault(new JsonObject().put("kind", "lost_response").put("match", "sendVideo"));
    assertThrows(IOException.class, () -> sandbox.sendVideo(TOKEN, SEND, "video", CLIP));
    assertEquals(1, sandbox.posts().size());
  }

  @Test
  void aResetMidUploadPostsNothing(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("clip.mp4");
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
      f.setLength(16L * 1024 * 1024);
    }
    sandbox.fault(new JsonObject().put("kind", "reset").put("match", "sendVideo").put("afterBytes", 1024 * 1024));
    assertThrows(IOException.class, () -> sandbox.sendVideo(TOKEN, SEND, "video", file));
    assertEquals(0, sandbox.posts().size());
  }

  @Test
  void aDelayedHangAnswersNormallyAfterTheDelay() throws Exception {
    sandbox.fault(new JsonObject().put("kind", "hang").put("match", "sendVideo").put("delayMs", 300));
    long started = System.nanoTime();
    assertEquals(200, sandbox.sendVideo(TOKEN, SEND, "video", CLIP).statusCode());
    assertEquals(true, (System.nanoTime() - started) / 1_000_000 >= 300);
    assertEquals(1, sandbox.posts().size());
  }
}
