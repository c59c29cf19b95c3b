package io.clipcast.api.platforms;

import io.clipcast.api.auth.Authenticator;
import io.clipcast.api.auth.UserStore;
import io.clipcast.api.http.Replies;
import io.clipcast.api.plans.Plans;
import io.clipcast.platforms.catalog.PlatformCatalog;
import io.clipcast.platforms.catalog.PlatformRules;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code GET /api/v1/platforms}: every enabled platform with its rules as the {@link PlatformCatalog} holds them and
 * whether the caller's plan allows it (a client shows an upgrade prompt instead of a connect button when not).
 * Nothing here is specific to one platform.
 */
public final class PlatformRoutes {
  private final JsonArray catalog = new JsonArray();
  private final UserStore users;
  private final Plans plans;

  public PlatformRoutes(JsonObject config, UserStore users, Plans plans) {
    this.users = users;
    this.plans = plans;
    PlatformCatalog platforms = PlatformCatalog.shipped();
    for (PlatformRules r : platforms.enabled(config)) catalog.add(platforms.document(r.id()));
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
        items.add(rules.put("allowedByPlan", allowed).put("upgradeHint", allowed ? null : plans.upgradeHint(plan)));
      }
      Replies.json(ctx, 200, new JsonObject().put("plan", plan).put("items", items));
    }).onFailure(ctx::fail);
  }
}
