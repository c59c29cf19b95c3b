package io.clipcast.launcher;

import io.vertx.core.Deployable;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.util.function.Supplier;

/**
 * What the dev artifact (module launcher-dev, {@code clipcast-dev.jar}) plugs into the launcher: the embedded
 * PostgreSQL and Redis of {@code clipcast dev} and the platform sandbox. The production jar runs without one and
 * carries neither.
 */
public interface DevKit {
  /** Starts embedded PostgreSQL and Redis for {@code clipcast dev}. */
  DevServers startServers(JsonObject config) throws IOException, InterruptedException;

  /** The platform sandbox verticle, deployed on the node when {@code sandbox.enabled}. */
  Supplier<Deployable> sandbox();

  /** Running embedded servers: {@link #applyTo} points a node's config at them; {@link #close} stops them. */
  interface DevServers extends AutoCloseable {
    JsonObject applyTo(JsonObject config) throws IOException;

    @Override
    void close();
  }
}
