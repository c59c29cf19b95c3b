package io.clipcast.api.plans;

import io.clipcast.config.ConfigLayers;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** What each plan allows, from {@code conf/plans.json}: free none, start VK only, pro and business every platform. */
public final class Plans {
  private final JsonObject plans;

  private Plans(JsonObject plans) {
    this.plans = plans;
  }

  public static Plans load() {
    return new Plans(ConfigLayers.readResource("conf/plans.json"));
  }

  public boolean allows(String plan, String platform) {
    JsonArray allowed = plans.getJsonObject(plan, new JsonObject()).getJsonArray("platforms", new JsonArray());
    return allowed.contains("*") || allowed.contains(platform);
  }

  /** The plan as the client shows it, with what to say when something is not included. */
  public JsonObject describe(String plan) {
    JsonObject p = plans.getJsonObject(plan, new JsonObject());
    return new JsonObject().put("id", plan).put("displayName", p.getString("displayName", plan))
        .put("platforms", p.getJsonArray("platforms", new JsonArray())).put("maxConnections", p.getInteger("maxConnections", 0))
        .put("upgradeHint", p.getString("upgradeHint", ""));
  }

  public String upgradeHint(String plan) {
    return plans.getJsonObject(plan, new JsonObject()).getString("upgradeHint", "");
  }
}
