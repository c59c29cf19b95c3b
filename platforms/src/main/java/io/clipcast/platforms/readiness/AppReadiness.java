package io.clipcast.platforms.readiness;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;

/**
 * Whether users of this deployment can connect to a platform and publish there: how they connect ({@code oauth}:
 * sign in on the platform; {@code credentials}: they paste a bot token, a login or an account id), whether the
 * deployment set up its app, and what the app still lacks ({@link AppGap}).
 */
public record AppReadiness(String platform, String connectKind, boolean configured, List<AppGap> lacks) {

  /** Users can connect and publish: nothing blocking is missing (a non-blocking gap only limits what they can do). */
  public boolean ready() {
    return lacks.stream().noneMatch(AppGap::blocking);
  }

  public JsonObject toJson() {
    JsonArray gaps = new JsonArray();
    lacks.forEach(g -> gaps.add(g.toJson()));
    return new JsonObject().put("connectKind", connectKind).put("configured", configured).put("ready", ready()).put("lacks", gaps);
  }
}
