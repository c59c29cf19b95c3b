package io.clipcast.sandbox.meta;

import com.restfb.DefaultFacebookClient;
import com.restfb.FacebookEndpoints;
import com.restfb.Parameter;
import com.restfb.Version;
import com.restfb.exception.FacebookOAuthException;
import com.restfb.json.JsonObject;
import io.vertx.core.json.JsonArray;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Graph version is checked against its sunset (docs/platforms/facebook.md, "API version"): before it the call is
 * answered as the version asked for; from it on, as Meta does, as the oldest version still available, named in
 * {@code facebook-api-version} (read here by restfb, Meta's Java client); with {@code retired: "refuse"}, the Ads API's
 * refusal (2635). The sandbox's "today" and the sunsets are switches under {@code /<id>/_sandbox/graph}.
 */
class GraphVersionSunsetTest {
  private static MetaSandbox sb;
  private static String userToken;

  @BeforeAll
  static void boot() throws Exception {
    sb = new MetaSandbox();
    sb.control("/facebook/_sandbox/users", new io.vertx.core.json.JsonObject().put("id", "9100").put("name", "Versions").put("pages",
        new JsonArray().add(new io.vertx.core.json.JsonObject().put("id", "9101").put("name", "Versioned Page"))));
    userToken = sb.control("/facebook/_sandbox/tokens", new io.vertx.core.json.JsonObject().put("userId", "9100")
        .put("clientId", "710000000000002")).getString("access_token");
  }

  @AfterAll
  static void stop() throws Exception {
    sb.close();
  }

  @AfterEach
  void realToday() throws Exception {
    sb.control("/facebook/_sandbox/graph", new io.vertx.core.json.JsonObject().putNull("today").put("retired", "upgrade"));
  }

  private static DefaultFacebookClient restfb(Version v) {
    DefaultFacebookClient c = new DefaultFacebookClient(userToken, v);
    String p = sb.base + "/facebook";
    c.setFacebookEndpointUrls(new FacebookEndpoints() {
      @Override public String getFacebookEndpoint() { return p + "/oauth"; }
      @Override public String getGraphEndpoint() { return p + "/api"; }
    });
    return c;
  }

  @Test
  void beforeItsSunsetV21IsAnsweredAsV21() throws Exception {
    sb.control("/facebook/_sandbox/graph", new io.vertx.core.json.JsonObject().put("today", "2027-01-20"));
    DefaultFacebookClient c = restfb(Version.VERSION_21_0);
    JsonObject me = c.fetchObject("me", JsonObject.class, Parameter.withFields("id,name"));
    assertEquals("9100", me.getString("id", null));
    assertEquals(Version.VERSION_21_0, c.getWebRequestor().getDebugHeaderInfo().getUsedVersion());
  }

  @Test
  void fromItsSunsetMetaAnswersV21CallsAsTheOldestVersionStillAvailable() throws Exception {
    io.vertx.core.json.JsonObject shown = sb.control("/facebook/_sandbox/graph", new io.vertx.core.json.JsonObject().put("today", "2027-01-21"));
    assertEquals("2027-01-21", shown.getJsonObject("sunsets").getString("v21.0"), "Meta's table is the default");
    DefaultFacebookClient c = restfb(Version.VERSION_21_0);
    assertEquals("9100", c.fetchObject("me", JsonObject.class).getString("id", null), "not refused");
    assertEquals(Version.VERSION_22_0, c.getWebRequestor().getDebugHeaderInfo().getUsedVersion());
    MetaSandbox.Resp raw = sb.get("/facebook/api/v21.0/me", userToken);
    assertEquals("v22.0", raw.headers().get("facebook-api-version"));
    assertEquals("v24.0", sb.get("/facebook/api/v24.0/me", userToken).headers().get("facebook-api-version"), "a live version is itself");
    assertEquals("v22.0", sb.get("/facebook/api/v12.0/me", userToken).headers().get("facebook-api-version"), "older than the table: retired too");
  }

  @Test
  void refusingRetiredVersionsIsASwitch() throws Exception {
    sb.control("/facebook/_sandbox/graph", new io.vertx.core.json.JsonObject().put("today", "2027-06-01").put("retired", "refuse"));
    FacebookOAuthException e = assertThrows(FacebookOAuthException.class, () -> restfb(Version.VERSION_21_0).fetchObject("me", JsonObject.class));
    assertEquals(2635, e.getErrorCode());
    assertTrue(e.getErrorMessage().startsWith("(#2635) You are calling a deprecated version"), e.getErrorMessage());
    assertEquals("9100", restfb(Version.VERSION_23_0).fetchObject("me", JsonObject.class).getString("id", null));
  }
}
