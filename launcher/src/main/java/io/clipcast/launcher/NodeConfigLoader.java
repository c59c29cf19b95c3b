package io.clipcast.launcher;

import io.clipcast.config.ConfigLayers;
import io.clipcast.platforms.catalog.PlatformCatalog;
import io.vertx.core.json.JsonObject;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;

/** The node's effective config: defaults &lt; dev profile (dev mode) &lt; --config file &lt; CLIPCAST_* env. */
public final class NodeConfigLoader {
  private NodeConfigLoader() {}

  public static JsonObject load(boolean devMode, Path file, Map<String, String> env) {
    ConfigLayers layers = ConfigLayers.fromDefaults();
    if (devMode) layers.withResource("conf/dev.json");
    Path chosen = file != null ? file
        : env.containsKey(ConfigLayers.CONFIG_FILE_ENV) ? Path.of(env.get(ConfigLayers.CONFIG_FILE_ENV)) : null;
    if (chosen != null) layers.withFile(chosen);
    JsonObject config = layers.withEnv(env).build();
    PlatformCatalog.shipped().enabled(config);   // reads and checks conf/platforms/*.json; every enabled platform has rules
    JsonObject node = config.getJsonObject("node");
    if (node.getString("id").isBlank()) node.put("id", defaultNodeId());
    return config;
  }

  /** host-pid-random: unique per process, readable in logs and on /cluster. */
  static String defaultNodeId() {
    String host = ManagementFactory.getRuntimeMXBean().getName(); // pid@host
    String name = host.contains("@") ? host.substring(host.indexOf('@') + 1) : host;
    return (name + "-" + ProcessHandle.current().pid() + "-" + UUID.randomUUID().toString().substring(0, 6))
        .replaceAll("[^A-Za-z0-9._-]", "-");
  }
}
