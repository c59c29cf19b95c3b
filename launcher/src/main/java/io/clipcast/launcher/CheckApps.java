package io.clipcast.launcher;

import io.clipcast.platforms.ConnectorRegistry;
import io.clipcast.platforms.PlatformConnector;
import io.clipcast.platforms.catalog.PlatformCatalog;
import io.clipcast.platforms.readiness.AppGap;
import io.clipcast.platforms.readiness.AppReadiness;
import io.clipcast.platforms.readiness.AppReadinessCheck;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.io.PrintStream;
import java.time.Clock;

/**
 * {@code clipcast check-apps}: for each enabled platform, how users connect and what this deployment's app still
 * lacks (credentials, review, products, rights, an API version near its sunset): the same answer as the
 * {@code readiness} of {@code GET /api/v1/platforms}. Exit 0 when every app is ready, 3 when one lacks something.
 */
final class CheckApps {
  static final int NOT_READY = 3;

  private CheckApps() {}

  static int run(JsonObject config, PrintStream out, Clock clock) {
    Vertx vertx = Vertx.vertx();
    try {
      ConnectorRegistry registry = new ConnectorRegistry(vertx, config);
      AppReadinessCheck check = new AppReadinessCheck(PlatformCatalog.shipped(), config, clock);
      int notReady = 0;
      out.println("Platform apps of this deployment (oauth.clients.<id> against conf/platforms/<id>.json):");
      for (PlatformConnector c : registry.all()) {
        AppReadiness r = check.check(c);
        out.printf("  %-10s %-12s %s%n", r.platform(), r.connectKind(), !r.ready() ? "NOT READY" : r.lacks().isEmpty() ? "ready" : "ready, limited");
        for (AppGap g : r.lacks()) {
          out.printf("      - %s%s (%s): %s See %s%n", g.blocking() ? "" : "optional ", g.kind(), g.setting(), g.message(), g.source());
        }
        if (!r.ready()) notReady++;
      }
      out.println(notReady == 0 ? "Every platform app is ready." : notReady + " platform app(s) lack something; users cannot publish there yet.");
      return notReady == 0 ? 0 : NOT_READY;
    } finally {
      vertx.close();
    }
  }
}
