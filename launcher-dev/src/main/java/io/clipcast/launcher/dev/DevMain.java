package io.clipcast.launcher.dev;

import io.clipcast.launcher.DevKit;
import io.clipcast.launcher.Main;
import io.clipcast.sandbox.SandboxVerticle;
import io.vertx.core.Deployable;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.util.function.Supplier;

/**
 * The entry point of the dev artifact ({@code clipcast-dev.jar}): the production launcher's commands, plus
 * {@code dev} with embedded PostgreSQL and Redis, and the platform sandbox whenever {@code sandbox.enabled}.
 */
public final class DevMain implements DevKit {
  public static void main(String[] args) {
    Main.main(args, new DevMain());
  }

  @Override
  public DevServers startServers(JsonObject config) throws IOException, InterruptedException {
    return DevServices.start(config);
  }

  @Override
  public Supplier<Deployable> sandbox() {
    return SandboxVerticle::new;
  }
}
