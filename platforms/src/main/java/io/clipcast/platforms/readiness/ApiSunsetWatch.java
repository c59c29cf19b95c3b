package io.clipcast.platforms.readiness;

import io.clipcast.platforms.catalog.ApiRules;
import io.clipcast.platforms.catalog.PlatformCatalog;
import io.clipcast.platforms.catalog.PlatformRules;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;

/**
 * Warns operators before a platform retires the API version this server speaks: the gauge
 * {@code clipcast_platform_api_sunset_days{platform}} (days left; an alert rule can watch it) and, within
 * {@code platforms.sunsetWarningDays}, a WARN line at start and once a day.
 */
public final class ApiSunsetWatch {
  private static final Logger log = LoggerFactory.getLogger(ApiSunsetWatch.class);
  private static final long DAY_MS = 24 * 3600 * 1000L;

  private ApiSunsetWatch() {}

  public static void start(Vertx vertx, JsonObject config, MeterRegistry registry, Clock clock) {
    PlatformCatalog catalog = PlatformCatalog.shipped();
    AppReadinessCheck check = new AppReadinessCheck(catalog, config, clock);
    int warnDays = config.getJsonObject("platforms").getInteger("sunsetWarningDays");
    for (PlatformRules rules : catalog.enabled(config)) {
      ApiRules api = rules.api().filter(a -> a.sunset().isPresent()).orElse(null);
      if (api == null) continue;
      Gauge.builder("clipcast.platform.api.sunset.days", () -> check.daysToSunset(api).orElseThrow())
          .tags("platform", rules.id(), "version", api.version())
          .description("Days until the platform retires the API version this server speaks").register(registry);
      Runnable warn = () -> check.daysToSunset(api).filter(days -> days <= warnDays).ifPresent(days -> log.warn(
          "{} retires API version {} on {} ({} days left): update api.version in conf/platforms/{}.json; see {}",
          rules.displayName(), api.version(), api.sunset().get(), days, rules.id(), api.source()));
      warn.run();
      vertx.setPeriodic(DAY_MS, id -> warn.run());
    }
  }
}
