package io.clipcast.platforms.linkedin;

import io.clipcast.platforms.ConnectedAccount;
import io.clipcast.platforms.ConnectorSettings;
import io.clipcast.platforms.CredentialsRejected;
import io.clipcast.platforms.ErrorKind;
import io.clipcast.platforms.OAuthCallback;
import io.clipcast.platforms.OAuthStart;
import io.clipcast.platforms.PlatformFailure;
import io.clipcast.platforms.catalog.PlatformCatalog;
import io.clipcast.platforms.catalog.PlatformRules;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Connecting LinkedIn through the simulator's OAuth: authorize URL, code exchange with profile and Pages, refresh. */
class LinkedInOAuthTest {
  private static LinkedInSandboxFixture fx;

  @BeforeAll
  static void start() {
    fx = new LinkedInSandboxFixture();
    fx.control("/linkedin/_sandbox/organizations", new JsonObject().put("id", 50001).put("name", "Grace's Page")
        .put("admins", new JsonArray().add("graceH")));
  }

  @AfterAll
  static void stop() throws Exception {
    fx.close();
  }

  @BeforeEach
  void reset() {
    fx.clear();
    fx.control("/linkedin/_sandbox/oauth", new JsonObject().put("autoApprove", true).put("member", new JsonObject().put("id", "graceH")
        .put("givenName", "Grace").put("familyName", "Hopper").put("picture", "https://media.licdn.com/grace.jpg")));
  }

  /** Follows the authorize URL (auto-approved) and returns the redirect's query parameters. */
  private static Map<String, String> authorize(LinkedInConnector connector, String state) {
    String url = connector.oauth().orElseThrow().authorizationUrl(new OAuthStart(state, "unused-by-linkedin"));
    HttpResponse<Buffer> r = fx.get(url);
    assertEquals(302, r.statusCode(), r.bodyAsString());
    String location = r.getHeader("Location");
    assertTrue(location.startsWith(LinkedInSandboxFixture.REDIRECT_URI + "?"), location);
    Map<String, String> out = new LinkedHashMap<>();
    for (String kv : URI.create(location).getRawQuery().split("&")) {
      int eq = kv.indexOf('=');
      out.put(kv.substring(0, eq), URLDecoder.decode(kv.substring(eq + 1), StandardCharsets.UTF_8));
    }
    return out;
  }

  private static PlatformFailure failure(Future<?> f) {
    Throwable e = assertThrows(Throwable.class, () -> f.await(10, TimeUnit.SECONDS));
    return assertInstanceOf(PlatformFailure.class, e, String.valueOf(e));
  }

  @Test
  void theMemberAppAsksOnlyForItsOwnScopesAndTheTokensRenew() throws Exception {
    String url = fx.connector.oauth().orElseThrow().authorizationUrl(new OAuthStart("state-1", "x"));
    assertTrue(url.startsWith(fx.base + "/linkedin/oauth/oauth/v2/authorization?"), url);
    assertTrue(url.contains("response_type=code") && url.contains("client_id=sandbox-linkedin-app"), url);
    assertTrue(url.contains("scope=openid%20profile%20w_member_social&") || url.endsWith("scope=openid%20profile%20w_member_social"), url);
    Map<String, String> back = authorize(fx.connector, "state-1");
    assertEquals("state-1", back.get("state"));
    assertNull(back.get("error"), back.toString());

    ConnectedAccount a = fx.connector.oauth().orElseThrow().exchangeCode(new OAuthCallback(back.get("code"), null, "state-1", new JsonObject()))
        .await(10, TimeUnit.SECONDS);
    assertEquals("graceH", a.externalAccountId());
    assertEquals("Grace Hopper", a.displayName());
    assertEquals("https://media.licdn.com/grace.jpg", a.avatarUrl());
    assertTrue(a.scopes().contains("w_member_social"), a.scopes().toString());
    assertTrue(a.expiresAt().isAfter(Instant.now().plusSeconds(59L * 24 * 3600)), "60-day access token");
    assertEquals("urn:li:person:graceH", a.metadata().getString("memberUrn"));
    assertEquals("member", a.metadata().getString("app"));
    assertEquals(0, a.metadata().getJsonArray("organizations").size(), "the member app cannot read Page roles");

    assertEquals(ErrorKind.AUTH, failure(fx.connector.oauth().orElseThrow().exchangeCode(new OAuthCallback(back.get("code"), null, "state-1", new JsonObject())))
        .kind(), "a code works once");

    ConnectedAccount renewed = fx.connector.oauth().orElseThrow().refresh(a).await(10, TimeUnit.SECONDS);
    assertNotEquals(a.accessToken(), renewed.accessToken());
    assertEquals(a.refreshToken(), renewed.refreshToken(), "LinkedIn keeps the refresh token");
    assertEquals(a.externalAccountId(), renewed.externalAccountId());

    fx.fault(new JsonObject().put("platform", "linkedin").put("kind", "token_expired").put("match", "oauth.accessToken"));
    assertEquals(ErrorKind.AUTH, failure(fx.connector.oauth().orElseThrow().refresh(renewed)).kind());
  }

  /**
   * The Page app has only the Community Management API, so it cannot ask for openid (the whole sign-in would fail):
   * it signs in with its own client id and scopes, finds the member with /v2/me and lists their Pages.
   */
  @Test
  void thePageAppSignsInWithoutOpenidAndKeepsThePages() throws Exception {
    String url = fx.connector.oauth().orElseThrow().authorizationUrl(new OAuthStart("state-2.page", "x"));
    assertTrue(url.contains("client_id=sandbox-linkedin-pages-app"), url);
    assertTrue(url.contains("scope=r_basicprofile%20w_organization_social%20r_organization_social%20rw_organization_admin"), url);
    assertTrue(!url.contains("openid"), url);
    Map<String, String> back = authorize(fx.connector, "state-2.page");
    assertNull(back.get("error"), back.toString());
    assertEquals("state-2.page", back.get("state"));

    ConnectedAccount a = fx.connector.oauth().orElseThrow().exchangeCode(new OAuthCallback(back.get("code"), null, "state-2.page",
        new JsonObject())).await(10, TimeUnit.SECONDS);
    assertEquals("page:graceH", a.externalAccountId(), "a connection of its own, beside the member app's");
    assertEquals("page", a.metadata().getString("app"));
    assertEquals("urn:li:person:graceH", a.metadata().getString("memberUrn"));
    assertTrue(a.displayName().contains("Grace's Page") && a.displayName().contains("Grace Hopper"), a.displayName());
    assertTrue(a.scopes().contains("w_organization_social") && !a.scopes().contains("openid"), a.scopes().toString());
    JsonArray orgs = a.metadata().getJsonArray("organizations");
    assertEquals(1, orgs.size(), orgs.encode());
    assertEquals("urn:li:organization:50001", orgs.getJsonObject(0).getString("urn"));
    assertEquals("Grace's Page", orgs.getJsonObject(0).getString("name"));
    assertEquals("50001", a.metadata().getString("organization"), "the only Page is the default author");

    ConnectedAccount renewed = fx.connector.oauth().orElseThrow().refresh(a).await(10, TimeUnit.SECONDS);
    assertNotEquals(a.accessToken(), renewed.accessToken(), "renewed with the Page app's own client");
    assertEquals(orgs, renewed.metadata().getJsonArray("organizations"));

    fx.control("/linkedin/_sandbox/oauth", new JsonObject().put("autoApprove", true).put("member", new JsonObject().put("id", "noPages")));
    Map<String, String> none = authorize(fx.connector, "state-3.page");
    PlatformFailure f = failure(fx.connector.oauth().orElseThrow().exchangeCode(new OAuthCallback(none.get("code"), null, "state-3.page",
        new JsonObject())));
    assertEquals(ErrorKind.PERMANENT, f.kind());
    assertTrue(f.getMessage().contains("administer no LinkedIn Page"), f.getMessage());
  }

  /** A member-app token without w_member_social (a scope left out rather than refused) cannot post: refused at connect. */
  @Test
  void aMemberTokenWithoutSharingIsRefusedAtConnect() throws Exception {
    PlatformRules rules = PlatformCatalog.shipped().variant("linkedin",
        r -> r.getJsonObject("api").put("scopes", new JsonArray().add("openid").add("profile")));
    LinkedInConnector narrow = new LinkedInConnector(LinkedInSandboxFixture.TIMEOUTS);
    narrow.init(fx.vertx, fx.settings(rules));
    Map<String, String> back = authorize(narrow, "state-6");
    PlatformFailure f = failure(narrow.oauth().orElseThrow().exchangeCode(new OAuthCallback(back.get("code"), null, "state-6", new JsonObject())));
    assertEquals(ErrorKind.PERMANENT, f.kind());
    assertTrue(f.getMessage().contains("Share on LinkedIn"), f.getMessage());
  }

  /** Without r_basicprofile (/v2/me refused), the Page app takes the member from the roleAssignee of their Page roles. */
  @Test
  void thePageAppFindsTheMemberInThePageRolesWhenTheProfileIsRefused() throws Exception {
    LinkedInConnector noProfile = new LinkedInConnector(LinkedInSandboxFixture.TIMEOUTS);
    ConnectorSettings base = fx.settings(PlatformCatalog.shipped().rules("linkedin"));
    noProfile.init(fx.vertx, new ConnectorSettings(base.endpoints(), base.clientId(), base.clientSecret(), base.redirectUri(), base.rules(),
        base.client().copy().put("pageScopes", new JsonArray().add("w_organization_social").add("rw_organization_admin"))));
    Map<String, String> back = authorize(noProfile, "state-5.page");
    ConnectedAccount a = noProfile.oauth().orElseThrow().exchangeCode(new OAuthCallback(back.get("code"), null, "state-5.page",
        new JsonObject())).await(10, TimeUnit.SECONDS);
    assertEquals("page:graceH", a.externalAccountId());
    assertEquals("urn:li:person:graceH", a.metadata().getString("memberUrn"));
    assertEquals(java.util.Set.of("w_organization_social", "rw_organization_admin"), java.util.Set.copyOf(a.scopes()), "no r_basicprofile");
  }

  /** An app asking for a scope none of its products grants: LinkedIn fails the whole sign-in (unauthorized_scope_error). */
  @Test
  void aScopeTheAppsProductsLackFailsTheWholeSignIn() throws Exception {
    fx.control("/linkedin/_sandbox/apps/" + LinkedInSandboxFixture.CLIENT_ID + "/products",
        new JsonObject().put("products", new JsonArray().add("Sign In with LinkedIn using OpenID Connect")));
    try {
      Map<String, String> back = authorize(fx.connector, "state-4");
      assertEquals("unauthorized_scope_error", back.get("error"), back.toString());
      assertTrue(back.get("error_description").contains("w_member_social"), back.toString());
      assertNull(back.get("code"), "no code at all, not a narrower token");
    } finally {
      fx.control("/linkedin/_sandbox/apps/" + LinkedInSandboxFixture.CLIENT_ID + "/products", new JsonObject().put("products",
          new JsonArray().add("Sign In with LinkedIn using OpenID Connect").add("Share on LinkedIn")));
    }
    HttpResponse<Buffer> both = fx.web.postAbs(fx.base + "/linkedin/_sandbox/apps/" + LinkedInSandboxFixture.CLIENT_ID + "/products")
        .sendJsonObject(new JsonObject().put("products", new JsonArray().add("Share on LinkedIn").add("Community Management API"))).await();
    assertEquals(409, both.statusCode(), "the Community Management API must be the only product of its app: " + both.bodyAsString());


    Throwable unknown = assertThrows(Throwable.class, () -> fx.connector.oauth().orElseThrow()
        .exchangeCode(new OAuthCallback("c", null, "s.nope", new JsonObject())).await(10, TimeUnit.SECONDS));
    assertEquals("app", assertInstanceOf(CredentialsRejected.class, unknown).field());
  }

  @Test
  void anAppWithoutProgrammaticRefreshConnectsButCannotRenew() throws Exception {
    fx.control("/linkedin/_sandbox/apps", new JsonObject().put("clientId", "plain-app").put("clientSecret", "plain-secret")
        .put("redirectUris", new JsonArray().add(LinkedInSandboxFixture.REDIRECT_URI))
        .put("products", new JsonArray().add("Sign In with LinkedIn using OpenID Connect").add("Share on LinkedIn")));
    PlatformRules rules = PlatformCatalog.shipped().variant("linkedin",
        r -> r.getJsonObject("api").put("scopes", new JsonArray().add("openid").add("profile").add("w_member_social")));
    LinkedInConnector plain = new LinkedInConnector(LinkedInSandboxFixture.TIMEOUTS);
    plain.init(fx.vertx, new ConnectorSettings(Map.of("api", fx.base + "/linkedin/api", "oauth", fx.base + "/linkedin/oauth"), "plain-app",
        "plain-secret", LinkedInSandboxFixture.REDIRECT_URI, rules));
    Map<String, String> back = authorize(plain, "s-2");
    ConnectedAccount a = plain.oauth().orElseThrow().exchangeCode(new OAuthCallback(back.get("code"), null, "s-2", new JsonObject())).await(10, TimeUnit.SECONDS);
    assertNull(a.refreshToken());
    assertEquals(0, a.metadata().getJsonArray("organizations").size(), "Pages are not readable without rw_organization_admin");
    PlatformFailure f = failure(plain.oauth().orElseThrow().refresh(a));
    assertEquals(ErrorKind.AUTH, f.kind());
    assertTrue(f.getMessage().contains("Reconnect"), f.getMessage());

    LinkedInConnector wrongSecret = new LinkedInConnector(LinkedInSandboxFixture.TIMEOUTS);
    wrongSecret.init(fx.vertx, new ConnectorSettings(Map.of("api", fx.base + "/linkedin/api", "oauth", fx.base + "/linkedin/oauth"),
        "plain-app", "not-the-secret", LinkedInSandboxFixture.REDIRECT_URI, rules));
    Map<String, String> again = authorize(wrongSecret, "s-3");
    assertEquals(ErrorKind.PERMANENT, failure(wrongSecret.oauth().orElseThrow().exchangeCode(new OAuthCallback(again.get("code"), null, "s-3", new JsonObject())))
        .kind(), "the server's app credentials are wrong: not something the user can fix by reconnecting");
  }
}
