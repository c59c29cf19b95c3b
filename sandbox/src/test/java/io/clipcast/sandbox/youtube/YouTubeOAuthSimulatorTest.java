package io.clipcast.sandbox.youtube;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Google OAuth in the simulator: the authorize page's checks, code exchange with PKCE, refresh, invalid_grant, revoke. */
class YouTubeOAuthSimulatorTest {
  private static final String SCOPE = "https://www.googleapis.com/auth/youtube.upload https://www.googleapis.com/auth/youtube.readonly";
  private static final String VERIFIER = "v".repeat(20) + "erifier-0123456789-abcdefghijk";
  private static YouTubeSandbox sb;

  @BeforeAll
  static void start() throws Exception {
    sb = new YouTubeSandbox();
  }

  @AfterAll
  static void stop() throws Exception {
    sb.close();
  }

  @BeforeEach
  void reset() throws Exception {
    sb.delete("/_sandbox/faults");
    sb.control("/youtube/_sandbox/oauth", new JsonObject().put("autoApprove", true).put("channel", new JsonObject().put("id",
        "UCoauthTestChannel000001").put("title", "OAuth Test")).put("refreshTokenTtlSeconds", 0).put("accessTokenTtlSeconds", 3599));
  }

  private static Map<String, String> authParams() {
    Map<String, String> q = new LinkedHashMap<>();
    q.put("client_id", YouTubeSandbox.CLIENT_ID);
    q.put("redirect_uri", YouTubeSandbox.REDIRECT);
    q.put("response_type", "code");
    q.put("scope", SCOPE);
    q.put("access_type", "offline");
    q.put("prompt", "consent");
    q.put("include_granted_scopes", "true");
    q.put("state", "st-1");
    q.put("code_challenge", io.clipcast.sandbox.kit.oauth.Pkce.s256(VERIFIER));
    q.put("code_challenge_method", "S256");
    return q;
  }

  private static YouTubeSandbox.Resp authorize(Map<String, String> q) throws Exception {
    StringBuilder b = new StringBuilder("/youtube/oauth/o/oauth2/v2/auth?");
    q.forEach((k, v) -> b.append(k).append('=').append(URLEncoder.encode(v, StandardCharsets.UTF_8)).append('&'));
    return sb.get(b.toString(), null);
  }

  private static Map<String, String> exchangeForm(String code) {
    Map<String, String> f = new LinkedHashMap<>();
    f.put("grant_type", "authorization_code");
    f.put("code", code);
    f.put("client_id", YouTubeSandbox.CLIENT_ID);
    f.put("client_secret", YouTubeSandbox.CLIENT_SECRET);
    f.put("redirect_uri", YouTubeSandbox.REDIRECT);
    f.put("code_verifier", VERIFIER);
    return f;
  }

  private static String code() throws Exception {
    YouTubeSandbox.Resp r = authorize(authParams());
    assertEquals(302, r.status(), r.body());
    return r.locationParams().get("code");
  }

  @Test
  void anOfflineSignInEarnsARefreshTokenAndRefreshingGivesANewAccessTokenOnly() throws Exception {
    YouTubeSandbox.Resp r = authorize(authParams());
    assertEquals(302, r.status(), r.body());
    assertTrue(r.headers().get("Location").startsWith(YouTubeSandbox.REDIRECT + "?"));
    assertEquals("st-1", r.locationParams().get("state"));
    assertEquals(SCOPE, r.locationParams().get("scope"));

    YouTubeSandbox.Resp t = sb.postForm("/youtube/token/token", exchangeForm(r.locationParams().get("code")));
    assertEquals(200, t.status(), t.body());
    assertTrue(t.json().getString("access_token").startsWith("ya29."));
    assertTrue(t.json().getString("refresh_token").startsWith("1//"));
    assertEquals(3599, t.json().getInteger("expires_in"));
    assertEquals("Bearer", t.json().getString("token_type"));

    YouTubeSandbox.Resp again = sb.postForm("/youtube/token/token", exchangeForm(r.locationParams().get("code")));
    assertEquals(400, again.status());
    assertEquals("invalid_grant", again.json().getString("error"), "a code is single-use");

    Map<String, String> refresh = new LinkedHashMap<>(Map.of("grant_type", "refresh_token", "refresh_token",
        t.json().getString("refresh_token"), "client_id", YouTubeSandbox.CLIENT_ID, "client_secret", YouTubeSandbox.CLIENT_SECRET));
    YouTubeSandbox.Resp renewed = sb.postForm("/youtube/token/token", refresh);
    assertEquals(200, renewed.status(), renewed.body());
    assertNull(renewed.json().getString("refresh_token"), "Google does not rotate refresh tokens");
    assertFalse(renewed.json().getString("access_token").equals(t.json().getString("access_token")));

    YouTubeSandbox.Resp me = sb.get("/youtube/api/youtube/v3/channels?part=snippet&mine=true", renewed.json().getString("access_token"));
    assertEquals(200, me.status(), me.body());
    assertEquals("UCoauthTestChannel000001", me.json().getJsonArray("items").getJsonObject(0).getString("id"));

    assertEquals(200, sb.send(io.vertx.core.http.HttpMethod.POST, "/youtube/token/revoke?token=" + t.json().getString("refresh_token"),
        Map.of(), null).status());
    YouTubeSandbox.Resp revoked = sb.postForm("/youtube/token/token", refresh);
    assertEquals(400, revoked.status());
    assertEquals("invalid_grant", revoked.json().getString("error"));
    assertEquals("Token has been expired or revoked.", revoked.json().getString("error_description"));
    assertEquals(401, sb.get("/youtube/api/youtube/v3/channels?part=snippet&mine=true", renewed.json().getString("access_token")).status(),
        "revoking the grant revokes its access tokens");
  }

  @Test
  void theAuthorizePageRefusesWhatGoogleRefuses() throws Exception {
    Map<String, String> q = authParams();
    q.put("client_id", "unknown.apps.googleusercontent.com");
    YouTubeSandbox.Resp r = authorize(q);
    assertEquals(401, r.status());
    assertTrue(r.body().contains("invalid_client"), r.body());

    q = authParams();
    q.put("redirect_uri", "https://evil.example.com/cb");
    r = authorize(q);
    assertEquals(400, r.status());
    assertTrue(r.body().contains("redirect_uri_mismatch"), r.body());

    q = authParams();
    q.remove("scope");
    assertTrue(authorize(q).body().contains("Missing required parameter: scope"));
    q = authParams();
    q.put("scope", "https://www.googleapis.com/auth/drive");
    assertTrue(authorize(q).body().contains("invalid_scope"));
    q = authParams();
    q.put("response_type", "token");
    assertTrue(authorize(q).body().contains("unsupported_response_type"));
    q = authParams();
    q.put("code_challenge_method", "S512");
    assertEquals(400, authorize(q).status());
  }

  @Test
  void withoutAutoApproveTheConsentPageAsksAndCancelSaysAccessDenied() throws Exception {
    sb.control("/youtube/_sandbox/oauth", new JsonObject().put("autoApprove", false));
    YouTubeSandbox.Resp page = authorize(authParams());
    assertEquals(200, page.status());
    assertTrue(page.body().contains("action=\"/youtube/oauth/o/oauth2/v2/approve\""), page.body());
    Map<String, String> form = authParams();
    form.put("channel_id", "UCoauthTestChannel000001");
    form.put("decision", "deny");
    YouTubeSandbox.Resp denied = sb.postForm("/youtube/oauth/o/oauth2/v2/approve", form);
    assertEquals(302, denied.status());
    assertEquals("access_denied", denied.locationParams().get("error"));
    form.put("decision", "allow");
    YouTubeSandbox.Resp allowed = sb.postForm("/youtube/oauth/o/oauth2/v2/approve", form);
    assertEquals(302, allowed.status());
    assertEquals(200, sb.postForm("/youtube/token/token", exchangeForm(allowed.locationParams().get("code"))).status());
  }

  @Test
  void theTokenEndpointChecksClientRedirectAndVerifier() throws Exception {
    Map<String, String> f = exchangeForm(code());
    f.put("client_secret", "wrong");
    YouTubeSandbox.Resp r = sb.postForm("/youtube/token/token", f);
    assertEquals(401, r.status());
    assertEquals("invalid_client", r.json().getString("error"));

    f = exchangeForm(code());
    f.put("redirect_uri", "https://app.example.com/other");
    assertEquals("redirect_uri_mismatch", sb.postForm("/youtube/token/token", f).json().getString("error"));

    f = exchangeForm(code());
    f.put("code_verifier", "x".repeat(50));
    r = sb.postForm("/youtube/token/token", f);
    assertEquals("invalid_grant", r.json().getString("error"));
    assertEquals("Invalid code verifier.", r.json().getString("error_description"));

    f = exchangeForm(code());
    f.put("grant_type", "password");
    assertEquals("unsupported_grant_type", sb.postForm("/youtube/token/token", f).json().getString("error"));

    YouTubeSandbox.Resp json = sb.send(io.vertx.core.http.HttpMethod.POST, "/youtube/token/token", Map.of("Content-Type",
        "application/json"), new JsonObject().put("grant_type", "authorization_code").toBuffer());
    assertEquals(400, json.status());
    assertEquals("invalid_request", json.json().getString("error"));
  }

  @Test
  void aTokenExpiredFaultTurnsARefreshIntoInvalidGrant() throws Exception {
    JsonObject t = sb.control("/youtube/_sandbox/tokens", new JsonObject().put("clientId", YouTubeSandbox.CLIENT_ID));
    sb.control("/_sandbox/faults", new JsonObject().put("platform", "youtube").put("kind", "token_expired").put("match", "oauth.token"));
    Map<String, String> refresh = Map.of("grant_type", "refresh_token", "refresh_token", t.getString("refresh_token"),
        "client_id", YouTubeSandbox.CLIENT_ID, "client_secret", YouTubeSandbox.CLIENT_SECRET);
    YouTubeSandbox.Resp r = sb.postForm("/youtube/token/token", refresh);
    assertEquals(400, r.status());
    assertEquals("invalid_grant", r.json().getString("error"));
    assertEquals(200, sb.postForm("/youtube/token/token", refresh).status(), "the fault fired once");
  }

  @Test
  void aTestingAppsRefreshTokenStopsWorkingAfterItsLifetime() throws Exception {
    sb.control("/youtube/_sandbox/oauth", new JsonObject().put("refreshTokenTtlSeconds", 1));
    JsonObject t = sb.postForm("/youtube/token/token", exchangeForm(code())).json();
    Map<String, String> refresh = Map.of("grant_type", "refresh_token", "refresh_token", t.getString("refresh_token"),
        "client_id", YouTubeSandbox.CLIENT_ID, "client_secret", YouTubeSandbox.CLIENT_SECRET);
    assertEquals(200, sb.postForm("/youtube/token/token", refresh).status());
    Thread.sleep(1_050);
    YouTubeSandbox.Resp late = sb.postForm("/youtube/token/token", refresh);
    assertEquals(400, late.status());
    assertEquals("invalid_grant", late.json().getString("error"));
  }
}
