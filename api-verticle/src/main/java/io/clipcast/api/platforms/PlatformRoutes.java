package io.clipcast.api.platforms;

import io.clipcast.api.auth.Authenticator;
import io.clipcast.api.auth.UserStore;
import io.clipcast.api.http.Replies;
import io.clipcast.api.plans.Plans;
import io.clipcast.platforms.ConnectorRegistry;
import io.clipcast.platforms.catalog.PlatformCatalog;
import io.clipcast.platforms.catalog.PlatformRules;
import io.clipcast.platforms.readiness.AppReadinessCheck;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.time.Clock;

/**
 * {@code GET /api/v1/platforms}: every enabled platform with its rules as the {@link PlatformCatalog} holds them and
 * whether the caller's plan allows it (a client shows an upgrade prompt instead of a connect button when not), and
 * {@code readiness}: how users connect and what this deployment's app still lacks ({@link AppReadinessCheck}).
 * Nothing here is specific to one platform.
 */
public final class PlatformRoutes {
  private final JsonArray catalog = new JsonArray();
  private final UserStore users;
  private final Plans plans;
  private final ConnectorRegistry connectors;
  private final AppReadinessCheck readiness;

  public PlatformRoutes(JsonObject config, UserStore users, Plans plans, ConnectorRegistry connectors, Clock clock) {
    this.users = users;
    this.plans = plans;
    this.connectors = connectors;
    PlatformCatalog platforms = PlatformCatalog.shipped();
    this.readiness = new AppReadinessCheck(platforms, config, clock);
    for (PlatformRules r : platforms.enabled(config)) catalog.add(platforms.document(r.id(), config));
  }

  public void mount(Router router, Handler<RoutingContext> auth) {
    router.get("/api/v1/platforms").handler(auth).handler(this::list);
  }

  private void list(RoutingContext ctx) {
    users.profile(Authenticator.user(ctx)).onSuccess(p -> {
      String plan = p.map(u -> u.getString("plan")).orElse("free");
      JsonArray items = new JsonArray();
      for (Object o : catalog) {
        JsonObject rules = ((JsonObject) o).copy();
        boolean allowed = plans.allows(plan, rules.getString("id"));
        connectors.get(rules.getString("id")).ifPresent(c -> rules.put("readiness", readiness.check(c).toJson()));
        items.add(rules.put("allowedByPlan", allowed).put("upgradeHint", allowed ? null : plans.upgradeHint(plan)));
      }
      Replies.json(ctx, 200, new JsonObject().put("plan", plan).put("items", items));
    }).onFailure(ctx::fail);
  }
}
