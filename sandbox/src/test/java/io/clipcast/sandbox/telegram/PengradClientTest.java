package io.clipcast.sandbox.telegram;

import com.pengrad.telegrambot.TelegramBot;
import com.pengrad.telegrambot.model.ChatFullInfo;
import com.pengrad.telegrambot.model.ChatMember;
import com.pengrad.telegrambot.model.Message;
import com.pengrad.telegrambot.request.GetChat;
import com.pengrad.telegrambot.request.GetChatMember;
import com.pengrad.telegrambot.request.GetMe;
import com.pengrad.telegrambot.request.SendVideo;
import com.pengrad.telegrambot.response.GetChatMemberResponse;
import com.pengrad.telegrambot.response.GetChatResponse;
import com.pengrad.telegrambot.response.GetMeResponse;
import com.pengrad.telegrambot.response.SendResponse;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.security.MessageDigest;
import java.util.HexFormat;

import static io.clipcast.sandbox.telegram.TelegramSandbox.BOT_ID;
import static io.clipcast.sandbox.telegram.TelegramSandbox.CLIP;
import static io.clipcast.sandbox.telegram.TelegramSandbox.TOKEN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * pengrad's java-telegram-bot-api, the most used Java client of the Bot API, runs its normal flows against the simulator
 * unmodified: only its API address points at the sandbox (issue 13: "Telegram (pengrad) … pass unmodified").
 */
class PengradClientTest {
  private static final long CHANNEL = -1001234567890L;
  private static TelegramSandbox sandbox;
  private static TelegramBot bot;

  @BeforeAll
  static void start() throws Exception {
    sandbox = new TelegramSandbox();
    sandbox.channel(CHANNEL, "montage", "administrator");
    sandbox.channel(-1001111111111L, "readonly", "member");
    bot = new TelegramBot.Builder(TOKEN).apiUrl(sandbox.base + "/telegram/api/bot").build();
  }

  @AfterAll
  static void stop() throws Exception {
    bot.shutdown();
    sandbox.close();
  }

  @Test
  void getMeGetChatAndGetChatMemberReadTheBotAndItsChannel() {
    GetMeResponse me = bot.execute(new GetMe());
    assertTrue(me.isOk(), me.description());
    assertEquals(BOT_ID, me.user().id());
    assertEquals("clipcast_bot", me.user().username());
    assertTrue(me.user().isBot());

    GetChatResponse chat = bot.execute(new GetChat("@montage"));
    assertTrue(chat.isOk(), chat.description());
    assertEquals(CHANNEL, chat.chat().id());
    assertEquals(ChatFullInfo.Type.channel, chat.chat().type());
    assertEquals("montage", chat.chat().username());

    GetChatMemberResponse member = bot.execute(new GetChatMember(CHANNEL, BOT_ID));
    assertTrue(member.isOk(), member.description());
    assertEquals(ChatMember.Status.administrator, member.chatMember().status());
    assertTrue(member.chatMember().canPostMessages());
    assertEquals(BOT_ID, member.chatMember().user().id());
  }

  @Test
  void sendVideoUploadsTheFileAsTheLibraryDoes() throws Exception {
    SendResponse sent = bot.execute(new SendVideo("@montage", CLIP.toFile()).caption("Монтаж за 5 минут 🎬").supportsStreaming(true)
        .width(1080).height(1920).duration(10));
    assertTrue(sent.isOk(), sent.description());
    Message message = sent.message();
    assertEquals(CHANNEL, message.chat().id());
    assertEquals("Монтаж за 5 минут 🎬", message.caption());
    assertEquals(Files.size(CLIP), message.video().fileSize());
    assertFalse(message.video().fileId().isBlank());

    JsonObject post = sandbox.posts().stream().map(JsonObject.class::cast)
        .filter(p -> p.getJsonObject("extra").getLong("messageId") == message.messageId().longValue()).findFirst().orElseThrow();
    String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(CLIP)));
    assertEquals(sha, post.getString("sha256"), "the library's multipart body arrived byte-exact");
    assertTrue(post.getJsonObject("extra").getBoolean("supportsStreaming"));

    SendResponse again = bot.execute(new SendVideo(CHANNEL, message.video().fileId()));
    assertTrue(again.isOk(), "resending by file_id: " + again.description());
  }

  @Test
  void refusalsReachTheLibraryAsTelegramSendsThem() {
    GetChatMemberResponse notAdmin = bot.execute(new GetChatMember("@readonly", BOT_ID));
    assertFalse(notAdmin.isOk());
    assertEquals(400, notAdmin.errorCode());
    assertEquals("Bad Request: member list is inaccessible", notAdmin.description());

    TelegramBot revoked = new TelegramBot.Builder("987654321:AAEzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz").apiUrl(sandbox.base + "/telegram/api/bot").build();
    GetMeResponse me = revoked.execute(new GetMe());
    assertFalse(me.isOk());
    assertEquals(401, me.errorCode());
    assertEquals("Unauthorized", me.description());
    revoked.shutdown();
  }
}
