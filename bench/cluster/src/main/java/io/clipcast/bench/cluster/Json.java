package io.clipcast.bench.cluster;

import io.vertx.core.json.JsonObject;

final class Json {
  private Json() {}

  /** Merges {@code from} into {@code into}, object by object; returns {@code into}. */
  static JsonObject deepMerge(JsonObject into, JsonObject from) {
    for (String k : from.fieldNames()) {
      Object v = from.getValue(k);
      if (v instanceof JsonObject o && into.getValue(k) instanceof JsonObject target) deepMerge(target, o);
      else into.put(k, v instanceof JsonObject o ? o.copy() : v);
    }
    return into;
  }
}
