package io.clipcast.api;

import io.vertx.core.json.JsonArray;
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
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * LinkedIn's two apps through the API against the sandbox (docs/platforms/linkedin.md): the Community Management API
 * must be the only product of its app, so members connect the member app to post as themselves and the Page app
 * ({@code "app":"page"}) to post as their Pages; a scope the app's products lack fails the whole sign-in, which the
 * API reports as the operator's to fix. Readiness: the member app is declared approved, the Page app is not.
 */
class LinkedInAppsConnectTest {
  private static final String REDIRECT = "https://app.example.com/oauth/callback";
  private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .followRedirects(HttpClient.Redirect.NEVER).build();
  private static TestSandbox sandbox;
  private static ApiFixture api;

  @BeforeAll
  static void start() throws Exception {
    sandbox = new TestSandbox();
    api = new ApiFixture(new JsonObject().put("sandbox", sandbox.base).put("oauth", new JsonObject().put("redirectUri", REDIRECT)
        .put("stateTtlSeconds", 600).put("clients", new JsonObject().put("linkedin", new JsonObject()
            .put("clientId", "sandbox-linkedin-app").put("clientSecret", "sandbox-linkedin-secret")
            .put("products", new JsonArray().add("Sign In with LinkedIn using OpenID Connect").add("Share on LinkedIn"))
            .put("pageClientId", "sandbox-linkedin-pages-app").put("pageClientSecret", "sandbox-linkedin-pages-secret")))));
    sandboxPost("/linkedin/_sandbox/organizations", new JsonObject().put("id", 70001).put("name", "Ada's Page")
        .put("admins", new JsonArray().add("adaL")));
    sandboxPost("/linkedin/_sandbox/oauth", new JsonObject().put("autoApprove", true).put("member", new JsonObject().put("id", "adaL")
        .put("givenName", "Ada").put("familyName", "Lovelace")));
  }

  @AfterAll
  static void stop() throws Exception {
    api.close();
    sandbox.close();
  }

  private static void sandboxPost(String path, JsonObject body) throws Exception {
    HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(sandbox.base + path)).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body.encode())).build(), HttpResponse.BodyHandlers.ofString());
    assertTrue(r.statusCode() < 300, path + " → " + r.statusCode() + " " + r.body());
  }

  private static ApiFixture.Response start(ApiFixture.User u, JsonObject body) {
    return api.json("POST", "/api/v1/connections/oauth/start", u.token(), body.put("platform", "linkedin"));
  }

  private static Map<String, String> query(String url) {
    Map<String, String> q = new HashMap<>();
    String raw = URI.create(url).getRawQuery();
    for (String kv : raw.split("&")) {
      int i = kv.indexOf('=');
      q.put(kv.substring(0, i), URLDecoder.decode(kv.substring(i + 1), StandardCharsets.UTF_8));
    }
    return q;
  }

  /** Follows the authorize URL (auto-approved) and returns the redirect's query parameters. */
  private static Map<String, String> signIn(String authorizeUrl) throws Exception {
    HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(authorizeUrl)).GET().build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(302, r.statusCode(), r.body());
    String location = r.headers().firstValue("Location").orElseThrow();
    assertTrue(location.startsWith(REDIRECT + "?"), location);
    return query(location);
  }

  private static ApiFixture.Response callback(ApiFixture.User u, Map<String, String> q) {
    JsonObject params = new JsonObject();
    q.forEach((k, v) -> { if (!k.equals("code") && !k.equals("state") && !k.equals("error")) params.put(k, v); });
    JsonObject body = new JsonObject().put("state", q.get("state")).put("params", params);
    if (q.get("code") != null) body.put("code", q.get("code"));
    if (q.get("error") != null) body.put("error", q.get("error"));
    return api.json("POST", "/api/v1/connections/oauth/callback", u.token(), body);
  }

  @Test
  void membersConnectTheMemberAppAndThePageAppSeparately() throws Exception {
    ApiFixture.User u = api.user("pro");
    ApiFixture.Response member = start(u, new JsonObject());
    assertEquals(201, member.status(), member.body());
    Map<String, String> mq = query(member.json().getString("authorizeUrl"));
    assertEquals("sandbox-linkedin-app", mq.get("client_id"));
    assertEquals("openid profile w_member_social", mq.get("scope"));
    ApiFixture.Response asMember = callback(u, signIn(member.json().getString("authorizeUrl")));
    assertEquals(201, asMember.status(), asMember.body());
    assertEquals("adaL", asMember.json().getString("externalAccountId"));
    assertEquals("Ada Lovelace", asMember.json().getString("displayName"));

    ApiFixture.Response page = start(u, new JsonObject().put("app", "page"));
    assertEquals(201, page.status(), page.body());
    assertTrue(page.json().getString("state").endsWith(".page"), page.body());
    Map<String, String> pq = query(page.json().getString("authorizeUrl"));
    assertEquals("sandbox-linkedin-pages-app", pq.get("client_id"));
    assertFalse(pq.get("scope").contains("openid"), "the Community Management app cannot have openid: " + pq.get("scope"));
    ApiFixture.Response asPage = callback(u, signIn(page.json().getString("authorizeUrl")));
    assertEquals(201, asPage.status(), asPage.body());
    assertEquals("page:adaL", asPage.json().getString("externalAccountId"));
    assertTrue(asPage.json().getString("displayName").contains("Ada's Page"), asPage.body());
    assertEquals(2, api.count("SELECT count(*) FROM platform_connections WHERE user_id = '" + u.id() + "' AND platform = 'linkedin'"),
        "two connections: one per app");
    assertEquals(1, api.count("SELECT count(*) FROM platform_connections WHERE user_id = '" + u.id() + "' AND metadata->>'app' = 'page'"
        + " AND metadata->>'organization' = '70001'"), "the Page connection posts as its only Page by default");

    ApiFixture.Response unknown = start(u, new JsonObject().put("app", "ads"));
    assertEquals(400, unknown.status(), unknown.body());
    assertEquals("app", unknown.json().getJsonObject("error").getString("field"));
  }

  @Test
  void aScopeTheAppLacksFailsTheSignInAndTheOperatorIsTold() throws Exception {
    sandboxPost("/linkedin/_sandbox/apps/sandbox-linkedin-app/products",
        new JsonObject().put("products", new JsonArray().add("Sign In with LinkedIn using OpenID Connect")));
    try {
      ApiFixture.User u = api.user("pro");
      Map<String, String> back = signIn(start(u, new JsonObject()).json().getString("authorizeUrl"));
      assertEquals("unauthorized_scope_error", back.get("error"), back.toString());
      assertNull(back.get("code"));
      ApiFixture.Response r = callback(u, back);
      assertEquals(503, r.status(), r.body());
      assertEquals("oauth_app_not_approved", r.errorCode());
      String message = r.json().getJsonObject("error").getString("message");
      assertTrue(message.contains("w_member_social") && message.contains("docs/platforms/linkedin.md"), message);
      assertEquals(0, api.count("SELECT count(*) FROM platform_connections WHERE user_id = '" + u.id() + "'"));
    } finally {
      sandboxPost("/linkedin/_sandbox/apps/sandbox-linkedin-app/products", new JsonObject().put("products",
          new JsonArray().add("Sign In with LinkedIn using OpenID Connect").add("Share on LinkedIn")));
    }
  }

  @Test
  void readinessNamesThePageAppsMissingProduct() {
    JsonArray items = api.get("/api/v1/platforms", api.user("pro").token()).json().getJsonArray("items");
    JsonObject linkedin = items.stream().map(o -> (JsonObject) o).filter(p -> p.getString("id").equals("linkedin")).findFirst()
        .orElseThrow().getJsonObject("readiness");
    assertTrue(linkedin.getBoolean("configured"), linkedin.encode());
    assertTrue(linkedin.getBoolean("ready"), "members can post as themselves without the Page app: " + linkedin.encode());
    JsonArray lacks = linkedin.getJsonArray("lacks");
    assertEquals(1, lacks.size(), "the member app is declared approved: " + lacks.encode());
    JsonObject gap = lacks.getJsonObject(0);
    assertEquals("product", gap.getString("kind"));
    assertEquals("oauth.clients.linkedin.pageProducts", gap.getString("setting"));
    assertFalse(gap.getBoolean("blocking"), "Page posting is what is missing, not publishing");
    assertTrue(gap.getString("message").contains("Community Management API"), gap.encode());
    assertTrue(gap.getString("source").startsWith("docs/platforms/linkedin.md"), gap.encode());
  }
}
