package io.clipcast.sandbox.dzen;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Yandex OAuth and Yandex ID info as simulated under /dzen: the flow, and each way the real service says no. */
class DzenOAuthSimulatorTest {
  private static final String CLIENT = "4f1c0a2b9d8e4c7fa1b2c3d4e5f60718";
  private static final String SECRET = "9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b";
  private static final String CALLBACK = "http://127.0.0.1:8080/oauth/callback";
  private static final String VERIFIER = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
  private static SandboxUnderTest sandbox;

  @BeforeAll
  static void start() throws Exception {
    sandbox = new SandboxUnderTest();
    HttpResponse<String> r = sandbox.postJson("/dzen/_sandbox/clients", new JsonObject().put("clientId", CLIENT).put("clientSecret", SECRET)
        .put("redirectUris", new JsonArray().add(CALLBACK)));
    assertEquals(204, r.statusCode(), r.body());
  }

  @AfterAll
  static void stop() throws Exception {
    sandbox.close();
  }

  @BeforeEach
  void reset() throws Exception {
    sandbox.delete("/_sandbox/faults");
    sandbox.postJson("/dzen/_sandbox/oauth", new JsonObject().put("autoApprove", true).put("expiresIn", 31_536_000)
        .put("user", new JsonObject().put("id", "1130000099887766").put("login", "kanal-pro-koshek").put("display_name", "Канал про котов")
            .put("real_name", "Мария Котова").put("default_avatar_id", "28435/enc-77aa").put("is_avatar_empty", false)));
  }

  private static String authorizeUrl(String extra) {
    return "/dzen/oauth/authorize?response_type=code&client_id=" + CLIENT + "&redirect_uri=" + URLEncoder.encode(CALLBACK, StandardCharsets.UTF_8)
        + "&state=st-1" + extra;
  }

  private static String challenge() {
    return io.clipcast.sandbox.kit.oauth.Pkce.s256(VERIFIER);
  }

  /** Authorize with PKCE S256 (auto-approved) and return the code. */
  private static String code() throws Exception {
    HttpResponse<String> r = sandbox.get(authorizeUrl("&scope=login:info%20login:avatar&code_challenge=" + challenge() + "&code_challenge_method=S256"));
    assertEquals(302, r.statusCode(), r.body());
    Map<String, String> q = SandboxUnderTest.query(r.headers().firstValue("Location").orElseThrow());
    assertEquals("st-1", q.get("state"));
    assertTrue(r.headers().firstValue("Location").orElseThrow().startsWith(CALLBACK + "?"));
    return q.get("code");
  }

  private static HttpResponse<String> exchange(String code, String verifier) throws Exception {
    Map<String, String> form = new java.util.LinkedHashMap<>(Map.of("grant_type", "authorization_code", "code", code));
    if (verifier != null) form.put("code_verifier", verifier);
    return sandbox.postForm("/dzen/oauth/token", form, CLIENT, SECRET);
  }

  private static JsonObject error(HttpResponse<String> r) {
    return new JsonObject(r.body());
  }

  @Test
  void codeForTokensThenUserInfoWithTheFieldsTheScopesAllow() throws Exception {
    HttpResponse<String> t = exchange(code(), VERIFIER);
    assertEquals(200, t.statusCode(), t.body());
    JsonObject tokens = new JsonObject(t.body());
    assertEquals("bearer", tokens.getString("token_type"));
    assertEquals(31_536_000L, tokens.getLong("expires_in"));
    assertNotNull(tokens.getString("refresh_token"));
    assertEquals(Map.of("token_type", 1, "access_token", 1, "expires_in", 1, "refresh_token", 1).keySet(), tokens.fieldNames());

    HttpResponse<String> info = sandbox.send(HttpRequest.newBuilder(URI.create(sandbox.base + "/dzen/login/info?format=json"))
        .header("Authorization", "OAuth " + tokens.getString("access_token")));
    assertEquals(200, info.statusCode(), info.body());
    JsonObject u = new JsonObject(info.body());
    assertEquals("1130000099887766", u.getString("id"));
    assertEquals("kanal-pro-koshek", u.getString("login"));
    assertEquals("Канал про котов", u.getString("display_name"));
    assertEquals("28435/enc-77aa", u.getString("default_avatar_id"));
    assertEquals(false, u.getBoolean("is_avatar_empty"));
    assertEquals(CLIENT, u.getString("client_id"));
    assertFalse(u.containsKey("default_email"), "login:email was not granted");

    // the Yandex scheme is "OAuth", and a token is required
    assertEquals(401, sandbox.send(HttpRequest.newBuilder(URI.create(sandbox.base + "/dzen/login/info"))
        .header("Authorization", "Bearer " + tokens.getString("access_token"))).statusCode());
    assertEquals(401, sandbox.get("/dzen/login/info").statusCode());
    assertEquals(401, sandbox.send(HttpRequest.newBuilder(URI.create(sandbox.base + "/dzen/login/info"))
        .header("Authorization", "OAuth y0_not-a-token")).statusCode());
    assertEquals(400, sandbox.send(HttpRequest.newBuilder(URI.create(sandbox.base + "/dzen/login/info?format=xml"))
        .header("Authorization", "OAuth " + tokens.getString("access_token"))).statusCode());
  }

  @Test
  void aCodeIsSingleUseAndBoundToItsPkceVerifier() throws Exception {
    String code = code();
    HttpResponse<String> noVerifier = exchange(code, null);
    assertEquals(400, noVerifier.statusCode());
    assertEquals("invalid_grant", error(noVerifier).getString("error"));
    // the failed exchange used the code up
    assertEquals("invalid_grant", error(exchange(code, VERIFIER)).getString("error"));

    HttpResponse<String> wrong = exchange(code(), VERIFIER.replace('d', 'e'));
    assertEquals(400, wrong.statusCode());
    assertEquals("Code verifier is not valid", error(wrong).getString("error_description"));

    String good = code();
    assertEquals(200, exchange(good, VERIFIER).statusCode());
    HttpResponse<String> replay = exchange(good, VERIFIER);
    assertEquals(400, replay.statusCode());
    assertEquals("invalid_grant", error(replay).getString("error"));
  }

  @Test
  void clientCredentialsAndRequestShapeAreChecked() throws Exception {
    String code = code();
    Map<String, String> form = Map.of("grant_type", "authorization_code", "code", code, "code_verifier", VERIFIER);
    HttpResponse<String> none = sandbox.postForm("/dzen/oauth/token", form, null, null);
    assertEquals(401, none.statusCode());
    assertEquals("invalid_client", error(none).getString("error"));
    HttpResponse<String> wrongSecret = sandbox.postForm("/dzen/oauth/token", form, CLIENT, "nope");
    assertEquals(401, wrongSecret.statusCode());
    assertEquals("Wrong client secret", error(wrongSecret).getString("error_description"));
    HttpResponse<String> json = sandbox.send(HttpRequest.newBuilder(URI.create(sandbox.base + "/dzen/oauth/token"))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(new JsonObject().put("grant_type", "authorization_code").encode())));
    assertEquals(400, json.statusCode());
    assertEquals("invalid_request", error(json).getString("error"));
    HttpResponse<String> noGrant = sandbox.postForm("/dzen/oauth/token", Map.of("code", code), CLIENT, SECRET);
    assertEquals("invalid_request", error(noGrant).getString("error"));
    HttpResponse<String> password = sandbox.postForm("/dzen/oauth/token", Map.of("grant_type", "password"), CLIENT, SECRET);
    assertEquals(400, password.statusCode());
    assertEquals("unsupported_grant_type", error(password).getString("error"));

    // credentials as body fields work as well as HTTP Basic (the code is still unused: the rejections above never reached it)
    HttpResponse<String> body = sandbox.postForm("/dzen/oauth/token", Map.of("grant_type", "authorization_code", "code", code,
        "code_verifier", VERIFIER, "client_id", CLIENT, "client_secret", SECRET), null, null);
    assertEquals(200, body.statusCode(), body.body());
  }

  @Test
  void refreshRotatesTheRefreshTokenAndRefusesTheOldOne() throws Exception {
    JsonObject first = new JsonObject(exchange(code(), VERIFIER).body());
    HttpResponse<String> r = sandbox.postForm("/dzen/oauth/token", Map.of("grant_type", "refresh_token", "refresh_token",
        first.getString("refresh_token")), CLIENT, SECRET);
    assertEquals(200, r.statusCode(), r.body());
    JsonObject second = new JsonObject(r.body());
    assertNotEquals(first.getString("refresh_token"), second.getString("refresh_token"));
    HttpResponse<String> again = sandbox.postForm("/dzen/oauth/token", Map.of("grant_type", "refresh_token", "refresh_token",
        first.getString("refresh_token")), CLIENT, SECRET);
    assertEquals(400, again.statusCode());
    assertEquals("invalid_grant", error(again).getString("error"));
    assertEquals("invalid_request", error(sandbox.postForm("/dzen/oauth/token", Map.of("grant_type", "refresh_token"), CLIENT, SECRET))
        .getString("error"));
  }

  @Test
  void anExpiredAccessTokenIsRefusedByUserInfo() throws Exception {
    sandbox.postJson("/dzen/_sandbox/oauth", new JsonObject().put("expiresIn", 0));
    String token = new JsonObject(exchange(code(), VERIFIER).body()).getString("access_token");
    Thread.sleep(20);
    assertEquals(401, sandbox.send(HttpRequest.newBuilder(URI.create(sandbox.base + "/dzen/login/info"))
        .header("Authorization", "OAuth " + token)).statusCode());
  }

  @Test
  void authorizeRefusesUnknownAppsAndForeignCallbacksOnThePageAndOtherErrorsAtTheCallback() throws Exception {
    HttpResponse<String> unknown = sandbox.get("/dzen/oauth/authorize?response_type=code&client_id=nope&state=x");
    assertEquals(400, unknown.statusCode());
    assertTrue(unknown.headers().firstValue("Location").isEmpty());
    HttpResponse<String> foreign = sandbox.get("/dzen/oauth/authorize?response_type=code&client_id=" + CLIENT
        + "&redirect_uri=" + URLEncoder.encode("https://evil.example/cb", StandardCharsets.UTF_8));
    assertEquals(400, foreign.statusCode());
    assertTrue(foreign.body().contains("redirect_uri does not match"));

    HttpResponse<String> badType = sandbox.get(authorizeUrl("").replace("response_type=code", "response_type=id_token"));
    assertEquals(302, badType.statusCode());
    Map<String, String> q = SandboxUnderTest.query(badType.headers().firstValue("Location").orElseThrow());
    assertEquals("unsupported_response_type", q.get("error"));
    assertEquals("st-1", q.get("state"));
    assertEquals("invalid_scope", SandboxUnderTest.query(sandbox.get(authorizeUrl("&scope=cloud_api:disk.read"))
        .headers().firstValue("Location").orElseThrow()).get("error"));
    assertEquals("invalid_request", SandboxUnderTest.query(sandbox.get(authorizeUrl("&code_challenge=short&code_challenge_method=S256"))
        .headers().firstValue("Location").orElseThrow()).get("error"));
    assertEquals("invalid_request", SandboxUnderTest.query(sandbox.get(authorizeUrl("&code_challenge=" + challenge() + "&code_challenge_method=S512"))
        .headers().firstValue("Location").orElseThrow()).get("error"));
  }

  @Test
  void withoutAutoApproveTheUserApprovesOrDeniesOnThePage() throws Exception {
    sandbox.postJson("/dzen/_sandbox/oauth", new JsonObject().put("autoApprove", false));
    HttpResponse<String> page = sandbox.get(authorizeUrl(""));
    assertEquals(200, page.statusCode());
    assertTrue(page.body().contains("kanal-pro-koshek"), page.body());
    Matcher m = Pattern.compile("name=\"request_id\" value=\"([a-z0-9]+)\"").matcher(page.body());
    assertTrue(m.find());
    HttpResponse<String> approved = sandbox.postForm("/dzen/oauth/authorize", Map.of("request_id", m.group(1), "decision", "approve"), null, null);
    assertEquals(302, approved.statusCode());
    Map<String, String> q = SandboxUnderTest.query(approved.headers().firstValue("Location").orElseThrow());
    assertNotNull(q.get("code"));
    assertEquals(200, exchange(q.get("code"), null).statusCode(), "no PKCE was asked for, so none is checked");
    // the request is used up
    assertEquals(400, sandbox.postForm("/dzen/oauth/authorize", Map.of("request_id", m.group(1), "decision", "approve"), null, null).statusCode());

    Matcher m2 = Pattern.compile("name=\"request_id\" value=\"([a-z0-9]+)\"").matcher(sandbox.get(authorizeUrl("")).body());
    assertTrue(m2.find());
    HttpResponse<String> denied = sandbox.postForm("/dzen/oauth/authorize", Map.of("request_id", m2.group(1), "decision", "deny"), null, null);
    Map<String, String> dq = SandboxUnderTest.query(denied.headers().firstValue("Location").orElseThrow());
    assertEquals("access_denied", dq.get("error"));
    assertEquals("st-1", dq.get("state"));
  }

  @Test
  void faultsOnTokenAndInfoAreActedOutInYandexShapes() throws Exception {
    String code = code();
    sandbox.fault(new JsonObject().put("kind", "rate_limit").put("match", "token").put("retryAfterSeconds", 7));
    HttpResponse<String> limited = exchange(code, VERIFIER);
    assertEquals(429, limited.statusCode());
    assertEquals("7", limited.headers().firstValue("Retry-After").orElseThrow());
    sandbox.fault(new JsonObject().put("kind", "http_error").put("match", "token").put("status", 503));
    assertEquals(503, exchange(code, VERIFIER).statusCode());
    // neither consumed the code
    JsonObject tokens = new JsonObject(exchange(code, VERIFIER).body());

    sandbox.fault(new JsonObject().put("kind", "token_expired").put("match", "token"));
    HttpResponse<String> expired = sandbox.postForm("/dzen/oauth/token", Map.of("grant_type", "refresh_token", "refresh_token",
        tokens.getString("refresh_token")), CLIENT, SECRET);
    assertEquals(400, expired.statusCode());
    assertEquals("invalid_grant", error(expired).getString("error"));

    sandbox.fault(new JsonObject().put("kind", "token_expired").put("match", "info"));
    assertEquals(401, sandbox.send(HttpRequest.newBuilder(URI.create(sandbox.base + "/dzen/login/info"))
        .header("Authorization", "OAuth " + tokens.getString("access_token"))).statusCode());
    assertEquals(200, sandbox.send(HttpRequest.newBuilder(URI.create(sandbox.base + "/dzen/login/info"))
        .header("Authorization", "OAuth " + tokens.getString("access_token"))).statusCode(), "the fault fired once");

    // lost_response: the tokens are issued, the answer never comes
    long before = new JsonObject(sandbox.get("/dzen/_sandbox/oauth").body()).getJsonArray("apps").getJsonObject(0).getLong("accessTokens");
    sandbox.fault(new JsonObject().put("kind", "lost_response").put("match", "token"));
    String lostCode = code();
    assertThrows(java.io.IOException.class, () -> exchange(lostCode, VERIFIER));
    long after = new JsonObject(sandbox.get("/dzen/_sandbox/oauth").body()).getJsonArray("apps").getJsonObject(0).getLong("accessTokens");
    assertEquals(before + 1, after);
  }
}
