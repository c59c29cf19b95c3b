package io.clipcast.launcher;

import io.clipcast.config.ConfigLayers;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * docker-compose.yml cannot run here (no Docker engine), so this reads it as Compose would (anchors, merge keys,
 * ${VAR:-default}) and checks that everything it names exists: config files, config keys behind every
 * CLIPCAST_* variable, mounted files, Prometheus targets; and that each Clipcast service's effective config
 * (its file plus its environment) passes the same validation the launcher runs at start-up.
 */
class ComposeFileTest {
  private static final Path ROOT = Path.of(System.getProperty("basedir", ".")).toAbsolutePath().resolve("..").normalize();
  private static final Set<String> CLIPCAST_SERVICES = Set.of("api", "scheduler", "publish", "stats");
  private static final Pattern INTERPOLATION = Pattern.compile("\\$\\{([A-Z_]+)(?::?-([^}]*))?}");
  private static Map<String, Object> services;

  @BeforeAll
  @SuppressWarnings("unchecked")
  static void parse() throws Exception {
    Map<String, Object> compose = new Yaml().load(Files.readString(ROOT.resolve("docker-compose.yml")));
    services = (Map<String, Object>) compose.get("services");
    assertNotNull(services, "docker-compose.yml has services");
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> service(String name) {
    Map<String, Object> s = (Map<String, Object>) services.get(name);
    assertNotNull(s, "service " + name + " is defined");
    return s;
  }

  /** Compose's own interpolation of ${VAR:-default} with an empty environment. */
  private static String interpolate(Object value) {
    Matcher m = INTERPOLATION.matcher(String.valueOf(value));
    StringBuilder sb = new StringBuilder();
    while (m.find()) m.appendReplacement(sb, Matcher.quoteReplacement(m.group(2) != null ? m.group(2) : ""));
    m.appendTail(sb);
    return sb.toString();
  }

  @Test
  void hasEveryServiceTheDeploymentNeeds() {
    assertTrue(services.keySet().containsAll(Set.of("postgres", "redis", "minio", "api", "scheduler", "publish", "stats", "prometheus")),
        services.keySet().toString());
    assertTrue(String.valueOf(service("postgres").get("image")).startsWith("postgres:16"));
    assertTrue(String.valueOf(service("redis").get("image")).startsWith("redis:7"));
    assertTrue(String.valueOf(service("minio").get("image")).startsWith("minio/minio"));
    assertTrue(String.valueOf(service("prometheus").get("image")).startsWith("prom/prometheus"));
  }

  @Test
  void redisKeepsEveryJob() {
    String command = String.join(" ", commandOf("redis"));
    assertTrue(command.contains("--appendonly yes"), command);
    assertTrue(command.contains("--maxmemory-policy noeviction"), command);
  }

  @Test
  @SuppressWarnings("unchecked")
  void everyClipcastServiceStartsWithAValidConfig() {
    Set<String> knownEnv = ConfigLayers.fromDefaults().envNames().keySet();
    for (String name : CLIPCAST_SERVICES) {
      Map<String, Object> s = service(name);
      assertEquals(".", String.valueOf(s.get("build")), name + " builds the repo's Dockerfile");
      List<String> command = commandOf(name);
      assertEquals("run", command.get(0), name);
      int at = command.indexOf("--config");
      assertTrue(at >= 0, name + " names its config file");
      String inImage = command.get(at + 1);
      assertTrue(inImage.startsWith("/app/conf/"), inImage);
      Path file = ROOT.resolve("conf").resolve(inImage.substring("/app/conf/".length()));
      assertTrue(Files.isRegularFile(file), name + " refers to " + file + " which must exist in the repo");

      Map<String, String> env = new HashMap<>();
      ((Map<String, Object>) s.get("environment")).forEach((k, v) -> env.put(k, interpolate(v)));
      for (String key : env.keySet()) {
        assertTrue(key.equals(ConfigLayers.CONFIG_FILE_ENV) || knownEnv.contains(key),
            name + ": " + key + " is not a config key (see `clipcast env`)");
      }
      JsonObject config = ConfigLayers.fromDefaults().withFile(file).withEnv(env).build();
      assertTrue(config.getJsonObject("cluster").getBoolean("enabled"), name + " joins the cluster");
      assertTrue(String.valueOf(s.get("environment")).contains("CLIPCAST_CLUSTER_SECRET=${CLUSTER_SECRET:?"),
          name + " takes the cluster secret from CLUSTER_SECRET and refuses to start without it");
      assertEquals("postgres", config.getJsonObject("db").getString("host"));
      assertEquals("redis://redis:6379", config.getJsonObject("redis").getString("url"));
      assertTrue(config.getJsonObject("ops").getBoolean("enabled"), name + " exposes /metrics and /cluster on its ops port");
      if (!name.equals("api")) assertEquals(0, config.getJsonObject("verticles").getInteger("api"), name + " runs no API");
    }
    assertTrue(ConfigLayers.fromDefaults().withFile(ROOT.resolve("conf/api-node.json")).withEnv(Map.of("CLIPCAST_CLUSTER_MEMBERS", "a:5701",
        "CLIPCAST_CLUSTER_SECRET", "0123456789abcdef0123456789abcdef", "CLIPCAST_CLUSTER_TLS_ENABLED", "false"))
        .build().getJsonObject("db").getBoolean("migrate"), "the api node migrates the schema");
  }

  @Test
  void publishServiceCanBeScaled() {
    Map<String, Object> publish = service("publish");
    assertFalse(publish.containsKey("container_name"), "a fixed container name forbids --scale");
    assertFalse(publish.containsKey("ports"), "a fixed host port forbids --scale");
  }

  @Test
  @SuppressWarnings("unchecked")
  void dependenciesAndMountsExist() throws Exception {
    for (var e : services.entrySet()) {
      Map<String, Object> s = (Map<String, Object>) e.getValue();
      Object deps = s.get("depends_on");
      if (deps instanceof Map) {
        for (String d : ((Map<String, Object>) deps).keySet()) assertTrue(services.containsKey(d), e.getKey() + " depends on " + d);
      }
      Object volumes = s.get("volumes");
      if (volumes instanceof List) {
        for (Object v : (List<Object>) volumes) {
          String source = String.valueOf(v).split(":")[0];
          if (source.startsWith("./")) assertTrue(Files.exists(ROOT.resolve(source)), e.getKey() + " mounts " + source);
        }
      }
    }
    assertTrue(Files.readString(ROOT.resolve("Dockerfile")).contains("clipcast.jar"), "the Dockerfile runs the launcher jar");
  }

  @Test
  @SuppressWarnings("unchecked")
  void prometheusScrapesEveryRoleOnItsMetricsPort() throws Exception {
    Map<String, Object> prom = new Yaml().load(Files.readString(ROOT.resolve("conf/prometheus.yml")));
    List<Map<String, Object>> jobs = (List<Map<String, Object>>) prom.get("scrape_configs");
    Set<String> scraped = new java.util.HashSet<>();
    for (Map<String, Object> job : jobs) {
      assertEquals("/metrics", job.get("metrics_path"));
      for (Map<String, Object> sc : (List<Map<String, Object>>) job.getOrDefault("static_configs", List.of())) {
        for (String target : (List<String>) sc.get("targets")) {
          String host = target.split(":")[0];
          int port = Integer.parseInt(target.split(":")[1]);
          assertTrue(services.containsKey(host), "target " + target + " is a compose service");
          assertEquals(9090, port, target + ": metrics are on the ops port of every role");
          scraped.add(host);
        }
      }
      for (Map<String, Object> dns : (List<Map<String, Object>>) job.getOrDefault("dns_sd_configs", List.of())) {
        for (String n : (List<String>) dns.get("names")) {
          assertTrue(services.containsKey(n), n);
          assertEquals(9090, dns.get("port"));
          scraped.add(n);
        }
      }
    }
    assertEquals(CLIPCAST_SERVICES, scraped);
  }

  @SuppressWarnings("unchecked")
  private static List<String> commandOf(String name) {
    Object c = service(name).get("command");
    assertTrue(c instanceof List, name + " command is an exec-form list");
    return (List<String>) c;
  }
}
