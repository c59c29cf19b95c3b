package io.clipcast.platforms.catalog;

import io.clipcast.config.ConfigException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One JSON object of a platform file, read key by key with its type checked. {@link #end()} refuses every key that was
 * not read, so a misspelt or stale key stops the node instead of being ignored. Every refusal is one line naming the
 * file and the dotted key, as config errors do.
 */
final class JsonFields {
  private final String file;
  private final String path;
  private final JsonObject json;
  private final Set<String> read = new LinkedHashSet<>();

  JsonFields(String file, String path, JsonObject json) {
    this.file = file;
    this.path = path;
    this.json = json;
  }

  String file() {
    return file;
  }

  String key(String name) {
    return path.isEmpty() ? name : path + "." + name;
  }

  ConfigException error(String name, String problem) {
    return new ConfigException(file + ":" + key(name), file + ": key '" + key(name) + "' " + problem);
  }

  private Object value(String name, boolean required) {
    read.add(name);
    Object v = json.getValue(name);
    if (v == null && required) {
      throw error(name, json.containsKey(name) ? "must not be null." : "is missing.");
    }
    return v;
  }

  private ConfigException wrong(String name, String type, Object v) {
    return error(name, "must be " + type + ", got " + (v instanceof String ? "\"" + v + "\"" : String.valueOf(v)) + ".");
  }

  String string(String name) {
    return asString(name, value(name, true));
  }

  /** A list of objects, each checked like a block of its own ({@code name[0]}, {@code name[1]}, …); empty when absent. */
  List<JsonFields> optObjects(String name) {
    Object v = value(name, false);
    if (v == null) return List.of();
    if (!(v instanceof JsonArray a)) throw wrong(name, "a list of objects", v);
    List<JsonFields> out = new ArrayList<>();
    for (int i = 0; i < a.size(); i++) {
      if (!(a.getValue(i) instanceof JsonObject o)) throw wrong(name, "a list of objects", v);
      out.add(new JsonFields(file, key(name) + "[" + i + "]", o));
    }
    return out;
  }

  /** Null when absent or null. */
  String optString(String name) {
    return asString(name, value(name, false));
  }

  private String asString(String name, Object v) {
    if (v == null || v instanceof String) return (String) v;
    throw wrong(name, "a string", v);
  }

  int integer(String name) {
    return asInteger(name, value(name, true));
  }

  /** Null when absent or null (no limit). */
  Integer optInteger(String name) {
    Object v = value(name, false);
    return v == null ? null : asInteger(name, v);
  }

  private int asInteger(String name, Object v) {
    long l = asLong(name, v);
    if (l < Integer.MIN_VALUE || l > Integer.MAX_VALUE) throw wrong(name, "a whole number up to " + Integer.MAX_VALUE, v);
    return (int) l;
  }

  long whole(String name) {
    return asLong(name, value(name, true));
  }

  /** Null when absent or null (no limit). */
  Long optWhole(String name) {
    Object v = value(name, false);
    return v == null ? null : asLong(name, v);
  }

  private long asLong(String name, Object v) {
    if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) return ((Number) v).longValue();
    throw wrong(name, "a whole number", v);
  }

  double number(String name) {
    Object v = value(name, true);
    if (v instanceof Number n) return n.doubleValue();
    throw wrong(name, "a number", v);
  }

  boolean bool(String name) {
    Object v = value(name, true);
    if (v instanceof Boolean b) return b;
    throw wrong(name, "true or false", v);
  }

  boolean optBool(String name, boolean absent) {
    Object v = value(name, false);
    if (v == null) return absent;
    if (v instanceof Boolean b) return b;
    throw wrong(name, "true or false", v);
  }

  List<String> strings(String name) {
    Object v = value(name, true);
    if (!(v instanceof JsonArray a)) throw wrong(name, "a list of strings", v);
    List<String> out = new ArrayList<>();
    for (Object o : a) {
      if (!(o instanceof String s)) throw wrong(name, "a list of strings", v);
      out.add(s);
    }
    return List.copyOf(out);
  }

  /** Empty when absent. */
  List<String> optStrings(String name) {
    return value(name, false) == null ? List.of() : strings(name);
  }

  JsonFields object(String name) {
    Object v = value(name, true);
    if (v instanceof JsonObject o) return new JsonFields(file, key(name), o);
    throw wrong(name, "an object", v);
  }

  /** Null when absent or null. */
  JsonFields optObject(String name) {
    Object v = value(name, false);
    if (v == null) return null;
    if (v instanceof JsonObject o) return new JsonFields(file, key(name), o);
    throw wrong(name, "an object", v);
  }

  /** An object whose keys are free names and whose values are strings (e.g. instructions per language). */
  Map<String, String> stringMap(String name) {
    JsonFields o = object(name);
    Map<String, String> out = new LinkedHashMap<>();
    for (String k : o.json.fieldNames()) out.put(k, o.string(k));
    return Map.copyOf(out);
  }

  /** The keys present, for objects keyed by free names (e.g. quota models). */
  Set<String> keys() {
    return json.fieldNames();
  }

  /** Refuses any key that was not read: the file says something no code knows about. */
  void end() {
    for (String k : json.fieldNames()) {
      if (!read.contains(k)) {
        throw error(k, "is not a known key" + (read.isEmpty() ? "." : "; known keys here: " + String.join(", ", read) + "."));
      }
    }
  }
}
