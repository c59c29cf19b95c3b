package io.clipcast.platforms;

import io.clipcast.config.ConfigLayers;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Which capability each of the nine connectors has, as types the registry hands out (no connector is called). */
class ConnectorCapabilitiesTest {
  private static final Vertx vertx = Vertx.vertx();

  @AfterAll
  static void stop() {
    vertx.close().await();
  }

  @Test
  void eachPlatformOffersWhatItHas() {
    ConnectorRegistry r = new ConnectorRegistry(vertx, ConfigLayers.fromDefaults().build());
    assertEquals(List.of("dzen", "facebook", "instagram", "linkedin", "tiktok", "vk", "youtube"), having(r, r::oauth));
    assertEquals(List.of("rutube", "telegram"), having(r, r::tokenSignIn));
    assertEquals(List.of("facebook", "instagram", "linkedin", "rutube", "tiktok", "vk", "youtube"), having(r, r::statsReader));
    assertEquals(List.of("dzen"), having(r, r::feedRenderer));
    assertEquals(Optional.empty(), r.oauth("myspace"), "an unknown platform has nothing");
  }

  @Test
  void tiktokThroughBlotatoConnectsWithAnAccountIdAndHasNoStats() {
    JsonObject config = ConfigLayers.fromDefaults().withEnv(Map.of("CLIPCAST_OAUTH_CLIENTS_TIKTOK_ROUTE", "blotato")).build();
    ConnectorRegistry r = new ConnectorRegistry(vertx, config);
    assertEquals(Optional.empty(), r.oauth("tiktok"));
    assertEquals(true, r.tokenSignIn("tiktok").isPresent());
    assertEquals(Optional.empty(), r.statsReader("tiktok"));
  }

  private static List<String> having(ConnectorRegistry r, Function<String, Optional<?>> capability) {
    return r.all().stream().map(PlatformConnector::id).filter(id -> capability.apply(id).isPresent()).sorted().toList();
  }
}
