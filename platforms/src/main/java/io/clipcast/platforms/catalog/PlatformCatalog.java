package io.clipcast.platforms.catalog;

import io.clipcast.config.ConfigException;
import io.clipcast.queue.PlatformLimits;
import io.clipcast.queue.RateLimits;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * The platforms this server knows: every {@code conf/platforms/<id>.json} on the classpath, read once, checked and
 * typed ({@link PlatformRules}). The only reader of those files. A file with an unknown key, a wrong type or a missing
 * block stops the node with one line naming the file and the key ({@link ConfigException}), as config errors do.
 */
public final class PlatformCatalog {
  static final String FOLDER = "conf/platforms/";
  private static PlatformCatalog shipped;

  private final Map<String, PlatformRules> byId;
  private final Map<String, JsonObject> documents;

  private PlatformCatalog(Map<String, PlatformRules> byId, Map<String, JsonObject> documents) {
    this.byId = Collections.unmodifiableMap(byId);
    this.documents = documents;
  }

  /** The catalog shipped in the jar ({@code conf/platforms/*.json} on the classpath), read on first use. */
  public static synchronized PlatformCatalog shipped() {
    if (shipped == null) shipped = fromFiles(classpathFiles(PlatformCatalog.class.getClassLoader()));
    return shipped;
  }

  /** Every {@code *.json} of {@code dir} (tests, or a folder given by an operator). */
  public static PlatformCatalog fromDirectory(Path dir) {
    Map<String, String> files = new TreeMap<>();
    try (Stream<Path> list = Files.list(dir)) {
      for (Path p : (Iterable<Path>) list::iterator) {
        if (p.getFileName().toString().endsWith(".json")) files.put(p.toString(), Files.readString(p, StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      throw new ConfigException(dir.toString(), "Cannot read platform files in " + dir + ": " + e.getMessage());
    }
    return fromFiles(files);
  }

  /** {@code files}: file name (ending in {@code <id>.json}) → its text. */
  static PlatformCatalog fromFiles(Map<String, String> files) {
    Map<String, PlatformRules> byId = new TreeMap<>();
    Map<String, JsonObject> documents = new TreeMap<>();
    files.forEach((name, text) -> {
      String base = name.substring(name.lastIndexOf('/') + 1);
      String id = base.substring(0, base.length() - ".json".length());
      JsonObject json;
      try {
        json = new JsonObject(text);
      } catch (DecodeException | ClassCastException e) {
        throw new ConfigException(name, name + " is not a valid JSON object: " + e.getMessage());
      }
      byId.put(id, PlatformRules.read(id, new JsonFields(name, "", json)));
      documents.put(id, json);
    });
    return new PlatformCatalog(byId, documents);
  }

  public Optional<PlatformRules> find(String id) {
    return Optional.ofNullable(byId.get(id));
  }

  /** The rules of a platform this catalog has; an unknown id is a programming error here (ids are checked at start). */
  public PlatformRules rules(String id) {
    PlatformRules r = byId.get(id);
    if (r == null) throw new IllegalArgumentException("no conf/platforms/" + id + ".json");
    return r;
  }

  public Collection<PlatformRules> all() {
    return byId.values();
  }

  /**
   * The rules of the enabled platforms ({@code platforms.enabled}), in that order, as this deployment's app settings
   * ({@code oauth.clients.<id>}) meet them ({@link PlatformRules#forApp}). Fails with one line naming
   * {@code platforms.enabled} when it names a platform without a rules file.
   */
  public List<PlatformRules> enabled(JsonObject config) {
    List<PlatformRules> out = new ArrayList<>();
    for (Object p : config.getJsonObject("platforms").getJsonArray("enabled")) {
      PlatformRules r = p instanceof String s ? byId.get(s) : null;
      if (r == null) {
        throw new ConfigException("platforms.enabled", "Config key 'platforms.enabled' names '" + p
            + "', which has no conf/platforms/" + p + ".json; known platforms have a rules file there: " + String.join(", ", byId.keySet()) + ".");
      }
      out.add(r.forApp(appSettings(config, r.id())));
    }
    return out;
  }

  /** {@code oauth.clients.<id>}: what the deployment set up with the platform (empty when nothing). */
  public static JsonObject appSettings(JsonObject config, String id) {
    return config.getJsonObject("oauth").getJsonObject("clients").getJsonObject(id, new JsonObject());
  }

  /** The publish-job rate limits of the enabled platforms, for the queue and the stats reader. */
  public RateLimits rateLimits(JsonObject config) {
    Map<String, PlatformLimits> limits = new LinkedHashMap<>();
    for (PlatformRules r : enabled(config)) limits.put(r.id(), r.rateLimits().limits());
    return new RateLimits(limits);
  }

  /** The file as shipped; a copy. */
  public JsonObject document(String id) {
    return documents.get(id).copy();
  }

  /**
   * The file as this deployment meets it, for {@code GET /api/v1/platforms}: the rules as written, with
   * {@code media.maxFileBytes} the limit that applies to this deployment's app ({@link MediaRules#forApp}).
   */
  public JsonObject document(String id, JsonObject config) {
    JsonObject doc = document(id);
    doc.getJsonObject("media").put("maxFileBytes", rules(id).forApp(appSettings(config, id)).media().maxFileBytes());
    return doc;
  }

  /**
   * The rules of {@code id} with its file changed by {@code change} and checked again as at start: a variant for tests
   * and tools (another quota model, API version or bot server) that cannot bypass the checks.
   */
  public PlatformRules variant(String id, Consumer<JsonObject> change) {
    JsonObject json = document(id);
    change.accept(json);
    return PlatformRules.read(id, new JsonFields(FOLDER + id + ".json (changed)", "", json));
  }

  /**
   * The {@code conf/platforms/*.json} files {@code loader} sees, in directories or in jars (the production jar). A jar
   * need not list its folders as entries, so the jars holding {@code conf/default.json} (shipped beside the platform
   * files) are searched too.
   */
  static Map<String, String> classpathFiles(ClassLoader loader) {
    Map<String, String> files = new TreeMap<>();
    try {
      List<URL> roots = Collections.list(loader.getResources(FOLDER));
      for (URL defaults : Collections.list(loader.getResources("conf/default.json"))) {
        if (defaults.getProtocol().equals("jar")) roots.add(defaults);
      }
      for (URL root : roots) {
        for (String name : names(root)) {
          if (files.containsKey(name)) continue; // the first copy on the classpath wins, as getResource does
          try (var in = loader.getResourceAsStream(name)) {
            if (in != null) files.put(name, new String(in.readAllBytes(), StandardCharsets.UTF_8));
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + FOLDER + " from the classpath", e);
    }
    if (files.isEmpty()) throw new ConfigException(FOLDER, "No " + FOLDER + "*.json on the classpath; rebuild the jar.");
    return files;
  }

  /** Resource names of the {@code *.json} files directly in the platforms folder ({@code root}), or anywhere in the jar holding {@code root}. */
  private static List<String> names(URL root) throws IOException {
    List<String> names = new ArrayList<>();
    if (root.getProtocol().equals("jar")) {
      JarURLConnection c = (JarURLConnection) root.openConnection();
      c.setUseCaches(false);
      try (JarFile jar = c.getJarFile()) {
        for (Enumeration<JarEntry> e = jar.entries(); e.hasMoreElements(); ) {
          String n = e.nextElement().getName();
          if (n.startsWith(FOLDER) && n.endsWith(".json") && n.indexOf('/', FOLDER.length()) < 0) names.add(n);
        }
      }
    } else {
      try (Stream<Path> list = Files.list(Path.of(root.toURI()))) {
        list.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".json")).forEach(n -> names.add(FOLDER + n));
      } catch (URISyntaxException e) {
        throw new IOException(e);
      }
    }
    return names;
  }
}
