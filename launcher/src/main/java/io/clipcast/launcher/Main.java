package io.clipcast.launcher;

import io.clipcast.config.ConfigException;
import io.clipcast.config.ConfigLayers;
import io.vertx.core.json.JsonObject;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code clipcast run [--config file]} starts a node against external Postgres/Redis;
 * {@code clipcast dev [--config file]} first starts embedded Postgres, Redis and the sandbox (dev artifact only:
 * launcher-dev's {@code DevMain} passes a {@link DevKit}; this production jar has none and says so);
 * {@code clipcast env} lists every config key with its environment variable;
 * {@code clipcast check-apps [--config file]} says what each platform's app still lacks ({@link CheckApps}).
 * Exit codes: 0 stopped cleanly, 1 could not start, 2 bad command line or config, 3 a platform app is not ready.
 */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    main(args, null);
  }

  /** The entry point of both artifacts: {@code devKit} is null in the production jar. */
  public static void main(String[] args, DevKit devKit) {
    System.setProperty("hazelcast.logging.type", "slf4j");
    int code = run(args, System.getenv(), System.out, System.err, devKit);
    if (code != 0) System.exit(code);
  }

  static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
    return run(args, env, out, err, null);
  }

  public static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err, DevKit devKit) {
    String command = "run";
    Path file = null;
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (a.equals("--config") || a.equals("-c")) {
        if (i + 1 >= args.length) return usage(err, "--config needs a file path");
        file = Path.of(args[++i]);
      } else if (a.startsWith("--config=")) {
        file = Path.of(a.substring("--config=".length()));
      } else if (a.equals("run") || a.equals("dev") || a.equals("env") || a.equals("help") || a.equals("check-apps")) {
        command = a;
      } else if (a.equals("--help") || a.equals("-h")) {
        command = "help";
      } else {
        return usage(err, "unknown argument '" + a + "'");
      }
    }
    switch (command) {
      case "help":
        usage(out, null);
        return 0;
      case "dev":
        if (devKit == null) {
          err.println("clipcast: dev mode is not in this production jar; it lives in the dev artifact "
              + "launcher-dev/target/clipcast-dev.jar: run ./clipcast dev (it builds that jar when missing)");
          return 2;
        }
        return start(true, file, env, out, err, devKit);
      case "env":
        printEnv(out);
        return 0;
      case "check-apps":
        return checkApps(file, env, out, err);
      default:
        return start(false, file, env, out, err, devKit);
    }
  }

  private static int checkApps(Path file, Map<String, String> env, PrintStream out, PrintStream err) {
    try {
      return CheckApps.run(NodeConfigLoader.load(false, file, env), out, java.time.Clock.systemUTC());
    } catch (ConfigException e) {
      err.println("clipcast: config error: " + e.getMessage());
      return 2;
    }
  }

  private static int start(boolean dev, Path file, Map<String, String> env, PrintStream out, PrintStream err, DevKit devKit) {
    JsonObject config;
    try {
      config = NodeConfigLoader.load(dev, file, env);
    } catch (ConfigException e) {
      err.println("clipcast: config error: " + e.getMessage());
      return 2;
    }
    LogLevels.apply(config.getJsonObject("log").getString("level"));
    DevKit.DevServers services = null;
    try {
      if (dev) {
        services = devKit.startServers(config);
        config = services.applyTo(config);
      }
      Node node = Node.start(config, devKit == null ? null : devKit.sandbox()).await(10, TimeUnit.MINUTES);
      DevKit.DevServers started = services;
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        node.stopAndWait();
        if (started != null) started.close();
      }, "clipcast-shutdown"));
      printBanner(out, node, dev);
      return 0;
    } catch (Exception e) {
      err.println("clipcast: could not start: " + rootMessage(e));
      if (services != null) services.close();
      return 1;
    }
  }

  private static void printBanner(PrintStream out, Node node, boolean dev) {
    JsonObject c = node.config();
    String host = c.getJsonObject("http").getString("host");
    String shown = host.equals("0.0.0.0") ? "localhost" : host;
    StringBuilder b = new StringBuilder("\nClipcast node " + node.nodeId() + " is up" + (dev ? " (dev mode)" : "") + "\n");
    if (c.getJsonObject("verticles").getInteger("api") > 0) {
      String base = "http://" + shown + ":" + c.getJsonObject("http").getInteger("port");
      b.append("  API        ").append(base).append("/api/v1\n");
      b.append("  Ready      ").append(base).append("/ready\n");
    }
    if (c.getJsonObject("ops").getBoolean("enabled")) {
      String ops = "http://" + c.getJsonObject("ops").getString("host") + ":" + c.getJsonObject("ops").getInteger("port");
      b.append("  Ops        ").append(ops).append("/ready, ").append(ops).append("/metrics, ").append(ops).append("/cluster\n");
    }
    if (c.getJsonObject("sandbox").getBoolean("enabled")) {
      b.append("  Sandbox    http://").append(c.getJsonObject("sandbox").getString("host")).append(':')
          .append(c.getJsonObject("sandbox").getInteger("port")).append("/health\n");
    }
    if (dev) {
      b.append("  Postgres   postgresql://").append(c.getJsonObject("db").getString("user")).append("@127.0.0.1:")
          .append(c.getJsonObject("db").getInteger("port")).append('/').append(c.getJsonObject("db").getString("database")).append('\n');
      b.append("  Redis      ").append(c.getJsonObject("redis").getString("url")).append('\n');
      b.append("  Data       ").append(Path.of(c.getJsonObject("node").getString("dataDir")).toAbsolutePath()).append('\n');
    }
    b.append("Press Ctrl-C to stop.\n");
    out.println(b);
    out.flush();
  }

  private static void printEnv(PrintStream out) {
    ConfigLayers layers = ConfigLayers.fromDefaults();
    JsonObject defaults = layers.build();
    out.println(ConfigLayers.CONFIG_FILE_ENV + "\t(config file path)\t");
    layers.envNames().forEach((env, key) -> out.println(env + "\t" + key + "\t" + valueAt(defaults, key)));
  }

  private static Object valueAt(JsonObject obj, String key) {
    String[] parts = key.split("\\.");
    JsonObject cur = obj;
    for (int i = 0; i < parts.length - 1; i++) cur = cur.getJsonObject(parts[i]);
    return cur.getValue(parts[parts.length - 1]);
  }

  private static String rootMessage(Throwable e) {
    StringBuilder sb = new StringBuilder(String.valueOf(e.getMessage()));
    Throwable c = e.getCause();
    while (c != null && c != e) {
      if (c.getMessage() != null && !sb.toString().contains(c.getMessage())) sb.append(": ").append(c.getMessage());
      e = c;
      c = c.getCause();
    }
    return sb.toString();
  }

  private static int usage(PrintStream out, String problem) {
    if (problem != null) out.println("clipcast: " + problem);
    out.println("usage: clipcast [run|dev|env|check-apps|help] [--config FILE]\n"
        + "  run   start a node against the Postgres and Redis named in config (default)\n"
        + "  dev   start embedded Postgres, Redis and the platform sandbox, then a node using them (clipcast-dev.jar only)\n"
        + "  env   list every config key with its CLIPCAST_* environment variable and default\n"
        + "  check-apps  say what each platform's app still lacks before users can publish (exit 3 when one is not ready)\n"
        + "Config: conf/default.json < (dev: conf/dev.json) < --config FILE or CLIPCAST_CONFIG < CLIPCAST_* variables.");
    return problem == null ? 0 : 2;
  }
}
