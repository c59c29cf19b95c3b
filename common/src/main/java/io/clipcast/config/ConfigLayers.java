package io.clipcast.config;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Builds the effective config: {@code conf/default.json} &lt; profile layers (e.g. {@code conf/dev.json})
 * &lt; a file named on the command line &lt; {@code CLIPCAST_*} environment variables.
 *
 * <p>The defaults file is the schema: a key that it does not have is unknown, and a value must have the
 * type of the default. Mistakes fail start-up with a {@link ConfigException} naming the key.
 */
public final class ConfigLayers {
  /** Environment variable naming the config file, as an alternative to {@code --config}. */
  public static final String CONFIG_FILE_ENV = "CLIPCAST_CONFIG";
  private static final String ENV_PREFIX = "CLIPCAST_";

  private final JsonObject defaults;
  private final JsonObject merged;

  private ConfigLayers(JsonObject defaults) {
    this.defaults = defaults;
    this.merged = defaults.copy();
  }

  /** Starts from {@code conf/default.json} on the classpath. */
  public static ConfigLayers fromDefaults() {
    return new ConfigLayers(readResource("conf/default.json"));
  }

  /** Reads a JSON object from the classpath, e.g. {@code conf/dev.json}. */
  public static JsonObject readResource(String name) {
    try (InputStream in = ConfigLayers.class.getClassLoader().getResourceAsStream(name)) {
      if (in == null) {
        throw new ConfigException(name, "Config resource " + name + " is missing from the classpath; rebuild the jar.");
      }
      return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), name);
    } catch (IOException e) {
      throw new ConfigException(name, "Cannot read config resource " + name + ": " + e.getMessage());
    }
  }

  /** Overlays a profile shipped in the jar (validated like a file). */
  public ConfigLayers withResource(String name) {
    return overlay(readResource(name), name);
  }

  /** Overlays a config file given by an operator. */
  public ConfigLayers withFile(Path file) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new ConfigException(file.toString(), "Config file " + file + " does not exist.");
    } catch (IOException e) {
      throw new ConfigException(file.toString(), "Cannot read config file " + file + ": " + e.getMessage());
    }
    return overlay(parse(text, file.toString()), file.toString());
  }

  /** Overlays a JSON object, validating every key against the defaults. */
  public ConfigLayers overlay(JsonObject layer, String source) {
    merge(defaults, merged, layer, "", source);
    return this;
  }

  /**
   * Overlays {@code CLIPCAST_*} variables. Names are the dotted key upper-cased, dots and camelCase humps
   * turned into underscores: {@code db.pool.maxSize} is {@code CLIPCAST_DB_POOL_MAX_SIZE}.
   */
  public ConfigLayers withEnv(Map<String, String> env) {
    Map<String, String> known = envNames();
    for (Map.Entry<String, String> e : new TreeMap<>(env).entrySet()) {
      String name = e.getKey();
      if (!name.startsWith(ENV_PREFIX) || name.equals(CONFIG_FILE_ENV)) {
        continue;
      }
      String key = known.get(name);
      if (key == null) {
        throw new ConfigException(name, "Unknown environment variable " + name
            + ": no config key has that name. See the config reference in README.md (e.g. CLIPCAST_HTTP_PORT for http.port).");
      }
      setPath(merged, key, parseEnvValue(key, name, e.getValue()));
    }
    return this;
  }

  public JsonObject build() {
    ConfigRules.check(merged);
    return merged.copy();
  }

  /** Every known key with its environment variable name, in the order of the defaults file. */
  public Map<String, String> envNames() {
    Map<String, String> names = new TreeMap<>();
    for (String key : leafKeys(defaults, "")) {
      names.put(envName(key), key);
    }
    return names;
  }

  public static String envName(String key) {
    StringBuilder sb = new StringBuilder(ENV_PREFIX);
    for (char c : key.toCharArray()) {
      if (c == '.') {
        sb.append('_');
      } else if (Character.isUpperCase(c)) {
        sb.append('_').append(c);
      } else {
        sb.append(Character.toUpperCase(c));
      }
    }
    return sb.toString();
  }

  /** Dotted paths of every non-object value, depth first. */
  public static List<String> leafKeys(JsonObject obj, String prefix) {
    List<String> keys = new ArrayList<>();
    for (String name : obj.fieldNames()) {
      Object v = obj.getValue(name);
      String path = prefix + name;
      if (v instanceof JsonObject) {
        keys.addAll(leafKeys((JsonObject) v, path + "."));
      } else {
        keys.add(path);
      }
    }
    return keys;
  }

  private static JsonObject parse(String text, String source) {
    try {
      return new JsonObject(text);
    } catch (DecodeException | ClassCastException e) {
      throw new ConfigException(source, "Config " + source + " is not a valid JSON object: " + e.getMessage());
    }
  }

  private static void merge(JsonObject schema, JsonObject target, JsonObject layer, String prefix, String source) {
    for (String name : layer.fieldNames()) {
      String key = prefix + name;
      if (!schema.containsKey(name)) {
        throw new ConfigException(key, "Unknown config key '" + key + "' in " + source
            + ". Known keys here: " + String.join(", ", schema.fieldNames()) + ".");
      }
      Object expected = schema.getValue(name);
      Object given = layer.getValue(name);
      if (expected instanceof JsonObject) {
        if (!(given instanceof JsonObject)) {
          throw new ConfigException(key, "Config key '" + key + "' in " + source + " must be an object.");
        }
        merge((JsonObject) expected, target.getJsonObject(name), (JsonObject) given, key + ".", source);
      } else {
        target.put(name, coerce(key, expected, given, source));
      }
    }
  }

  private static Object coerce(String key, Object expected, Object given, String source) {
    String where = "Config key '" + key + "' in " + source;
    if (expected instanceof Boolean) {
      if (given instanceof Boolean) return given;
      throw new ConfigException(key, where + " must be true or false, got " + given + ".");
    }
    if (expected instanceof Integer || expected instanceof Long) {
      if (given instanceof Number && ((Number) given).doubleValue() == Math.rint(((Number) given).doubleValue())) {
        long v = ((Number) given).longValue();
        return expected instanceof Integer && v == (int) v ? (Object) (int) v : (Object) v;
      }
      throw new ConfigException(key, where + " must be a whole number, got " + given + ".");
    }
    if (expected instanceof Number) {
      if (given instanceof Number) return given;
      throw new ConfigException(key, where + " must be a number, got " + given + ".");
    }
    if (expected instanceof String) {
      if (given instanceof String) return given;
      throw new ConfigException(key, where + " must be a string, got " + given + ".");
    }
    if (expected instanceof JsonArray) {
      if (given instanceof JsonArray) return given;
      throw new ConfigException(key, where + " must be a list, got " + given + ".");
    }
    return given;
  }

  private Object parseEnvValue(String key, String envName, String raw) {
    Object expected = getPath(defaults, key);
    String source = "environment variable " + envName;
    Object given;
    String v = raw.trim();
    if (expected instanceof Boolean) {
      given = v.equalsIgnoreCase("true") ? Boolean.TRUE : v.equalsIgnoreCase("false") ? Boolean.FALSE : v;
    } else if (expected instanceof Number) {
      try {
        given = v.contains(".") ? (Object) Double.parseDouble(v) : (Object) Long.parseLong(v);
      } catch (NumberFormatException e) {
        given = v;
      }
    } else if (expected instanceof JsonArray) {
      given = v.startsWith("[") ? parseArray(v, key, source) : splitList(v, key, source, (JsonArray) expected);
    } else {
      given = raw;
    }
    return coerce(key, expected, given, source);
  }

  private static JsonArray parseArray(String v, String key, String source) {
    try {
      return new JsonArray(v);
    } catch (DecodeException e) {
      throw new ConfigException(key, "Config key '" + key + "' in " + source + " is not a JSON list: " + e.getMessage());
    }
  }

  /** "a, b" → ["a","b"]; numbers when the default list holds numbers ("60000,300000" → [60000,300000]). */
  private static JsonArray splitList(String v, String key, String source, JsonArray expected) {
    boolean numeric = !expected.isEmpty() && expected.getValue(0) instanceof Number;
    JsonArray list = new JsonArray();
    for (String part : v.split(",")) {
      if (part.isBlank()) continue;
      if (!numeric) {
        list.add(part.trim());
        continue;
      }
      try {
        list.add(Long.parseLong(part.trim()));
      } catch (NumberFormatException e) {
        throw new ConfigException(key, "Config key '" + key + "' in " + source + " must list whole numbers, got '" + part.trim() + "'.");
      }
    }
    return list;
  }

  static Object getPath(JsonObject obj, String key) {
    String[] parts = key.split("\\.");
    JsonObject cur = obj;
    for (int i = 0; i < parts.length - 1; i++) cur = cur.getJsonObject(parts[i]);
    return cur.getValue(parts[parts.length - 1]);
  }

  private static void setPath(JsonObject obj, String key, Object value) {
    String[] parts = key.split("\\.");
    JsonObject cur = obj;
    for (int i = 0; i < parts.length - 1; i++) cur = cur.getJsonObject(parts[i]);
    cur.put(parts[parts.length - 1], value);
  }
}
