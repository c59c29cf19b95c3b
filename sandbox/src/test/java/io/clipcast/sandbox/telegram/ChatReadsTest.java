package io.clipcast.sandbox.telegram;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;

import static io.clipcast.sandbox.telegram.TelegramSandbox.BOT_ID;
import static io.clipcast.sandbox.telegram.TelegramSandbox.TOKEN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * getChat and getChatMember answer as the Bot API server does (docs/platforms/telegram.md, "Connecting"): a channel's
 * member list, the bot's own entry included, is readable by its administrators only.
 */
class ChatReadsTest {
  private static TelegramSandbox sandbox;

  @BeforeAll
  static void start() throws Exception {
    sandbox = new TelegramSandbox();
    sandbox.channel(-1001000000001L, "admin", "administrator");
    sandbox.channel(-1001000000002L, "member", "member");
    sandbox.channel(-1001000000003L, "outside", "left");
    sandbox.channel(-1001000000004L, null, "left");
    sandbox.channel(-1001000000005L, "kicked", "kicked");
    sandbox.channel(-1001000000006L, "noright", new JsonObject().put("status", "administrator").put("can_post_messages", false));
  }

  @AfterAll
  static void stop() throws Exception {
    sandbox.close();
  }

  private static HttpResponse<String> member(Object chat) throws Exception {
    return sandbox.call(TOKEN, "getChatMember", new JsonObject().put("chat_id", chat).put("user_id", BOT_ID));
  }

  private static HttpResponse<String> chat(Object chat) throws Exception {
    return sandbox.call(TOKEN, "getChat", new JsonObject().put("chat_id", chat));
  }

  private static void assertRefused(int status, String description, HttpResponse<String> r) {
    assertEquals(status, r.statusCode(), r.body());
    JsonObject body = new JsonObject(r.body());
    assertFalse(body.getBoolean("ok"));
    assertEquals(status, body.getInteger("error_code"));
    assertEquals(description, body.getString("description"));
  }

  @Test
  void anAdministratorReadsItsOwnMembership() throws Exception {
    JsonObject admin = new JsonObject(member("@admin").body()).getJsonObject("result");
    assertEquals("administrator", admin.getString("status"));
    assertEquals(BOT_ID, admin.getJsonObject("user").getLong("id"));
    JsonObject noRight = new JsonObject(member("@noright").body()).getJsonObject("result");
    assertEquals(false, noRight.getBoolean("can_post_messages"));
  }

  @Test
  void aBotThatIsNotAnAdministratorCannotReadTheMemberList() throws Exception {
    assertEquals(200, chat("@member").statusCode());
    assertRefused(400, "Bad Request: member list is inaccessible", member("@member"));
    assertEquals(200, chat("@outside").statusCode(), "a public channel is readable from outside");
    assertRefused(400, "Bad Request: member list is inaccessible", member("@outside"));
  }

  @Test
  void aPrivateChannelTheBotIsNotInAndAChannelItWasKickedFromAreRefusedOutright() throws Exception {
    assertRefused(403, "Forbidden: bot is not a member of the channel chat", chat(-1001000000004L));
    assertRefused(403, "Forbidden: bot is not a member of the channel chat", member(-1001000000004L));
    assertRefused(403, "Forbidden: bot was kicked from the channel chat", chat("@kicked"));
    assertRefused(403, "Forbidden: bot was kicked from the channel chat", member("@kicked"));
    assertRefused(400, "Bad Request: chat_id is empty", chat(""));
    assertRefused(400, "Bad Request: chat not found", chat("@nosuchchannel"));
  }

  @Test
  void theMembersSwitchPromotesAndDemotesTheBot() throws Exception {
    sandbox.channel(-1001000000007L, "switch", "member");
    assertRefused(400, "Bad Request: member list is inaccessible", member("@switch"));
    TelegramSandbox.assertStatus(204, sandbox.post("/telegram/_sandbox/members",
        new JsonObject().put("chat", -1001000000007L).put("user", BOT_ID).put("status", "administrator")));
    JsonObject promoted = new JsonObject(member("@switch").body()).getJsonObject("result");
    assertEquals("administrator", promoted.getString("status"));
    assertEquals(true, promoted.getBoolean("can_post_messages"));
    TelegramSandbox.assertStatus(204, sandbox.post("/telegram/_sandbox/members",
        new JsonObject().put("chat", -1001000000007L).put("user", BOT_ID).put("status", "left")));
    assertRefused(400, "Bad Request: member list is inaccessible", member("@switch"));
    TelegramSandbox.assertStatus(400, sandbox.post("/telegram/_sandbox/members", new JsonObject().put("chat", -1009L).put("user", BOT_ID)
        .put("status", "member")));
  }
}
