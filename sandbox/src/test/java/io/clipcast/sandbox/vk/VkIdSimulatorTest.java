package io.clipcast.sandbox.vk;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** VK ID OAuth 2.1 in the simulator: the consent round trip, PKCE, code and refresh-token rules, and their errors. */
class VkIdSimulatorTest {
  private static final String VERIFIER = "verifier-0123456789-abcdefghijklmnopqrstuvwxyz-ABCDEFG";
  private static final String REDIRECT = "http://127.0.0.1:8080/oauth/callback";
  private static VkSandbox sb;

  @BeforeAll
  static void start() throws Exception {
    sb = new VkSandbox();
  }

  @AfterAll
  static void stop() throws Exception {
    sb.close();
  }

  @BeforeEach
  void reset() throws Exception {
    sb.deleteFaults();
    sb.control("/vk/_sandbox/oauth", new JsonObject().put("autoApprove", false).put("accessTokenTtlSeconds", 3600));
  }

  private static Map<String, String> authorizeParams() {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("response_type", "code");
    p.put("client_id", "51000001");
    p.put("redirect_uri", REDIRECT);
    p.put("state", "st-1");
    p.put("scope", "vkid.personal_info wall video");
    p.put("code_challenge", io.clipcast.sandbox.kit.oauth.Pkce.s256(VERIFIER));
    p.put("code_challenge_method", "S256");
    return p;
  }

  private static String authorizeUrl(Map<String, String> p) {
    return "/vk/id/authorize?" + io.clipcast.sandbox.SandboxHttp.encode(p);
  }

  /** Consent page → Approve as the default user → the redirect's parameters. */
  private static Map<String, String> approve() throws Exception {
    VkSandbox.Resp page = sb.get(authorizeUrl(authorizeParams()));
    assertEquals(200, page.status());
    Map<String, String> form = new LinkedHashMap<>(authorizeParams());
    form.put("user_id", Long.toString(VkUsers.DEFAULT_USER.id()));
    form.put("decision", "approve");
    VkSandbox.Resp r = sb.postForm("/vk/id/authorize/approve", form);
    assertEquals(302, r.status());
    assertTrue(r.headers().get("Location").startsWith(REDIRECT + "?"));
    return r.locationParams();
  }

  private static Map<String, String> exchangeForm(Map<String, String> cb) {
    Map<String, String> f = new LinkedHashMap<>();
    f.put("grant_type", "authorization_code");
    f.put("code", cb.get("code"));
    f.put("code_verifier", VERIFIER);
    f.put("client_id", "51000001");
    f.put("device_id", cb.get("device_id"));
    f.put("redirect_uri", REDIRECT);
    f.put("state", cb.get("state"));
    return f;
  }

  @Test
  void consentPageCarriesTheRequestToApprove() throws Exception {
    VkSandbox.Resp page = sb.get(authorizeUrl(authorizeParams()));
    assertEquals(200, page.status());
    assertTrue(page.body().contains("action=\"/vk/id/authorize/approve\""));
    assertTrue(page.body().contains("name=\"code_challenge\" value=\"" + io.clipcast.sandbox.kit.oauth.Pkce.s256(VERIFIER) + "\""));
    assertTrue(page.body().contains("value=\"approve\""));
  }

  @ParameterizedTest
  @ValueSource(strings = {"response_type", "client_id", "redirect_uri", "state", "scope", "code_challenge", "code_challenge_method"})
  void authorizeRequiresEveryParameter(String name) throws Exception {
    Map<String, String> p = authorizeParams();
    p.remove(name);
    VkSandbox.Resp r = sb.get(authorizeUrl(p));
    assertEquals(400, r.status());
    assertTrue(r.body().contains(name), r.body());
  }

  @Test
  void authorizeRefusesPlainPkce() throws Exception {
    Map<String, String> p = authorizeParams();
    p.put("code_challenge_method", "plain");
    p.put("code_challenge", VERIFIER.substring(0, 43));
    VkSandbox.Resp r = sb.get(authorizeUrl(p));
    assertEquals(400, r.status());
    assertTrue(r.body().contains("S256"));
  }

  @Test
  void approveRedirectsWithCodeStateAndDeviceId() throws Exception {
    Map<String, String> cb = approve();
    assertTrue(cb.get("code").length() > 20);
    assertEquals("st-1", cb.get("state"));
    assertNotNull(cb.get("device_id"));
  }

  @Test
  void denyRedirectsWithAccessDenied() throws Exception {
    Map<String, String> form = new LinkedHashMap<>(authorizeParams());
    form.put("user_id", Long.toString(VkUsers.DEFAULT_USER.id()));
    form.put("decision", "deny");
    VkSandbox.Resp r = sb.postForm("/vk/id/authorize/approve", form);
    assertEquals(302, r.status());
    assertEquals("access_denied", r.locationParams().get("error"));
    assertEquals("st-1", r.locationParams().get("state"));
  }

  @Test
  void autoApproveRedirectsAtOnceAsTheConfiguredUser() throws Exception {
    sb.control("/vk/_sandbox/oauth", new JsonObject().put("autoApprove", true)
        .put("user", new JsonObject().put("id", 777).put("firstName", "Olga").put("lastName", "Sidorova").put("avatar", "https://a/777.jpg")));
    VkSandbox.Resp r = sb.get(authorizeUrl(authorizeParams()));
    assertEquals(302, r.status());
    JsonObject tokens = sb.postForm("/vk/id/oauth2/auth", exchangeForm(r.locationParams())).json();
    assertEquals(777L, tokens.getLong("user_id"));
    JsonObject user = sb.postForm("/vk/id/oauth2/user_info", Map.of("client_id", "51000001", "access_token", tokens.getString("access_token")))
        .json().getJsonObject("user");
    assertEquals("777", user.getString("user_id"));
    assertEquals("Olga", user.getString("first_name"));
    assertEquals("https://a/777.jpg", user.getString("avatar"));
  }

  @Test
  void exchangeIssuesTokensOnceForTheRightVerifier() throws Exception {
    Map<String, String> cb = approve();
    VkSandbox.Resp r = sb.postForm("/vk/id/oauth2/auth", exchangeForm(cb));
    assertEquals(200, r.status(), r.body());
    JsonObject t = r.json();
    assertNotNull(t.getString("access_token"));
    assertNotNull(t.getString("refresh_token"));
    assertEquals(3600, t.getInteger("expires_in"));
    assertEquals(VkUsers.DEFAULT_USER.id(), t.getLong("user_id"));
    assertEquals("st-1", t.getString("state"));

    VkSandbox.Resp again = sb.postForm("/vk/id/oauth2/auth", exchangeForm(cb));
    assertEquals(400, again.status());
    assertEquals("invalid_grant", again.json().getString("error"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"code_verifier", "device_id", "redirect_uri", "client_id"})
  void exchangeRejectsAMismatch(String field) throws Exception {
    Map<String, String> f = exchangeForm(approve());
    f.put(field, switch (field) {
      case "code_verifier" -> "another-verifier-0123456789-abcdefghijklmnopqrstuvwxyz";
      case "redirect_uri" -> "http://127.0.0.1:8080/elsewhere";
      case "client_id" -> "51000002";
      default -> "another-device";
    });
    VkSandbox.Resp r = sb.postForm("/vk/id/oauth2/auth", f);
    assertEquals(400, r.status());
    assertEquals("invalid_grant", r.json().getString("error"), r.body());
  }

  @ParameterizedTest
  @ValueSource(strings = {"code", "code_verifier", "client_id", "device_id", "redirect_uri"})
  void exchangeRequiresEachField(String field) throws Exception {
    Map<String, String> f = exchangeForm(approve());
    f.remove(field);
    VkSandbox.Resp r = sb.postForm("/vk/id/oauth2/auth", f);
    assertEquals(400, r.status());
    assertEquals("invalid_request", r.json().getString("error"));
    assertTrue(r.json().getString("error_description").contains(field));
  }

  @Test
  void tokenEndpointTakesFormFieldsOnly() throws Exception {
    Map<String, String> f = exchangeForm(approve());
    JsonObject json = new JsonObject();
    f.forEach(json::put);
    VkSandbox.Resp r = sb.postJson("/vk/id/oauth2/auth", json);
    assertEquals(400, r.status());
    assertEquals("invalid_request", r.json().getString("error"));
  }

  @Test
  void unknownGrantTypeIsRefused() throws Exception {
    VkSandbox.Resp r = sb.postForm("/vk/id/oauth2/auth", Map.of("grant_type", "password", "client_id", "51000001"));
    assertEquals(400, r.status());
    assertEquals("unsupported_grant_type", r.json().getString("error"));
  }

  @Test
  void refreshRotatesAndTheOldRefreshTokenStopsWorking() throws Exception {
    Map<String, String> cb = approve();
    JsonObject first = sb.postForm("/vk/id/oauth2/auth", exchangeForm(cb)).json();
    Map<String, String> f = new LinkedHashMap<>();
    f.put("grant_type", "refresh_token");
    f.put("refresh_token", first.getString("refresh_token"));
    f.put("client_id", "51000001");
    f.put("device_id", cb.get("device_id"));
    f.put("state", "r-1");
    VkSandbox.Resp r = sb.postForm("/vk/id/oauth2/auth", f);
    assertEquals(200, r.status(), r.body());
    JsonObject second = r.json();
    assertNotEquals(first.getString("refresh_token"), second.getString("refresh_token"));
    assertNotEquals(first.getString("access_token"), second.getString("access_token"));

    VkSandbox.Resp replay = sb.postForm("/vk/id/oauth2/auth", f);
    assertEquals(400, replay.status());
    assertEquals("invalid_grant", replay.json().getString("error"));

    f.put("refresh_token", second.getString("refresh_token"));
    f.put("device_id", "another-device");
    assertEquals("invalid_grant", sb.postForm("/vk/id/oauth2/auth", f).json().getString("error"));
  }

  @Test
  void userInfoRefusesUnknownAndExpiredTokens() throws Exception {
    VkSandbox.Resp unknown = sb.postForm("/vk/id/oauth2/user_info", Map.of("client_id", "51000001", "access_token", "vk2.a.nope"));
    assertEquals(401, unknown.status());
    assertEquals("invalid_token", unknown.json().getString("error"));

    sb.control("/vk/_sandbox/oauth", new JsonObject().put("accessTokenTtlSeconds", 0));
    JsonObject t = sb.postForm("/vk/id/oauth2/auth", exchangeForm(approve())).json();
    Thread.sleep(20);
    VkSandbox.Resp expired = sb.postForm("/vk/id/oauth2/user_info", Map.of("client_id", "51000001", "access_token", t.getString("access_token")));
    assertEquals(401, expired.status());
    assertTrue(expired.json().getString("error_description").contains("expired"));
  }

  @Test
  void tokenEndpointActsOutAnHttpErrorFault() throws Exception {
    sb.control("/_sandbox/faults", new JsonObject().put("platform", "vk").put("kind", "http_error").put("status", 503).put("match", "oauth2.auth"));
    VkSandbox.Resp r = sb.postForm("/vk/id/oauth2/auth", exchangeForm(approve()));
    assertEquals(503, r.status());
  }

  /**
   * A new app has basic access only: wall and video need VK's approval, which the dev app 51000001 has. VK ignores
   * `wall` for code-flow sign-ins (docs/platforms/vk.md [S14]): sign-in succeeds and the token lacks the right.
   */
  @Test
  void rightsTheAppIsNotApprovedForAreLeftOutOfTheToken() throws Exception {
    String app = "51000077";
    sb.postJson("/vk/_sandbox/apps", new JsonObject().put("clientId", app).put("approvedRights", new io.vertx.core.json.JsonArray()));
    assertEquals("vkid.personal_info", signInAs(app).getString("scope"));

    VkSandbox.Resp approved = sb.postJson("/vk/_sandbox/apps", new JsonObject().put("clientId", app)
        .put("approvedRights", new io.vertx.core.json.JsonArray().add("video")));
    assertEquals(200, approved.status(), approved.body());
    assertEquals(Set.of("vkid.personal_info", "video"), Set.of(signInAs(app).getString("scope").split(" ")));

    sb.postJson("/vk/_sandbox/apps", new JsonObject().put("clientId", app).put("approvedRights", new io.vertx.core.json.JsonArray().add("video").add("wall")));
    assertEquals(Set.of("vkid.personal_info", "wall", "video"), Set.of(signInAs(app).getString("scope").split(" ")));

    assertEquals(400, sb.postJson("/vk/_sandbox/apps", new JsonObject().put("clientId", app)
        .put("approvedRights", new io.vertx.core.json.JsonArray().add("market"))).status());
  }

  /** Consent as the default user for {@code clientId}, asking for wall and video, then the token answer. */
  private static JsonObject signInAs(String clientId) throws Exception {
    Map<String, String> p = authorizeParams();
    p.put("client_id", clientId);
    assertEquals(200, sb.get(authorizeUrl(p)).status(), "the consent page, not a refusal");
    Map<String, String> form = new LinkedHashMap<>(p);
    form.put("user_id", Long.toString(VkUsers.DEFAULT_USER.id()));
    form.put("decision", "approve");
    VkSandbox.Resp r = sb.postForm("/vk/id/authorize/approve", form);
    assertEquals(302, r.status(), r.body());
    Map<String, String> exchange = exchangeForm(r.locationParams());
    exchange.put("client_id", clientId);
    VkSandbox.Resp t = sb.postForm("/vk/id/oauth2/auth", exchange);
    assertEquals(200, t.status(), t.body());
    return t.json();
  }
}
