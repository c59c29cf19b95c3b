package io.clipcast.sandbox.linkedin;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;

import static io.clipcast.sandbox.linkedin.LinkedInSandbox.enc;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** LinkedIn OAuth on the simulator: the authorization page, the code exchange, refresh, userinfo and organization ACLs. */
class LinkedInOAuthSimulatorTest {
  private static final String APP = "sandbox-linkedin-app";
  private static final String SECRET = "sandbox-linkedin-secret";
  private static final String REDIRECT = "https://app.example.com/oauth/callback";
  private static LinkedInSandbox sb;

  @BeforeAll
  static void start() throws Exception {
    sb = new LinkedInSandbox();
    sb.control("/linkedin/_sandbox/members", new JsonObject().put("id", "oauthMember1").put("givenName", "Ada").put("familyName", "Lovelace"));
    sb.control("/linkedin/_sandbox/organizations", new JsonObject().put("id", 90001).put("name", "Clip Co")
        .put("admins", new JsonArray().add("oauthMember1")));
    sb.control("/linkedin/_sandbox/organizations", new JsonObject().put("id", 90002).put("name", "Not Ada's").put("admins", new JsonArray()));
  }

  @AfterAll
  static void stop() throws Exception {
    sb.close();
  }

  @BeforeEach
  void reset() throws Exception {
    sb.clear();
    sb.control("/linkedin/_sandbox/oauth", new JsonObject().put("autoApprove", false));
  }

  private static String authorizeUri(String clientId, String redirect, String scope) {
    return "/linkedin/oauth/oauth/v2/authorization?response_type=code&client_id=" + enc(clientId) + "&redirect_uri=" + enc(redirect)
        + "&state=st-1&scope=" + enc(scope);
  }

  private static Map<String, String> codeForm(String code, String clientId, String secret, String redirect) {
    Map<String, String> f = new LinkedHashMap<>();
    f.put("grant_type", "authorization_code");
    f.put("code", code);
    f.put("redirect_uri", redirect);
    f.put("client_id", clientId);
    f.put("client_secret", secret);
    return f;
  }

  private static String approvedCode(String clientId, String scope) throws Exception {
    sb.control("/linkedin/_sandbox/oauth", new JsonObject().put("autoApprove", true).put("member", new JsonObject().put("id", "oauthMember1")
        .put("givenName", "Ada").put("familyName", "Lovelace")));
    LinkedInSandbox.Resp r = sb.get(authorizeUri(clientId, REDIRECT, scope), Map.of());
    assertEquals(302, r.status(), r.body());
    assertEquals("st-1", r.locationParams().get("state"));
    return r.locationParams().get("code");
  }

  @Test
  void theAuthorizationPageRefusesMalformedRequestsAndShowsConsent() throws Exception {
    assertEquals(400, sb.get(authorizeUri("nobody", REDIRECT, "openid"), Map.of()).status());
    assertEquals(400, sb.get(authorizeUri(APP, "not a url", "openid"), Map.of()).status());
    assertEquals(400, sb.get("/linkedin/oauth/oauth/v2/authorization?response_type=token&client_id=" + APP + "&redirect_uri=" + enc(REDIRECT)
        + "&state=s&scope=openid", Map.of()).status());
    assertEquals(400, sb.get("/linkedin/oauth/oauth/v2/authorization?response_type=code&client_id=" + APP + "&redirect_uri=" + enc(REDIRECT)
        + "&scope=openid", Map.of()).status(), "state is required");

    LinkedInSandbox.Resp page = sb.get(authorizeUri(APP, REDIRECT, "openid profile w_member_social"), Map.of());
    assertEquals(200, page.status());
    assertTrue(page.body().contains("action=\"/linkedin/oauth/oauth/v2/authorization/approve\""), page.body());
    assertTrue(page.body().contains("oauthMember1"), "members to choose from: " + page.body());

    Map<String, String> form = new LinkedHashMap<>(Map.of("response_type", "code", "client_id", APP, "redirect_uri", REDIRECT,
        "state", "st-9", "scope", "openid profile", "member_id", "oauthMember1", "decision", "allow"));
    LinkedInSandbox.Resp allowed = sb.postForm("/linkedin/oauth/oauth/v2/authorization/approve", form);
    assertEquals(302, allowed.status());
    assertTrue(allowed.headers().get("Location").startsWith(REDIRECT + "?code="));
    assertEquals("st-9", allowed.locationParams().get("state"));
    form.put("decision", "cancel");
    LinkedInSandbox.Resp cancelled = sb.postForm("/linkedin/oauth/oauth/v2/authorization/approve", form);
    assertEquals("user_cancelled_authorize", cancelled.locationParams().get("error"));
  }

  @Test
  void scopesAndRedirectUrisAreCheckedAgainstTheApp() throws Exception {
    sb.control("/linkedin/_sandbox/apps", new JsonObject().put("clientId", "narrow-app").put("clientSecret", "narrow-secret")
        .put("redirectUris", new JsonArray().add(REDIRECT)).put("products", new JsonArray().add("Sign In with LinkedIn using OpenID Connect")
            .add("Share on LinkedIn")));
    LinkedInSandbox.Resp wide = sb.get(authorizeUri("narrow-app", REDIRECT, "openid w_organization_social"), Map.of());
    assertEquals(302, wide.status());
    assertEquals("unauthorized_scope_error", wide.locationParams().get("error"));
    assertNull(wide.locationParams().get("code"), "the whole sign-in fails");
    assertEquals(400, sb.get(authorizeUri("narrow-app", "https://evil.example.com/cb", "openid"), Map.of()).status(),
        "a redirect URI the app did not register");
  }

  /**
   * LinkedIn's products (docs/platforms/linkedin.md): the Community Management API must be the only product of its app,
   * the scopes an app may ask for are its products' scopes, and one scope outside them fails the whole sign-in.
   */
  @Test
  void anAppsProductsDecideItsScopesAndCommunityManagementStandsAlone() throws Exception {
    LinkedInSandbox.Resp mixed = sb.send(io.vertx.core.http.HttpMethod.POST, "/linkedin/_sandbox/apps/" + APP + "/products",
        Map.of("Content-Type", "application/json"), new JsonObject().put("products", new JsonArray().add("Share on LinkedIn")
            .add("Community Management API")).toBuffer());
    assertEquals(409, mixed.status(), mixed.body());
    assertTrue(mixed.json().getString("error").contains("only product"), mixed.body());
    LinkedInSandbox.Resp unknown = sb.send(io.vertx.core.http.HttpMethod.POST, "/linkedin/_sandbox/apps/" + APP + "/products",
        Map.of("Content-Type", "application/json"), new JsonObject().put("products", new JsonArray().add("Advertising API")).toBuffer());
    assertEquals(400, unknown.status(), unknown.body());

    LinkedInSandbox.Resp pageScopesOnMemberApp = sb.get(authorizeUri(APP, REDIRECT, "openid profile w_member_social rw_organization_admin"), Map.of());
    assertEquals("unauthorized_scope_error", pageScopesOnMemberApp.locationParams().get("error"), "the dev member app has no Community Management");
    LinkedInSandbox.Resp openidOnPageApp = sb.get(authorizeUri("sandbox-linkedin-pages-app", REDIRECT, "openid rw_organization_admin"), Map.of());
    assertEquals("unauthorized_scope_error", openidOnPageApp.locationParams().get("error"));
    assertTrue(openidOnPageApp.locationParams().get("error_description").contains("\"openid\""), openidOnPageApp.locationParams().toString());

    JsonObject page = sb.control("/linkedin/_sandbox/tokens", new JsonObject().put("memberId", "oauthMember1").put("clientId", "sandbox-linkedin-pages-app"));
    String token = page.getString("access_token");
    assertEquals(403, sb.get("/linkedin/api/v2/userinfo", Map.of("Authorization", "Bearer " + token)).status(), "no openid on the Page app");
    JsonObject me = sb.get("/linkedin/api/v2/me", Map.of("Authorization", "Bearer " + token)).json();
    assertEquals("oauthMember1", me.getString("id"));
    assertEquals("Ada", me.getString("localizedFirstName"));
    LinkedInSandbox.Resp beyond = sb.send(io.vertx.core.http.HttpMethod.POST, "/linkedin/_sandbox/tokens", Map.of("Content-Type", "application/json"),
        new JsonObject().put("memberId", "oauthMember1").put("clientId", "sandbox-linkedin-pages-app").put("scope", "openid").toBuffer());
    assertEquals(400, beyond.status(), "no token beyond the app's products");

    sb.control("/linkedin/_sandbox/apps/" + APP + "/products", new JsonObject().put("products", new JsonArray()
        .add("Sign In with LinkedIn using OpenID Connect")));
    try {
      assertEquals("unauthorized_scope_error", sb.get(authorizeUri(APP, REDIRECT, "openid profile w_member_social"), Map.of())
          .locationParams().get("error"), "an app not (yet) given Share on LinkedIn");
    } finally {
      sb.control("/linkedin/_sandbox/apps/" + APP + "/products", new JsonObject().put("products", new JsonArray()
          .add("Sign In with LinkedIn using OpenID Connect").add("Share on LinkedIn")));
    }
  }

  @Test
  void aCodeIsTradedOnceForTokensWithAProgrammaticRefreshToken() throws Exception {
    String code = approvedCode(APP, "openid profile email w_member_social");
    LinkedInSandbox.Resp wrongSecret = sb.postForm("/linkedin/oauth/oauth/v2/accessToken", codeForm(code, APP, "wrong", REDIRECT));
    assertEquals(401, wrongSecret.status());
    assertEquals("invalid_client", wrongSecret.json().getString("error"));
    LinkedInSandbox.Resp missing = sb.postForm("/linkedin/oauth/oauth/v2/accessToken", Map.of("grant_type", "authorization_code", "code", code));
    assertEquals(400, missing.status());
    assertEquals("invalid_request", missing.json().getString("error"));
    LinkedInSandbox.Resp notForm = sb.send(io.vertx.core.http.HttpMethod.POST, "/linkedin/oauth/oauth/v2/accessToken",
        Map.of("Content-Type", "application/json"), new JsonObject().put("grant_type", "authorization_code").toBuffer());
    assertEquals(400, notForm.status());

    LinkedInSandbox.Resp ok = sb.postForm("/linkedin/oauth/oauth/v2/accessToken", codeForm(code, APP, SECRET, REDIRECT));
    assertEquals(200, ok.status(), ok.body());
    JsonObject t = ok.json();
    assertEquals(60L * 24 * 3600, t.getLong("expires_in"));
    assertEquals(365L * 24 * 3600, t.getLong("refresh_token_expires_in"));
    assertNotNull(t.getString("refresh_token"));
    assertTrue(t.getString("scope").contains("w_member_social,") || t.getString("scope").endsWith(",w_member_social"),
        "comma-separated scopes: " + t.getString("scope"));
    assertEquals(400, sb.postForm("/linkedin/oauth/oauth/v2/accessToken", codeForm(code, APP, SECRET, REDIRECT)).status(), "single use");

    JsonObject me = sb.get("/linkedin/api/v2/userinfo", Map.of("Authorization", "Bearer " + t.getString("access_token"))).json();
    assertEquals("oauthMember1", me.getString("sub"));
    assertEquals("Ada Lovelace", me.getString("name"));
    String pageToken = sb.token("oauthMember1");
    JsonObject acls = sb.restGet(pageToken, "/rest/organizationAcls?q=roleAssignee&role=ADMINISTRATOR&state=APPROVED").json();
    assertEquals(1, acls.getJsonArray("elements").size(), acls.encode());
    assertEquals("urn:li:organization:90001", acls.getJsonArray("elements").getJsonObject(0).getString("organization"));
    assertEquals("urn:li:person:oauthMember1", acls.getJsonArray("elements").getJsonObject(0).getString("roleAssignee"));
    assertEquals("Clip Co", sb.restGet(pageToken, "/rest/organizations/90001").json().getString("localizedName"));
    assertEquals(404, sb.restGet(pageToken, "/rest/organizations/12345").status());
    assertEquals(403, sb.restGet(t.getString("access_token"), "/rest/organizationAcls?q=roleAssignee").status(),
        "the member app's token has no rw_organization_admin");

    Map<String, String> refresh = Map.of("grant_type", "refresh_token", "refresh_token", t.getString("refresh_token"), "client_id", APP,
        "client_secret", SECRET);
    JsonObject renewed = sb.postForm("/linkedin/oauth/oauth/v2/accessToken", refresh).json();
    assertNotEquals(t.getString("access_token"), renewed.getString("access_token"));
    assertEquals(t.getString("refresh_token"), renewed.getString("refresh_token"), "LinkedIn does not rotate refresh tokens");
    assertTrue(renewed.getLong("refresh_token_expires_in") <= t.getLong("refresh_token_expires_in"));
    assertEquals(200, sb.postForm("/linkedin/oauth/oauth/v2/accessToken", refresh).status(), "and it stays usable");

    sb.fault(new JsonObject().put("kind", "token_expired").put("match", "oauth.accessToken"));
    LinkedInSandbox.Resp expired = sb.postForm("/linkedin/oauth/oauth/v2/accessToken", refresh);
    assertEquals(400, expired.status());
    assertEquals("invalid_request", expired.json().getString("error"));
  }

  @Test
  void appsWithoutProgrammaticRefreshGetNoRefreshToken() throws Exception {
    sb.control("/linkedin/_sandbox/apps", new JsonObject().put("clientId", "plain-app").put("clientSecret", "plain-secret"));
    String code = approvedCode("plain-app", "openid profile w_member_social");
    JsonObject t = sb.postForm("/linkedin/oauth/oauth/v2/accessToken", codeForm(code, "plain-app", "plain-secret", REDIRECT)).json();
    assertNotNull(t.getString("access_token"));
    assertNull(t.getString("refresh_token"));
    assertFalse(t.containsKey("refresh_token_expires_in"));
    assertEquals(403, sb.restGet(t.getString("access_token"), "/rest/organizationAcls?q=roleAssignee").status(),
        "rw_organization_admin was not granted");
  }
}
