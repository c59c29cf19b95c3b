package io.clipcast.sandbox.telegram;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.RandomAccessFile;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static io.clipcast.sandbox.telegram.TelegramSandbox.BOT_ID;
import static io.clipcast.sandbox.telegram.TelegramSandbox.CLIP;
import static io.clipcast.sandbox.telegram.TelegramSandbox.TOKEN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** sendVideo and the other methods over real HTTP: what Telegram accepts, and each refusal in its own words and status. */
class SendVideoSimulatorTest {
  private static final long CHANNEL = -1001234567890L;
  private static TelegramSandbox sandbox;
  private static String clipSha;

  @BeforeAll
  static void start() throws Exception {
    sandbox = new TelegramSandbox();
    sandbox.channel(CHANNEL, "montage", "administrator");
    sandbox.channel(-1001111111111L, null, "member");
    sandbox.channel(-1002222222222L, "noright", new JsonObject().put("status", "administrator").put("can_post_messages", false));
    sandbox.channel(-1003333333333L, "kickedout", "kicked");
    sandbox.channel(-1004444444444L, "stranger", "left");
    sandbox.channel(-1005555555555L, null, "creator");
    clipSha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(CLIP)));
  }

  @AfterAll
  static void stop() throws Exception {
    sandbox.close();
  }

  @BeforeEach
  void clean() throws Exception {
    sandbox.reset();
  }

  private static Map<String, String> fields(Object... kv) {
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) m.put((String) kv[i], String.valueOf(kv[i + 1]));
    return m;
  }

  private static void assertRefused(int status, String description, HttpResponse<String> r) {
    assertEquals(status, r.statusCode(), r.body());
    JsonObject body = new JsonObject(r.body());
    assertEquals(false, body.getBoolean("ok"));
    assertEquals(status, body.getInteger("error_code"));
    assertEquals(description, body.getString("description"));
  }

  @Test
  void anUploadIsPostedAsTheMessageAndRecordedByteExact() throws Exception {
    HttpResponse<String> r = sandbox.sendVideo(TOKEN, fields("chat_id", "@montage", "caption", "Монтаж за 5 минут 🎬",
        "supports_streaming", "true", "width", 1080, "height", 1920, "duration", 10), "video", CLIP);
    assertEquals(200, r.statusCode(), r.body());
    JsonObject message = new JsonObject(r.body()).getJsonObject("result");
    assertEquals(CHANNEL, message.getJsonObject("chat").getLong("id"));
    assertEquals("montage", message.getJsonObject("chat").getString("username"));
    assertEquals("Монтаж за 5 минут 🎬", message.getString("caption"));
    JsonObject video = message.getJsonObject("video");
    assertEquals(Files.size(CLIP), video.getLong("file_size"));
    assertEquals(1080, video.getInteger("width"));
    assertEquals(1920, video.getInteger("height"));
    assertEquals(10, video.getInteger("duration"));
    assertTrue(video.getString("file_id").length() > 20 && video.getString("file_unique_id").startsWith("AgAD"));

    JsonArray posts = sandbox.posts();
    assertEquals(1, posts.size());
    JsonObject post = posts.getJsonObject(0);
    assertEquals(CHANNEL + "/" + message.getLong("message_id"), post.getString("externalId"));
    assertEquals(clipSha, post.getString("sha256"));
    assertEquals(Files.size(CLIP), post.getLong("bytes"));
    assertEquals("Монтаж за 5 минут 🎬", post.getString("caption"));
    assertTrue(post.getJsonObject("extra").getBoolean("supportsStreaming"));

    HttpResponse<String> next = sandbox.sendVideo(TOKEN, fields("chat_id", CHANNEL), "video", CLIP);
    assertEquals(message.getLong("message_id") + 1, new JsonObject(next.body()).getJsonObject("result").getLong("message_id"));
  }

  @Test
  void chatIdAndVideoAreRequired() throws Exception {
    assertRefused(400, "Bad Request: chat_id is empty", sandbox.sendVideo(TOKEN, fields("caption", "x"), "video", CLIP));
    assertRefused(400, "Bad Request: there is no video in the request", sandbox.sendVideo(TOKEN, fields("chat_id", CHANNEL), null, null));
    assertRefused(400, "Bad Request: there is no video in the request", sandbox.sendVideo(TOKEN, fields("chat_id", CHANNEL), "file", CLIP));
    Path empty = Files.createTempFile("empty", ".mp4");
    try {
      assertRefused(400, "Bad Request: file must be non-empty", sandbox.sendVideo(TOKEN, fields("chat_id", CHANNEL), "video", empty));
    } finally {
      Files.delete(empty);
    }
    assertEquals(0, sandbox.posts().size());
  }

  @Test
  void theBotMustBeAnAdministratorAllowedToPostInTheChannel() throws Exception {
    assertRefused(400, "Bad Request: chat not found", sandbox.sendVideo(TOKEN, fields("chat_id", "@nosuchchannel"), "video", CLIP));
    assertRefused(400, "Bad Request: need administrator rights in the channel chat",
        sandbox.sendVideo(TOKEN, fields("chat_id", -1001111111111L), "video", CLIP));
    assertRefused(400, "Bad Request: need administrator rights in the channel chat",
        sandbox.sendVideo(TOKEN, fields("chat_id", "@noright"), "video", CLIP));
    assertRefused(403, "Forbidden: bot was kicked from the channel chat", sandbox.sendVideo(TOKEN, fields("chat_id", "@kickedout"), "video", CLIP));
    assertRefused(403, "Forbidden: bot is not a member of the channel chat", sandbox.sendVideo(TOKEN, fields("chat_id", "@stranger"), "video", CLIP));
    assertEquals(0, sandbox.posts().size());
    assertEquals(200, sandbox.sendVideo(TOKEN, fields("chat_id", -1005555555555L), "video", CLIP).statusCode(), "the creator may post");
  }

  @Test
  void theCaptionIsCountedInCharactersAfterEntityParsing() throws Exception {
    String emoji1024 = "🎬".repeat(1024);   // 1024 characters, 2048 UTF-16 units
    assertEquals(200, sandbox.sendVideo(TOKEN, fields("chat_id", CHANNEL, "caption", emoji1024), "video", CLIP).statusCode());
    assertRefused(400, "Bad Request: message caption is too long",
        sandbox.sendVideo(TOKEN, fields("chat_id", CHANNEL, "caption", "a".repeat(1025)), "video", CLIP));
    String html = "<b>" + "a".repeat(1000) + "</b> &amp; <a href=\"https://t.me/montage\">more</a>";   // 1007 shown, 1050 sent
    HttpResponse<String> ok = sandbox.sendVideo(TOKEN, fields("chat_id", CHANNEL, "caption", html, "parse_mode", "HTML"), "video", CLIP);
    assertEquals(200, ok.statusCode(), ok.body());
    assertEquals("a".repeat(1000) + " & more", new JsonObject(ok.body()).getJsonObject("result").getString("caption"));
    assertRefused(400, "Bad Request: message caption is too long", sandbox.sendVideo(TOKEN,
        fields("chat_id", CHANNEL, "caption", "<i>" + "a".repeat(1025) + "</i>", "parse_mode", "html"), "video", CLIP));
    assertEquals(2, sandbox.posts().size());
  }

  @Test
  void parseModeAndMarkupAreChecked() throws Exception {
    assertRefused(400, "Bad Request: unsupported parse_mode",
        sandbox.sendVideo(TOKEN, fields("chat_id", CHANNEL, "caption", "x", "parse_mode", "BBCode"), "video", CLIP));
    assertRefused(400, "Bad Request: can't parse entities: Character '.' is reserved and must be escaped with the preceding '\\'",
        sandbox.sendVideo(TOKEN, fields("chat_id", CHANNEL, "caption", "*Hello* world.", "parse_mode", "MarkdownV2"), "video", CLIP));
    assertRefused(400, "Bad Request: can't parse entities: Unsupported start tag \"h1\" at byte offset 0",
        sandbox.sendVideo(TOKEN, fields("chat_id", CHANNEL, "caption", "<h1>Hi</h1>", "parse_mode", "HTML"), "video", CLIP));
    assertEquals(0, sandbox.posts().size());
    HttpResponse<String> ok = sandbox.sendVideo(TOKEN, fields("chat_id", CHANNEL, "caption", "*Hello* world\\.", "parse_mode", "MarkdownV2"),
        "video", CLIP);
    assertEquals("Hello world.", new JsonObject(ok.body()).getJsonObject("result").getString("caption"));
  }

  @Test
  void tokensAndMethodsAreChecked() throws Exception {
    assertRefused(401, "Unauthorized", sandbox.sendVideo("987654321:AAEzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz", fields("chat_id", CHANNEL), "video", CLIP));
    assertRefused(404, "Not Found", sandbox.sendVideo("not-a-token", fields("chat_id", CHANNEL), "video", CLIP));
    assertRefused(404, "Not Found", sandbox.call(TOKEN, "sendHologram", new JsonObject()));
    assertEquals(0, sandbox.posts().size());
    JsonObject member = new JsonObject(sandbox.call(TOKEN, "getChatMember", new JsonObject().put("chat_id", "@montage").put("user_id", BOT_ID))
        .body()).getJsonObject("result");
    assertEquals("administrator", member.getString("status"));
    assertTrue(member.getBoolean("can_post_messages"));
  }

  @Test
  void theCloudApiRefusesUploadsOver50MbAndALocalServerTakesThem(@TempDir Path dir) throws Exception {
    Path big = dir.resolve("big.mp4");
    try (RandomAccessFile f = new RandomAccessFile(big.toFile(), "rw")) {
      f.setLength(50L * 1024 * 1024 + 1);   // sparse: no disk used
    }
    assertRefused(413, "Request Entity Too Large", sandbox.sendVideo(TOKEN, fields("chat_id", CHANNEL), "video", big));
    assertEquals(0, sandbox.posts().size());

    sandbox.localServer(true);
    HttpResponse<String> ok = sandbox.sendVideo(TOKEN, fields("chat_id", CHANNEL), "video", big);
    assertEquals(200, ok.statusCode(), ok.body());
    assertEquals(50L * 1024 * 1024 + 1, sandbox.posts().getJsonObject(0).getLong("bytes"));
  }

  @Test
  void aVideoCanBeSentAgainByFileIdOrFetchedFromAUrl() throws Exception {
    HttpResponse<String> first = sandbox.sendVideo(TOKEN, fields("chat_id", CHANNEL), "video", CLIP);
    String fileId = new JsonObject(first.body()).getJsonObject("result").getJsonObject("video").getString("file_id");
    HttpResponse<String> again = sandbox.call(TOKEN, "sendVideo", new JsonObject().put("chat_id", CHANNEL).put("video", fileId));
    assertEquals(200, again.statusCode(), again.body());
    assertEquals(fileId, new JsonObject(again.body()).getJsonObject("result").getJsonObject("video").getString("file_id"));
    assertRefused(400, "Bad Request: wrong file identifier/HTTP URL specified",
        sandbox.call(TOKEN, "sendVideo", new JsonObject().put("chat_id", CHANNEL).put("video", "BAACAgIAAxnope")));

    var files = sandbox.vertx.createHttpServer().requestHandler(req -> {
      if (req.path().equals("/clip.mp4")) req.response().sendFile(CLIP.toString());
      else req.response().setStatusCode(404).end();
    });
    int port = files.listen(0, "127.0.0.1").await(10, TimeUnit.SECONDS).actualPort();
    HttpResponse<String> fetched = sandbox.call(TOKEN, "sendVideo", new JsonObject().put("chat_id", CHANNEL)
        .put("video", "http://127.0.0.1:" + port + "/clip.mp4").put("caption", "from a URL"));
    assertEquals(200, fetched.statusCode(), fetched.body());
    assertRefused(400, "Bad Request: failed to get HTTP URL content", sandbox.call(TOKEN, "sendVideo",
        new JsonObject().put("chat_id", CHANNEL).put("video", "http://127.0.0.1:" + port + "/gone.mp4")));

    JsonArray posts = sandbox.posts();
    assertEquals(3, posts.size());
    posts.forEach(p -> assertEquals(clipSha, ((JsonObject) p).getString("sha256")));
    assertEquals("from a URL", posts.getJsonObject(2).getString("caption"));
    assertFalse(posts.getJsonObject(0).getString("externalId").equals(posts.getJsonObject(1).getString("externalId")));
  }
}
