package io.clipcast.api;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AuthApiTest {
  private static ApiFixture api;

  @BeforeAll
  static void start() {
    api = new ApiFixture(new JsonObject().put("auth", new JsonObject().put("loginFreeFailures", 3).put("loginBaseDelaySeconds", 60)));
  }

  @AfterAll
  static void stop() {
    api.close();
  }

  private static JsonObject creds(String email, String password) {
    return new JsonObject().put("email", email).put("password", password);
  }

  @Test
  void registerLoginAndMe() {
    ApiFixture.Response reg = api.json("POST", "/api/v1/auth/register", null,
        creds("Anna.K@example.com", "correct horse battery").put("timeZone", "Europe/Moscow"));
    assertEquals(201, reg.status(), reg.body());
    JsonObject user = reg.json().getJsonObject("user");
    assertEquals("free", user.getString("plan"));
    assertEquals("Europe/Moscow", user.getString("timeZone"));
    assertFalse(reg.body().contains("argon2"), "the hash never leaves the server");
    assertTrue(api.count("SELECT count(*) FROM users WHERE password_hash LIKE '$argon2id$v=19$m=19456,t=2,p=1$%'") >= 1);

    ApiFixture.Response again = api.json("POST", "/api/v1/auth/register", null, creds("anna.k@EXAMPLE.com", "another password 1"));
    assertEquals(409, again.status());
    assertEquals("email_taken", again.errorCode());

    ApiFixture.Response login = api.json("POST", "/api/v1/auth/login", null, creds("anna.k@example.com", "correct horse battery"));
    assertEquals(200, login.status(), login.body());
    String token = login.json().getString("accessToken");
    ApiFixture.Response me = api.get("/api/v1/me", token);
    assertEquals(200, me.status());
    assertEquals("Anna.K@example.com", me.json().getString("email"));
    assertEquals("Free", me.json().getJsonObject("planDetails").getString("displayName"));
    assertTrue(me.json().getJsonObject("planDetails").getString("upgradeHint").contains("Upgrade"));
  }

  @Test
  void wrongPasswordIs401AndRepeatedFailuresFromOneAddressWait() {
    String email = "throttle-" + System.nanoTime() + "@example.com";
    api.json("POST", "/api/v1/auth/register", null, creds(email, "correct horse battery"));
    for (int i = 0; i < 3; i++) {
      ApiFixture.Response r = api.json("POST", "/api/v1/auth/login", null, creds(email, "wrong password " + i));
      assertEquals(401, r.status());
      assertEquals("invalid_credentials", r.errorCode());
    }
    ApiFixture.Response locked = api.json("POST", "/api/v1/auth/login", null, creds(email, "correct horse battery"));
    assertEquals(429, locked.status(), "from the guessing address, even the right password waits");
    assertEquals("too_many_attempts", locked.errorCode());
    long retryAfter = Long.parseLong(locked.raw().headers().firstValue("Retry-After").orElse("0"));
    assertTrue(retryAfter > 0 && retryAfter <= 900, "Retry-After " + retryAfter);
    ApiFixture.Response unknown = api.json("POST", "/api/v1/auth/login", null, creds("nobody-" + System.nanoTime() + "@example.com", "whatever pass"));
    assertEquals(401, unknown.status(), "an unknown e-mail looks the same as a wrong password");
  }

  @Test
  void apiKeysAreShownOnceStoredHashedAndRevocable() {
    ApiFixture.User u = api.user("pro");
    ApiFixture.Response created = api.json("POST", "/api/v1/api-keys", u.token(), new JsonObject().put("name", "CI uploader"));
    assertEquals(201, created.status(), created.body());
    String key = created.json().getString("key");
    assertTrue(key.startsWith("cc_"));
    assertEquals(0, api.count("SELECT count(*) FROM api_keys WHERE key_hash = '" + key + "'"), "never stored in clear");

    assertEquals(200, api.get("/api/v1/me", key).status(), "the key authenticates");
    ApiFixture.Response list = api.get("/api/v1/api-keys", u.token());
    assertFalse(list.body().contains(key), "listing never shows the key");
    assertEquals(1, list.json().getJsonArray("items").size());
    assertNotNull(list.json().getJsonArray("items").getJsonObject(0).getString("lastUsedAt"));

    String keyId = created.json().getString("id");
    assertEquals(204, api.send("DELETE", "/api/v1/api-keys/" + keyId, u.token(), null, null).status());
    assertEquals(401, api.get("/api/v1/me", key).status(), "a revoked key stops working");
    assertEquals(404, api.send("DELETE", "/api/v1/api-keys/" + keyId, u.token(), null, null).status());
  }

  @Test
  void forgedTokensAreRefused() {
    ApiFixture.User u = api.user("free");
    String[] parts = u.token().split("\\.");
    String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
    Base64.Encoder enc = Base64.getUrlEncoder().withoutPadding();
    String none = enc.encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8)) + "." + parts[1] + ".";
    assertEquals(401, api.get("/api/v1/me", none).status(), "alg:none is refused");
    String otherUser = payload.replace(u.id(), "00000000-0000-0000-0000-000000000001");
    String tampered = parts[0] + "." + enc.encodeToString(otherUser.getBytes(StandardCharsets.UTF_8)) + "." + parts[2];
    assertEquals(401, api.get("/api/v1/me", tampered).status(), "a changed payload fails the signature");
    String hs512 = enc.encodeToString("{\"alg\":\"HS512\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8)) + "." + parts[1] + "." + parts[2];
    assertEquals(401, api.get("/api/v1/me", hs512).status(), "algorithm confusion is refused");
    ApiFixture.Response noAuth = api.get("/api/v1/me", null);
    assertEquals(401, noAuth.status());
    assertEquals("unauthorized", noAuth.errorCode());
    assertEquals(401, api.get("/api/v1/me", "garbage").status());
  }

  @Test
  void platformsListSaysWhatThePlanAllows() {
    JsonObject free = api.get("/api/v1/platforms", api.user("free").token()).json();
    assertEquals(9, free.getJsonArray("items").size());
    assertTrue(free.getJsonArray("items").stream().map(o -> (JsonObject) o).noneMatch(p -> p.getBoolean("allowedByPlan")));
    assertTrue(free.getJsonArray("items").getJsonObject(0).getString("upgradeHint").contains("Upgrade"));
    JsonObject start = api.get("/api/v1/platforms", api.user("start").token()).json();
    for (Object o : start.getJsonArray("items")) {
      JsonObject p = (JsonObject) o;
      assertEquals(p.getString("id").equals("vk"), p.getBoolean("allowedByPlan"), p.getString("id"));
    }
    JsonObject pro = api.get("/api/v1/platforms", api.user("pro").token()).json();
    assertTrue(pro.getJsonArray("items").stream().map(o -> (JsonObject) o).allMatch(p -> p.getBoolean("allowedByPlan")));
    assertTrue(pro.getJsonArray("items").getJsonObject(0).containsKey("rateLimits"), "rules come from conf/platforms");
  }
}
