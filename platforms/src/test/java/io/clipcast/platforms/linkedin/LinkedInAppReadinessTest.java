package io.clipcast.platforms.linkedin;

import io.clipcast.config.ConfigLayers;
import io.clipcast.platforms.catalog.ApiRules;
import io.clipcast.platforms.catalog.PlatformCatalog;
import io.clipcast.platforms.readiness.AppGap;
import io.clipcast.platforms.readiness.AppReadiness;
import io.clipcast.platforms.readiness.AppReadinessCheck;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What LinkedIn demands of a deployment (conf/platforms/linkedin.json {@code app} and {@code api.sunset};
 * docs/platforms/linkedin.md): a member app with Sign In with OpenID Connect and Share on LinkedIn, a second app with
 * only the Community Management API for Pages, and a {@code LinkedIn-Version} LinkedIn still supports.
 */
class LinkedInAppReadinessTest {
  private static final PlatformCatalog CATALOG = PlatformCatalog.shipped();
  private static final Clock DEC_2026 = Clock.fixed(Instant.parse("2026-12-03T10:00:00Z"), ZoneOffset.UTC);

  private static AppReadiness check(JsonObject client, Clock clock) {
    JsonObject config = ConfigLayers.fromDefaults().build();
    config.getJsonObject("oauth").getJsonObject("clients").getJsonObject("linkedin").mergeIn(client);
    return new AppReadinessCheck(CATALOG, config, clock).check(CATALOG.rules("linkedin"), "oauth");
  }

  @Test
  void bothAppsAndTheirProductsAreWhatReadinessAsksFor() {
    AppReadiness bare = check(new JsonObject().put("clientId", "member-app").put("clientSecret", "s"), DEC_2026);
    assertTrue(bare.configured(), "the member app's credentials are set");
    assertFalse(bare.ready());
    assertEquals(List.of("oauth.clients.linkedin.products", "oauth.clients.linkedin.pageProducts"),
        bare.lacks().stream().map(AppGap::setting).toList());
    assertTrue(bare.lacks().stream().allMatch(g -> g.kind().equals("product") && g.source().startsWith("docs/platforms/linkedin.md")));
    assertTrue(bare.lacks().get(0).message().contains("Missing: Sign In with LinkedIn using OpenID Connect, Share on LinkedIn."),
        bare.lacks().get(0).message());
    assertTrue(bare.lacks().get(1).message().contains("only product is the Community Management API"), bare.lacks().get(1).message());
    assertTrue(bare.lacks().get(0).blocking() && !bare.lacks().get(1).blocking(), "without a Page app members still post as themselves");

    AppReadiness memberOnly = check(new JsonObject().put("clientId", "member-app").put("clientSecret", "s").put("products",
        new io.vertx.core.json.JsonArray().add("Sign In with LinkedIn using OpenID Connect").add("Share on LinkedIn")), DEC_2026);
    assertTrue(memberOnly.ready(), "a member app alone is ready: " + memberOnly.toJson().encode());
    assertEquals(List.of("oauth.clients.linkedin.pageProducts"), memberOnly.lacks().stream().map(AppGap::setting).toList());
  }

  /** Dev mode starts with apps that work: conf/dev.json declares both sandbox apps with their products. */
  @Test
  void devModesAppsAreReady() throws Exception {
    JsonObject dev = new JsonObject(Files.readString(Path.of("../conf/dev.json"))).getJsonObject("oauth").getJsonObject("clients")
        .getJsonObject("linkedin");
    AppReadiness r = check(dev, DEC_2026);
    assertTrue(r.ready(), r.toJson().encode());
  }

  /** LinkedIn supports a monthly version about a year; readiness and the sunset watch warn 30 days ahead. */
  @Test
  void theApiVersionsSunsetIsWatched() {
    ApiRules api = CATALOG.rules("linkedin").api().orElseThrow();
    assertEquals("202610", api.version());
    assertEquals(LocalDate.parse("2027-10-15"), api.sunset().orElseThrow());
    JsonObject dev = new JsonObject().put("products", new io.vertx.core.json.JsonArray().add("Sign In with LinkedIn using OpenID Connect")
        .add("Share on LinkedIn")).put("pageClientId", "p").put("pageClientSecret", "s")
        .put("pageProducts", new io.vertx.core.json.JsonArray().add("Community Management API")).put("clientId", "m").put("clientSecret", "s");
    AppReadiness late = check(dev, Clock.fixed(Instant.parse("2027-09-25T10:00:00Z"), ZoneOffset.UTC));
    assertEquals(1, late.lacks().size(), late.toJson().encode());
    AppGap gap = late.lacks().get(0);
    assertEquals("apiVersion", gap.kind());
    assertTrue(gap.message().contains("202610") && gap.message().contains("2027-10-15"), gap.message());
  }
}
