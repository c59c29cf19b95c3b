package io.clipcast.platforms.telegram;

import io.clipcast.platforms.ConnectedAccount;
import io.clipcast.platforms.ConnectorSettings;
import io.clipcast.platforms.CredentialsRejected;
import io.clipcast.platforms.catalog.PlatformCatalog;
import io.clipcast.sandbox.SandboxVerticle;
import io.clipcast.testing.TestServices;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Connecting a channel through the sandbox's Bot API over real HTTP: Telegram shows a bot its own membership of a
 * channel only when it is an administrator there (docs/platforms/telegram.md, "Connecting"), and each other case is a
 * refusal naming {@code credentials.chat} that tells the user to make the bot an admin with 'Post messages'.
 */
class TelegramConnectTest {
  private static final String TOKEN = "123456789:AAEhBOweik6ad9r_QXMENQjcrGbqCr4K-ra";
  private static final long BOT = 123456789L;
  private static final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  private static Vertx sandbox;
  private static Vertx vertx;
  private static String sandboxBase;
  private static TelegramConnector connector;

  @BeforeAll
  static void start() throws Exception {
    sandbox = Vertx.vertx();
    int port = TestServices.freePort();
    sandbox.deployVerticle(SandboxVerticle::new, new DeploymentOptions().setConfig(new JsonObject().put("host", "127.0.0.1").put("port", port)))
        .await(30, TimeUnit.SECONDS);
    sandboxBase = "http://127.0.0.1:" + port;
    post("/telegram/_sandbox/bots", new JsonObject().put("token", TOKEN).put("id", BOT).put("username", "clipcast_bot"));
    vertx = Vertx.vertx();
    connector = new TelegramConnector(2);
    connector.init(vertx, new ConnectorSettings(Map.of("api", sandboxBase + "/telegram/api"), "", "", "",
        PlatformCatalog.shipped().rules("telegram")));
  }

  @AfterAll
  static void stop() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
    sandbox.close().await(10, TimeUnit.SECONDS);
  }

  private static HttpResponse<String> post(String path, JsonObject body) throws Exception {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(sandboxBase + path)).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body.encode())).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(204, r.statusCode(), r.body());
    return r;
  }

  private static void channel(long id, String username, Object botStatus) throws Exception {
    JsonObject chat = new JsonObject().put("id", id).put("title", "Channel " + id).put("type", "channel")
        .put("admins", new JsonObject().put(Long.toString(BOT), botStatus));
    if (username != null) chat.put("username", username);
    post("/telegram/_sandbox/chats", chat);
  }

  private static ConnectedAccount connect(String chat) throws Exception {
    return connector.validateCredentials(new JsonObject().put("botToken", TOKEN).put("chat", chat)).await(20, TimeUnit.SECONDS);
  }

  /** The refusal for {@code chat}: a CredentialsRejected naming credentials.chat, never a "try again". */
  private static CredentialsRejected refusal(String chat) throws Exception {
    try {
      connect(chat);
    } catch (Exception e) {
      Throwable cause = e;
      while (cause.getCause() != null && !(cause instanceof CredentialsRejected)) cause = cause.getCause();
      CredentialsRejected r = assertInstanceOf(CredentialsRejected.class, cause, "refused as a credentials problem, not a failure: " + e);
      assertEquals("credentials.chat", r.field());
      assertTrue(r.getMessage().contains("add the bot to the channel as an admin with 'Post messages'"), r.getMessage());
      return r;
    }
    throw new AssertionError(chat + " was connected");
  }

  @Test
  void aBotThatIsAMemberButNotAnAdminIsToldToBeMadeAnAdmin() throws Exception {
    channel(-1001000000001L, "membersonly", "member");
    assertTrue(refusal("@membersonly").getMessage().contains("member list is inaccessible"), "Telegram's own words are kept");
  }

  @Test
  void aBotOutsideAPublicChannelSeesItButNotItsMembers() throws Exception {
    channel(-1001000000002L, "outside", "left");
    assertTrue(refusal("@outside").getMessage().contains("member list is inaccessible"));
  }

  @Test
  void aBotOutsideAPrivateChannelOrKickedFromOneIsRefusedAtGetChat() throws Exception {
    channel(-1001000000003L, null, "left");
    assertTrue(refusal("-1001000000003").getMessage().contains("bot is not a member of the channel chat"));
    channel(-1001000000004L, "kicked", "kicked");
    assertTrue(refusal("@kicked").getMessage().contains("bot was kicked from the channel chat"));
  }

  @Test
  void anAdminWithoutThePostRightIsRefusedAndConnectsOncePromoted() throws Exception {
    channel(-1001000000005L, "norights", new JsonObject().put("status", "administrator").put("can_post_messages", false));
    refusal("@norights");
    post("/telegram/_sandbox/members", new JsonObject().put("chat", -1001000000005L).put("user", BOT).put("status", "administrator"));
    ConnectedAccount account = connect("@norights");
    assertEquals("-1001000000005", account.externalAccountId());
    assertEquals("clipcast_bot", account.metadata().getString("botUsername"));
  }

  @Test
  void aMemberPromotedToAdminConnects() throws Exception {
    channel(-1001000000006L, "promoted", "member");
    refusal("@promoted");
    post("/telegram/_sandbox/members", new JsonObject().put("chat", -1001000000006L).put("user", BOT).put("status", "administrator"));
    assertEquals("Channel -1001000000006", connect("@promoted").displayName());
  }
}
