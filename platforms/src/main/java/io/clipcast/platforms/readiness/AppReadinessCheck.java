package io.clipcast.platforms.readiness;

import io.clipcast.platforms.PlatformConnector;
import io.clipcast.platforms.catalog.ApiRules;
import io.clipcast.platforms.catalog.AppRequirement;
import io.clipcast.platforms.catalog.AppRules;
import io.clipcast.platforms.catalog.PlatformCatalog;
import io.clipcast.platforms.catalog.PlatformRules;
import io.vertx.core.json.JsonObject;

import java.time.Clock;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Compares what each platform demands of an app (the catalog's {@code app} and {@code api.sunset}) with what this
 * deployment declares under {@code oauth.clients.<id>}. Shared by {@code GET /api/v1/platforms},
 * {@code clipcast check-apps} and the node's start-up warning, so all three say the same.
 */
public final class AppReadinessCheck {
  private final PlatformCatalog catalog;
  private final JsonObject clients;
  private final int sunsetWarningDays;
  private final Clock clock;

  public AppReadinessCheck(PlatformCatalog catalog, JsonObject config, Clock clock) {
    this.catalog = catalog;
    this.clients = config.getJsonObject("oauth").getJsonObject("clients");
    this.sunsetWarningDays = config.getJsonObject("platforms").getInteger("sunsetWarningDays");
    this.clock = clock;
  }

  public AppReadiness check(PlatformConnector connector) {
    return check(catalog.rules(connector.id()), connector.oauth().isPresent() ? "oauth" : "credentials");
  }

  /** {@code connectKind}: {@code oauth} when users sign in on the platform, {@code credentials} otherwise. */
  public AppReadiness check(PlatformRules rules, String connectKind) {
    String id = rules.id();
    JsonObject client = clients.getJsonObject(id, new JsonObject());
    AppRules app = rules.app().orElse(new AppRules(connectKind.equals("oauth") ? List.of("clientId", "clientSecret") : List.of(),
        List.of(), Map.of())).forRoute(client.getString("route"));

    List<AppGap> lacks = new ArrayList<>();
    for (String key : app.settings()) {
      Object v = client.getValue(key);
      if (v == null || v.toString().isBlank()) {
        lacks.add(new AppGap("config", "oauth.clients." + id + "." + key, "oauth.clients." + id + "." + key
            + " is not set: register an app with " + rules.displayName() + " and set its credentials there.", "docs/platforms/" + id + ".md", true));
      }
    }
    boolean configured = lacks.isEmpty();
    for (AppRequirement r : app.requirements()) {
      r.unmet(client).ifPresent(missing -> lacks.add(new AppGap(r.kind(), "oauth.clients." + id + "." + r.setting(),
          r.lacks() + (missing.isEmpty() ? "" : " Missing: " + String.join(", ", missing) + "."), r.source(), !r.optional())));
    }
    rules.api().flatMap(this::sunsetGap).map(g -> new AppGap("apiVersion", "conf/platforms/" + id + ".json api.version",
        rules.displayName() + " " + g, rules.api().get().source(), true)).ifPresent(lacks::add);
    return new AppReadiness(id, connectKind, configured, List.copyOf(lacks));
  }

  /** Days until the platform retires the API version this server speaks; empty when it announced no date. */
  public Optional<Long> daysToSunset(ApiRules api) {
    return api.sunset().map(day -> ChronoUnit.DAYS.between(LocalDate.now(clock), day));
  }

  private Optional<String> sunsetGap(ApiRules api) {
    return daysToSunset(api).filter(days -> days <= sunsetWarningDays).map(days -> days > 0
        ? "retires API version " + api.version() + " on " + api.sunset().get() + " (in " + days + " days): move to a newer version before then."
        : "retired API version " + api.version() + " on " + api.sunset().get() + ": the platform may refuse calls or answer them as a newer version, until this server moves to a newer one.");
  }
}
