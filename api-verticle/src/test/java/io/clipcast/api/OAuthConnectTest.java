package io.clipcast.api;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** OAuth connect (start → platform sign-in → callback) through the real VK connector against the sandbox's VK ID simulator. */
class OAuthConnectTest {
  private static final String REDIRECT = "https://app.example.com/oauth/callback";
  private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .followRedirects(HttpClient.Redirect.NEVER).build();
  private static TestSandbox sandbox;
  private static ApiFixture api;
  private static String sandboxBase;

  @BeforeAll
  static void start() throws Exception {
    sandbox = new TestSandbox();
    sandboxBase = sandbox.base;
    api = new ApiFixture(new JsonObject().put("sandbox", sandboxBase).put("oauth", new JsonObject().put("redirectUri", REDIRECT)
        .put("stateTtlSeconds", 600).put("clients", new JsonObject().put("vk", new JsonObject().put("clientId", "51000001")
            .put("clientSecret", "s3cret")))));
    HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(sandboxBase + "/vk/_sandbox/oauth"))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(new JsonObject().put("autoApprove", true)
            .put("user", new JsonObject().put("id", 7000123).put("firstName", "Анна").put("lastName", "Курсова")
                .put("avatar", "https://sun.userapi.com/anna.jpg")).encode())).build(), HttpResponse.BodyHandlers.ofString());
    assertTrue(r.statusCode() < 300, r.body());
  }

  @AfterAll
  static void stop() throws Exception {
    api.close();
    sandbox.close();
  }

  private static ApiFixture.Response start(ApiFixture.User u, String platform) {
    return api.json("POST", "/api/v1/connections/oauth/start", u.token(), new JsonObject().put("platform", platform));
  }

  /** What the platform sends the browser back with, after the user approved. */
  private static Map<String, String> signIn(String authorizeUrl) throws Exception {
    HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(authorizeUrl)).GET().build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(302, r.statusCode(), r.body());
    String location = r.headers().firstValue("Location").orElseThrow();
    assertTrue(location.startsWith(REDIRECT + "?"), "back to the exact redirect URI: " + location);
    Map<String, String> q = new HashMap<>();
    for (String kv : location.substring(location.indexOf('?') + 1).split("&")) {
      int i = kv.indexOf('=');
      q.put(kv.substring(0, i), URLDecoder.decode(kv.substring(i + 1), StandardCharsets.UTF_8));
    }
    return q;
  }

  private static ApiFixture.Response callback(ApiFixture.User u, Map<String, String> q) {
    JsonObject params = new JsonObject();
    q.forEach((k, v) -> { if (!k.equals("code") && !k.equals("state")) params.put(k, v); });
    return api.json("POST", "/api/v1/connections/oauth/callback", u.token(), new JsonObject().put("state", q.get("state"))
        .put("code", q.get("code")).put("params", params));
  }

  private static Map<String, String> query(String url) {
    Map<String, String> q = new HashMap<>();
    for (String kv : URI.create(url).getRawQuery().split("&")) {
      int i = kv.indexOf('=');
      q.put(kv.substring(0, i), URLDecoder.decode(kv.substring(i + 1), StandardCharsets.UTF_8));
    }
    return q;
  }

  @Test
  void signingInOnVkConnectsTheAccountWithItsNameAndAvatar() throws Exception {
    ApiFixture.User u = api.user("pro");
    ApiFixture.Response started = start(u, "vk");
    assertEquals(201, started.status(), started.body());
    String url = started.json().getString("authorizeUrl");
    assertTrue(url.startsWith(sandboxBase + "/vk/id/authorize?"), url);
    Map<String, String> q = query(url);
    assertEquals("51000001", q.get("client_id"));
    assertEquals(REDIRECT, q.get("redirect_uri"));
    assertEquals("S256", q.get("code_challenge_method"));
    assertEquals(43, q.get("code_challenge").length(), "base64url of a SHA-256");
    assertEquals(started.json().getString("state"), q.get("state"));
    assertTrue(started.json().getString("state").length() >= 43, "state carries 256 bits");

    Map<String, String> back = signIn(url);
    assertNotNull(back.get("device_id"), "VK ID sends a device_id");
    ApiFixture.Response done = callback(u, back);
    assertEquals(201, done.status(), done.body());
    JsonObject c = done.json();
    assertEquals("vk", c.getString("platform"));
    assertEquals("7000123", c.getString("externalAccountId"));
    assertEquals("Анна Курсова", c.getString("displayName"));
    assertEquals("https://sun.userapi.com/anna.jpg", c.getString("avatarUrl"));
    assertEquals("connected", c.getString("status"));
    assertNotNull(c.getString("expiresAt"));
    assertEquals(0, api.count("SELECT count(*) FROM oauth_states WHERE user_id = '" + u.id() + "'"), "state used up");
    assertEquals(1, api.count("SELECT count(*) FROM platform_connections WHERE user_id = '" + u.id() + "' AND access_token_enc IS NOT NULL"
        + " AND refresh_token_enc IS NOT NULL AND metadata->>'deviceId' IS NOT NULL"), "tokens kept (encrypted) with the device id refresh needs");

    ApiFixture.Response replay = callback(u, back);
    assertEquals(400, replay.status());
    assertEquals("invalid_state", replay.errorCode(), "a state works once");
  }

  @Test
  void aStateIsBoundToTheUserWhoStartedIt() throws Exception {
    ApiFixture.User a = api.user("pro");
    ApiFixture.User b = api.user("pro");
    Map<String, String> back = signIn(start(a, "vk").json().getString("authorizeUrl"));
    ApiFixture.Response stolen = callback(b, back);
    assertEquals(400, stolen.status());
    assertEquals("invalid_state", stolen.errorCode());
    assertEquals(0, api.count("SELECT count(*) FROM platform_connections WHERE user_id = '" + b.id() + "'"));
    assertEquals(201, callback(a, back).status(), "B's attempt did not burn A's sign-in");
  }

  @Test
  void expiredDeclinedAndRefusedSignInsAreExplainedAndStoreNothing() throws Exception {
    ApiFixture.User u = api.user("business");
    Map<String, String> late = signIn(start(u, "vk").json().getString("authorizeUrl"));
    api.sql("UPDATE oauth_states SET expires_at = now() - interval '1 second' WHERE state = '" + late.get("state") + "'");
    ApiFixture.Response expired = callback(u, late);
    assertEquals(400, expired.status());
    assertEquals("state_expired", expired.errorCode());

    String state = start(u, "vk").json().getString("state");
    ApiFixture.Response declined = api.json("POST", "/api/v1/connections/oauth/callback", u.token(),
        new JsonObject().put("state", state).put("error", "access_denied"));
    assertEquals(400, declined.status());
    assertEquals("oauth_denied", declined.errorCode());

    Map<String, String> forged = signIn(start(u, "vk").json().getString("authorizeUrl"));
    forged.put("code", "not-the-code-vk-sent");
    ApiFixture.Response refused = callback(u, forged);
    assertEquals(400, refused.status(), refused.body());
    assertEquals("oauth_code_rejected", refused.errorCode());
    assertEquals(0, api.count("SELECT count(*) FROM platform_connections WHERE user_id = '" + u.id() + "'"), "nothing stored");
  }

  @Test
  void planKindAndInputAreCheckedFirst() {
    ApiFixture.Response free = start(api.user("free"), "vk");
    assertEquals(403, free.status());
    assertEquals("plan_forbids_platform", free.errorCode());
    ApiFixture.User u = api.user("pro");
    assertEquals("token_required", start(u, "telegram").errorCode());
    assertEquals("oauth_required", api.json("POST", "/api/v1/connections", u.token(), new JsonObject().put("platform", "vk")
        .put("credentials", new JsonObject())).errorCode());
    assertEquals(400, start(u, "myspace").status());
    assertEquals(400, api.json("POST", "/api/v1/connections/oauth/callback", u.token(), new JsonObject().put("code", "x")).status());
    ApiFixture.Response badParams = api.json("POST", "/api/v1/connections/oauth/callback", u.token(),
        new JsonObject().put("state", "s").put("code", "c").put("params", "device_id=1"));
    assertEquals(400, badParams.status());
    assertEquals("params", badParams.json().getJsonObject("error").getString("field"));
    assertEquals(401, api.json("POST", "/api/v1/connections/oauth/start", null, new JsonObject().put("platform", "vk")).status());
    assertEquals(0, api.count("SELECT count(*) FROM oauth_states WHERE user_id = '" + u.id() + "'"), "no state for refused starts");
  }

  @Test
  void aServerWithoutAnOAuthAppSaysWhatToConfigure() {
    ApiFixture.Response r = start(api.user("pro"), "dzen");
    assertEquals(503, r.status(), r.body());
    assertEquals("oauth_not_configured", r.errorCode());
    assertTrue(r.json().getJsonObject("error").getString("message").contains("oauth.clients.dzen"));
  }
}
