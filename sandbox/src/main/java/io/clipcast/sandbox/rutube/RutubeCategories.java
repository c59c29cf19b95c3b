package io.clipcast.sandbox.rutube;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.Map;
import java.util.TreeMap;

/** The video categories the sandbox knows: only those docs/platforms/rutube.md names (13 "Разное", the official client's default; 6 music). */
final class RutubeCategories {
  private static final Map<Integer, String> NAMES = new TreeMap<>(Map.of(6, "Музыка", 13, "Разное"));

  private RutubeCategories() {}

  static boolean exists(int id) {
    return NAMES.containsKey(id);
  }

  static JsonObject of(int id) {
    return new JsonObject().put("id", id).put("name", NAMES.get(id));
  }

  /** {@code GET /api/video/category/}. */
  static JsonArray all() {
    JsonArray list = new JsonArray();
    NAMES.keySet().forEach(id -> list.add(of(id)));
    return list;
  }
}
