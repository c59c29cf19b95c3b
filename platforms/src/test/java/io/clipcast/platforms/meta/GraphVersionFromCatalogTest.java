package io.clipcast.platforms.meta;

import io.clipcast.platforms.ConnectorSettings;
import io.clipcast.platforms.OAuthStart;
import io.clipcast.platforms.catalog.ApiRules;
import io.clipcast.platforms.catalog.PlatformCatalog;
import io.clipcast.platforms.catalog.PlatformRules;
import io.clipcast.platforms.facebook.FacebookConnector;
import io.clipcast.platforms.instagram.InstagramConnector;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Graph API version is the catalog's, not a constant (docs/platforms/facebook.md, "API version"): the shipped
 * catalog names v21.0 and Meta's sunset for it, and a deployment that changes {@code api.version} gets that version in
 * the dialog URL and every call.
 */
class GraphVersionFromCatalogTest {
  private static final Vertx vertx = Vertx.vertx();

  @AfterAll
  static void stop() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  private static PlatformRules withVersion(String id, String version) {
    PlatformRules r = PlatformCatalog.shipped().rules(id);
    return new PlatformRules(r.id(), r.displayName(), r.rateLimits(), r.dailyQuota(), r.text(), r.media(), r.recheck(),
        Optional.of(new ApiRules(version, Optional.empty(), List.of(), "test")), r.feed(), r.upload(), r.shorts(), r.connection(),
        r.route(), r.app());
  }

  private static ConnectorSettings settings(PlatformRules rules) {
    return new ConnectorSettings(Map.of("api", "https://graph.example", "oauth", "https://www.example", "upload", "https://rupload.example"),
        "710000000000002", "secret", MetaFixture.REDIRECT_URI, rules);
  }

  @Test
  void theShippedCatalogNamesTheGraphVersionAndItsSunset() {
    for (String id : List.of("facebook", "instagram")) {
      ApiRules api = PlatformCatalog.shipped().rules(id).api().orElseThrow();
      assertEquals("v21.0", api.version(), id);
      assertEquals(Optional.of(LocalDate.parse("2027-01-21")), api.sunset(), id);
      assertTrue(api.source().startsWith("docs/platforms/" + id + ".md"), api.source());
    }
  }

  @Test
  void bothConnectorsSpeakTheVersionTheCatalogNames() {
    FacebookConnector fb = new FacebookConnector();
    fb.init(vertx, settings(withVersion("facebook", "v24.0")));
    String url = fb.authorizationUrl(new OAuthStart("st", "unused"));
    assertTrue(url.startsWith("https://www.example/v24.0/dialog/oauth?"), url);
    InstagramConnector ig = new InstagramConnector();
    ig.init(vertx, settings(withVersion("instagram", "v24.0")));
    url = ig.authorizationUrl(new OAuthStart("st", "unused"));
    assertTrue(url.startsWith("https://www.example/v24.0/dialog/oauth?"), url);
  }

  @Test
  void aVersionThatIsNotAGraphVersionIsRefusedAtStart() {
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> new FacebookConnector().init(vertx, settings(withVersion("facebook", "21"))));
    assertTrue(e.getMessage().contains("conf/platforms/facebook.json api.version"), e.getMessage());
  }
}
