package io.clipcast.api;

import io.clipcast.crypto.KeyRing;
import io.clipcast.crypto.TokenAad;
import io.clipcast.crypto.TokenCipher;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Token connect through the real Telegram connector against the sandbox's Telegram simulator (real HTTP). */
class ConnectTelegramTest {
  private static final String TOKEN = "123456789:AAEhBOweik6ad9r_QXMENQjcrGbqCr4K-ra";
  private static TestSandbox sandbox;
  private static ApiFixture api;
  private static String sandboxBase;

  @BeforeAll
  static void start() throws Exception {
    sandbox = new TestSandbox();
    sandboxBase = sandbox.base;
    api = new ApiFixture(new JsonObject().put("sandbox", sandboxBase));
    seed("/telegram/_sandbox/bots", new JsonObject().put("token", TOKEN).put("id", 123456789L).put("username", "clipcast_bot"));
    seed("/telegram/_sandbox/chats", new JsonObject().put("id", -1001234567890L).put("title", "Курсы по монтажу").put("username", "montage")
        .put("admins", new JsonObject().put("123456789", "administrator")));
    seed("/telegram/_sandbox/chats", new JsonObject().put("id", -1009876543210L).put("title", "Not mine").put("username", "notmine")
        .put("admins", new JsonObject().put("123456789", "member")));
  }

  @AfterAll
  static void stop() throws Exception {
    api.close();
    sandbox.close();
  }

  private static void seed(String path, JsonObject body) throws Exception {
    var r = java.net.http.HttpClient.newBuilder().version(java.net.http.HttpClient.Version.HTTP_1_1).build().send(
        java.net.http.HttpRequest.newBuilder(java.net.URI.create(sandboxBase + path)).header("Content-Type", "application/json")
            .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body.encode())).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
    assertEquals(204, r.statusCode());
  }

  private static ApiFixture.Response connect(String token, String botToken, String chat) {
    return api.json("POST", "/api/v1/connections", token, new JsonObject().put("platform", "telegram")
        .put("credentials", new JsonObject().put("botToken", botToken).put("chat", chat)));
  }

  @Test
  void aValidBotAndChannelAreConnectedWithTheTokenEncryptedInItsRow() throws Exception {
    ApiFixture.User u = api.user("pro");
    ApiFixture.Response r = connect(u.token(), TOKEN, "@montage");
    assertEquals(201, r.status(), r.body());
    JsonObject c = r.json();
    assertEquals("Курсы по монтажу", c.getString("displayName"));
    assertEquals("-1001234567890", c.getString("externalAccountId"));
    assertEquals("connected", c.getString("status"));
    assertFalse(r.body().contains(TOKEN.substring(10)), "the token never comes back");

    JsonObject db = api.config.getJsonObject("db");
    try (Connection conn = DriverManager.getConnection(io.clipcast.db.PgPools.jdbcUrl(db), db.getString("user"), "");
         ResultSet rs = conn.createStatement().executeQuery("SELECT access_token_enc, key_id FROM platform_connections WHERE id = '" + c.getString("id") + "'")) {
      rs.next();
      byte[] blob = rs.getBytes(1);
      assertFalse(new String(blob, java.nio.charset.StandardCharsets.ISO_8859_1).contains(TOKEN), "stored encrypted");
      assertEquals("t1", rs.getString(2));
      TokenCipher cipher = new TokenCipher(KeyRing.fromConfig(api.config));
      assertEquals(TOKEN, cipher.decrypt(blob, new TokenAad(UUID.fromString(c.getString("id")), UUID.fromString(u.id()), "telegram")));
    }
    ApiFixture.Response again = connect(u.token(), TOKEN, "-1001234567890");
    assertEquals(201, again.status());
    assertEquals(c.getString("id"), again.json().getString("id"), "reconnecting the same channel updates the same row");
    assertEquals(1, api.get("/api/v1/connections", u.token()).json().getJsonArray("items").size());
  }

  @Test
  void nullsAndWrongTypesInCredentialsAre400NamingTheField() {
    ApiFixture.User u = api.user("pro");
    record Case(String platform, String credentials, String field) {}
    Case[] cases = {
        new Case("telegram", "{\"botToken\":null,\"chat\":\"@montage\"}", "credentials.botToken"),
        new Case("telegram", "{\"botToken\":\"" + TOKEN + "\",\"chat\":null}", "credentials.chat"),
        new Case("telegram", "{\"botToken\":{\"x\":null},\"chat\":\"@montage\"}", "credentials.botToken"),
        new Case("telegram", "{\"botToken\":[null],\"chat\":\"@montage\"}", "credentials.botToken"),
        new Case("telegram", "{\"botToken\":true,\"chat\":\"@montage\"}", "credentials.botToken"),
        new Case("telegram", "{\"botToken\":\"" + TOKEN + "\",\"chat\":\"@mon\\u0000tage\"}", "credentials.chat"),
        new Case("telegram", "{\"botToken\":\"" + TOKEN + "\\u0001\",\"chat\":\"@montage\"}", "credentials.botToken"),
        new Case("rutube", "{\"token\":null}", "credentials.token"),
        new Case("rutube", "{\"login\":null,\"password\":\"pa ss\"}", "credentials.login"),
        new Case("rutube", "{\"login\":\"me@example.com\",\"password\":null}", "credentials.password"),
        new Case("rutube", "{\"login\":\"me@example.com\",\"password\":{\"a\":{\"b\":null}}}", "credentials.password"),
        new Case("rutube", "{\"token\":12.5}", "credentials.token"),
        new Case("rutube", "{\"token\":\"abc\\u0000\"}", "credentials.token"),
    };
    for (Case c : cases) {
      ApiFixture.Response r = api.send("POST", "/api/v1/connections", u.token(), "application/json",
          "{\"platform\":\"" + c.platform() + "\",\"credentials\":" + c.credentials() + "}");
      assertEquals(400, r.status(), c + ": " + r.body());
      assertEquals("validation_failed", r.errorCode(), c.toString());
      assertEquals(c.field(), r.json().getJsonObject("error").getString("field"), c.toString());
    }
    for (String body : new String[] {"{\"platform\":null,\"credentials\":{}}", "{\"platform\":\"telegram\",\"credentials\":null}",
        "{\"platform\":\"tele\\u0000gram\",\"credentials\":{}}", "{\"platform\":[\"telegram\"],\"credentials\":{}}"}) {
      ApiFixture.Response r = api.send("POST", "/api/v1/connections", u.token(), "application/json", body);
      assertEquals(400, r.status(), body + ": " + r.body());
    }
    for (String body : new String[] {"{\"platform\":null}", "{\"platform\":7}", "{\"platform\":{\"a\":null}}"}) {
      ApiFixture.Response r = api.send("POST", "/api/v1/connections/oauth/start", u.token(), "application/json", body);
      assertEquals(400, r.status(), body + ": " + r.body());
      assertEquals("platform", r.json().getJsonObject("error").getString("field"), body);
    }
    for (String body : new String[] {"{\"state\":null,\"code\":\"c\"}", "{\"state\":\"s\",\"code\":null}", "{\"state\":\"s\",\"error\":null}",
        "{\"state\":\"s\",\"code\":[null]}", "{\"state\":\"s\",\"code\":\"c\",\"params\":null}", "{\"state\":\"s\",\"code\":\"c\",\"params\":{\"a\":null}}",
        "{\"state\":\"s\",\"code\":\"c\",\"params\":{\"a\":{\"b\":null}}}", "{\"state\":\"s\",\"code\":\"c\",\"params\":{\"a\":\"x\\u0000\"}}",
        "{\"state\":\"s\\u0000\",\"code\":\"c\"}", "{\"state\":\"s\",\"code\":\"c\\u0000\"}", "{\"state\":\"s\",\"code\":\"c\",\"params\":[null]}"}) {
      ApiFixture.Response r = api.send("POST", "/api/v1/connections/oauth/callback", u.token(), "application/json", body);
      assertEquals(400, r.status(), body + ": " + r.body());
    }
    assertEquals(404, api.send("DELETE", "/api/v1/connections/%00", u.token(), null, null).status(), "not an id, so nothing found");
    assertEquals(0, api.count("SELECT count(*) FROM platform_connections WHERE user_id = '" + u.id() + "'"), "nothing stored");
  }

  @Test
  void whatTelegramRefusesIsExplained() {
    ApiFixture.User u = api.user("pro");
    ApiFixture.Response malformed = connect(u.token(), "not-a-token", "@montage");
    assertEquals(400, malformed.status());
    assertEquals("credentials.botToken", malformed.json().getJsonObject("error").getString("field"));
    ApiFixture.Response revoked = connect(u.token(), "987654321:AAEzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz", "@montage");
    assertEquals(400, revoked.status());
    assertTrue(revoked.json().getJsonObject("error").getString("message").contains("BotFather"), revoked.body());
    ApiFixture.Response unseen = connect(u.token(), TOKEN, "@nosuchchannel");
    assertEquals(400, unseen.status());
    assertTrue(unseen.json().getJsonObject("error").getString("message").contains("cannot see"), unseen.body());
    // A bot that is only a member: Telegram refuses to show it the channel's member list (docs/platforms/telegram.md).
    ApiFixture.Response notAdmin = connect(u.token(), TOKEN, "@notmine");
    assertEquals(400, notAdmin.status(), notAdmin.body());
    assertEquals("credentials.chat", notAdmin.json().getJsonObject("error").getString("field"));
    assertTrue(notAdmin.json().getJsonObject("error").getString("message").contains("add the bot to the channel as an admin with 'Post messages'"),
        notAdmin.body());
    ApiFixture.Response plan = connect(api.user("start").token(), TOKEN, "@montage");
    assertEquals(403, plan.status());
    assertEquals(0, api.count("SELECT count(*) FROM platform_connections WHERE user_id = '" + u.id() + "'"), "nothing stored");
  }
}
