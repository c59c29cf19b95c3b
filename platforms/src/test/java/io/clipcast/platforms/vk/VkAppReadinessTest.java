package io.clipcast.platforms.vk;

import io.clipcast.config.ConfigLayers;
import io.clipcast.platforms.catalog.PlatformCatalog;
import io.clipcast.platforms.readiness.AppGap;
import io.clipcast.platforms.readiness.AppReadiness;
import io.clipcast.platforms.readiness.AppReadinessCheck;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What GET /api/v1/platforms and {@code clipcast check-apps} say of a VK app: which rights VK must have granted depends
 * on the route (conf/platforms/vk.json {@code app}); the operator declares them in {@code oauth.clients.vk.approvedRights}.
 */
class VkAppReadinessTest {
  private static final PlatformCatalog CATALOG = PlatformCatalog.shipped();
  private static final Clock NOW = Clock.fixed(Instant.parse("2026-12-03T10:00:00Z"), ZoneOffset.UTC);

  private static AppReadiness check(JsonObject config) {
    return new AppReadinessCheck(CATALOG, config, NOW).check(CATALOG.rules("vk"), "oauth");
  }

  private static JsonObject deployment(JsonObject vk) {
    JsonObject c = ConfigLayers.fromDefaults().build();
    c.getJsonObject("oauth").getJsonObject("clients").getJsonObject("vk").mergeIn(vk);
    return c;
  }

  @Test
  void theShippedDefaultsLackTheAppAndTheVideoRight() {
    AppReadiness r = check(ConfigLayers.fromDefaults().build());
    assertFalse(r.configured());
    assertEquals(List.of("oauth.clients.vk.clientId", "oauth.clients.vk.approvedRights"), r.lacks().stream().map(AppGap::setting).toList());
    AppGap scope = r.lacks().get(1);
    assertEquals("scope", scope.kind());
    assertTrue(scope.message().startsWith("This VK app lacks access to videos"), scope.message());
    assertTrue(scope.message().endsWith("Missing: video."), scope.message());
    assertEquals("docs/platforms/vk.md (Registering, products, scopes, review; Publishing paths)", scope.source());
  }

  @Test
  void theDefaultRouteNeedsOnlyTheVideoRight() {
    AppReadiness r = check(deployment(new JsonObject().put("clientId", "52000000").put("approvedRights", new JsonArray().add("video"))));
    assertTrue(r.configured());
    assertTrue(r.ready(), r.toJson().encodePrettily());
    assertTrue(r.lacks().isEmpty());
  }

  @Test
  void theWallPostRouteAlsoNeedsTheWallRight() {
    AppReadiness r = check(deployment(new JsonObject().put("clientId", "52000000").put("route", "wallPost")
        .put("approvedRights", new JsonArray().add("video"))));
    assertFalse(r.ready());
    assertEquals(1, r.lacks().size(), r.toJson().encodePrettily());
    AppGap gap = r.lacks().get(0);
    assertEquals("oauth.clients.vk.approvedRights", gap.setting());
    assertTrue(gap.message().contains("Implicit Flow") && gap.message().endsWith("Missing: wall."), gap.message());

    assertTrue(check(deployment(new JsonObject().put("clientId", "52000000").put("route", "wallPost")
        .put("approvedRights", new JsonArray().add("video").add("wall")))).ready());
  }

  @Test
  void devModesSandboxAppIsApprovedAndReady() {
    AppReadiness r = check(ConfigLayers.fromDefaults().withResource("conf/dev.json").build());
    assertTrue(r.ready(), r.toJson().encodePrettily());
  }

  @Test
  void theApiVersionHasNoAnnouncedSunset() {
    var api = CATALOG.rules("vk").api().orElseThrow();
    assertEquals("5.199", api.version());
    assertTrue(api.sunset().isEmpty(), "VK announces no retirement date for an API version");
  }
}
