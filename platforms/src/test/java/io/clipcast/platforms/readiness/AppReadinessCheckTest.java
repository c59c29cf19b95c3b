package io.clipcast.platforms.readiness;

import io.clipcast.config.ConfigException;
import io.clipcast.config.ConfigLayers;
import io.clipcast.platforms.catalog.PlatformCatalog;
import io.clipcast.platforms.catalog.PlatformRules;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What an app lacks follows the catalog's {@code app} and {@code api.sunset} against {@code oauth.clients.<id>}. */
class AppReadinessCheckTest {
  private static final PlatformCatalog CATALOG = PlatformCatalog.shipped();
  private static final Clock DEC_2026 = Clock.fixed(Instant.parse("2026-12-03T10:00:00Z"), ZoneOffset.UTC);

  private static JsonObject config(String platform, JsonObject client) {
    JsonObject c = ConfigLayers.fromDefaults().build();
    c.getJsonObject("oauth").getJsonObject("clients").put(platform, client);
    return c;
  }

  private static PlatformRules withApp(String id, JsonObject app) {
    return CATALOG.variant(id, j -> j.put("app", app));
  }

  @Test
  void oauthAppWithoutCredentialsIsNotConfigured() {
    PlatformRules rules = withApp("youtube", new JsonObject().put("settings", new JsonArray().add("clientId").add("clientSecret")));
    AppReadiness r = new AppReadinessCheck(CATALOG, config("youtube", new JsonObject().put("clientId", "id").put("clientSecret", " ")), DEC_2026)
        .check(rules, "oauth");
    assertFalse(r.configured());
    assertFalse(r.ready());
    assertEquals(List.of("oauth.clients.youtube.clientSecret"), r.lacks().stream().map(AppGap::setting).toList());
    assertEquals("config", r.lacks().get(0).kind());
  }

  @Test
  void aReviewIsMetOnlyWhenTheOperatorDeclaresIt() {
    JsonObject app = new JsonObject().put("settings", new JsonArray().add("clientId")).put("requirements", new JsonArray().add(new JsonObject()
        .put("kind", "review").put("setting", "audited").put("lacks", "Not audited: uploads stay private.").put("source", "docs/platforms/youtube.md")));
    PlatformRules rules = withApp("youtube", app);
    AppReadiness unaudited = new AppReadinessCheck(CATALOG, config("youtube", new JsonObject().put("clientId", "id")), DEC_2026).check(rules, "oauth");
    assertTrue(unaudited.configured());
    assertEquals(1, unaudited.lacks().size());
    assertEquals("review", unaudited.lacks().get(0).kind());
    assertEquals("oauth.clients.youtube.audited", unaudited.lacks().get(0).setting());
    assertEquals("Not audited: uploads stay private.", unaudited.lacks().get(0).message());

    AppReadiness audited = new AppReadinessCheck(CATALOG, config("youtube", new JsonObject().put("clientId", "id").put("audited", true)), DEC_2026)
        .check(rules, "oauth");
    assertTrue(audited.ready(), audited.toString());
  }

  @Test
  void listedRightsNameWhatIsMissing() {
    JsonObject app = new JsonObject().put("requirements", new JsonArray().add(new JsonObject().put("kind", "scope").put("setting", "approvedRights")
        .put("needs", new JsonArray().add("wall").add("video")).put("lacks", "VK has not granted this app the rights to publish.").put("source", "docs/platforms/vk.md")));
    PlatformRules rules = withApp("vk", app);
    AppReadiness some = new AppReadinessCheck(CATALOG, config("vk", new JsonObject().put("approvedRights", new JsonArray().add("video"))), DEC_2026)
        .check(rules, "oauth");
    assertEquals("VK has not granted this app the rights to publish. Missing: wall.", some.lacks().get(0).message());
    AppReadiness all = new AppReadinessCheck(CATALOG, config("vk", new JsonObject().put("approvedRights", new JsonArray().add("video").add("wall"))), DEC_2026)
        .check(rules, "oauth");
    assertTrue(all.ready());
  }

  @Test
  void theRouteTheOperatorPicksHasItsOwnSettings() {
    JsonObject app = new JsonObject().put("settings", new JsonArray().add("clientId")).put("routes", new JsonObject()
        .put("blotato", new JsonObject().put("settings", new JsonArray().add("blotatoApiKey"))));
    PlatformRules rules = withApp("tiktok", app);
    AppReadiness viaBlotato = new AppReadinessCheck(CATALOG, config("tiktok", new JsonObject().put("route", "blotato")), DEC_2026).check(rules, "credentials");
    assertEquals(List.of("oauth.clients.tiktok.blotatoApiKey"), viaBlotato.lacks().stream().map(AppGap::setting).toList());
    AppReadiness direct = new AppReadinessCheck(CATALOG, config("tiktok", new JsonObject().put("route", "direct")), DEC_2026).check(rules, "oauth");
    assertEquals(List.of("oauth.clients.tiktok.clientId"), direct.lacks().stream().map(AppGap::setting).toList());
  }

  @Test
  void anApiVersionWithin30DaysOfItsSunsetIsAGap() {
    PlatformRules rules = CATALOG.variant("facebook", j -> j.put("app", new JsonObject()).put("api", new JsonObject().put("version", "v21.0")
        .put("sunset", "2027-01-01").put("source", "docs/platforms/facebook.md")));
    JsonObject client = new JsonObject();
    AppReadiness near = new AppReadinessCheck(CATALOG, config("facebook", client), DEC_2026).check(rules, "oauth");
    assertEquals("apiVersion", near.lacks().get(0).kind());
    assertTrue(near.lacks().get(0).message().contains("v21.0") && near.lacks().get(0).message().contains("in 29 days"), near.lacks().toString());

    Clock october = Clock.fixed(Instant.parse("2026-10-01T00:00:00Z"), ZoneOffset.UTC);
    assertTrue(new AppReadinessCheck(CATALOG, config("facebook", client), october).check(rules, "oauth").ready(), "92 days ahead is no gap yet");
    Clock after = Clock.fixed(Instant.parse("2027-01-02T00:00:00Z"), ZoneOffset.UTC);
    assertTrue(new AppReadinessCheck(CATALOG, config("facebook", client), after).check(rules, "oauth").lacks().get(0).message().contains("retired"));
  }

  @Test
  void aMistypedAppBlockStopsTheNodeNamingTheKey() {
    ConfigException e = assertThrows(ConfigException.class, () -> withApp("vk", new JsonObject().put("requirements", new JsonArray()
        .add(new JsonObject().put("kind", "blessing").put("setting", "x").put("lacks", "y").put("source", "z")))));
    assertTrue(e.getMessage().contains("app.requirements[0].kind"), e.getMessage());
    ConfigException sunset = assertThrows(ConfigException.class, () -> CATALOG.variant("facebook", j -> j.put("api", new JsonObject()
        .put("version", "v21.0").put("sunset", "soon").put("source", "s"))));
    assertTrue(sunset.getMessage().contains("api.sunset"), sunset.getMessage());
  }

  /** Meta: people without a role on the app can connect only once App Review granted Advanced Access (docs/platforms/facebook.md). */
  @Test
  void metaAppsNeedAdvancedAccessForEveryPermissionTheyAskFor() {
    JsonObject client = new JsonObject().put("clientId", "710").put("clientSecret", "s")
        .put("advancedAccess", new JsonArray().add("pages_show_list"));
    AppReadiness r = new AppReadinessCheck(CATALOG, config("facebook", client), DEC_2026).check(CATALOG.rules("facebook"), "oauth");
    assertFalse(r.ready());
    assertEquals("review", r.lacks().get(0).kind());
    assertTrue(r.lacks().get(0).message().endsWith("Missing: pages_read_engagement, pages_manage_posts."), r.lacks().get(0).message());
    client.put("advancedAccess", new JsonArray().add("pages_show_list").add("pages_read_engagement").add("pages_manage_posts"));
    assertTrue(new AppReadinessCheck(CATALOG, config("facebook", client), DEC_2026).check(CATALOG.rules("facebook"), "oauth").ready());
  }
}
