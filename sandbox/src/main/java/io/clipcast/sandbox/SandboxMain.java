package io.clipcast.sandbox;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

/**
 * The sandbox on its own: {@code java -jar sandbox/target/clipcast-sandbox.jar [--host 127.0.0.1] [--port 8090]}, for
 * pointing a Clipcast node (or any client) at simulated platforms without dev mode. Ctrl-C stops it.
 */
public final class SandboxMain {
  private SandboxMain() {}

  public static void main(String[] args) {
    JsonObject config = new JsonObject().put("host", "127.0.0.1").put("port", 8090);
    for (int i = 0; i < args.length; i += 2) {
      if (!(args[i].equals("--host") || args[i].equals("--port")) || i + 1 == args.length) usage("unknown argument '" + args[i] + "'");
      if (args[i].equals("--host")) {
        config.put("host", args[i + 1]);
        continue;
      }
      try {
        config.put("port", Integer.parseInt(args[i + 1]));
      } catch (NumberFormatException e) {
        usage("--port needs a number, not '" + args[i + 1] + "'");
      }
    }
    Vertx vertx = Vertx.vertx();
    vertx.deployVerticle(SandboxVerticle::new, new DeploymentOptions().setConfig(config))
        .onSuccess(id -> System.out.println("Clipcast platform sandbox on http://" + config.getString("host") + ":" + config.getInteger("port")
            + " (control API: /_sandbox/faults, /_sandbox/posts)"))
        .onFailure(e -> {
          System.err.println("sandbox could not start: " + e.getMessage());
          vertx.close();
          System.exit(1);
        });
    Runtime.getRuntime().addShutdownHook(new Thread(() -> vertx.close().await()));
  }

  private static void usage(String problem) {
    System.err.println(problem + "\nusage: java -jar clipcast-sandbox.jar [--host 127.0.0.1] [--port 8090]");
    System.exit(2);
  }
}
