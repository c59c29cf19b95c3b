package io.clipcast.platforms.readiness;

import io.vertx.core.json.JsonObject;

/**
 * One thing a platform's app still lacks on this deployment. {@code kind}: {@code config} (credentials not set),
 * {@code review}, {@code product}, {@code scope} (the platform has not granted it) or {@code apiVersion} (the
 * platform retires the version this server speaks); {@code setting}: the config key or catalog key to change;
 * {@code source}: where the rule is documented; {@code blocking}: false when users can still publish, with less.
 */
public record AppGap(String kind, String setting, String message, String source, boolean blocking) {

  public JsonObject toJson() {
    return new JsonObject().put("kind", kind).put("setting", setting).put("message", message).put("source", source).put("blocking", blocking);
  }
}
