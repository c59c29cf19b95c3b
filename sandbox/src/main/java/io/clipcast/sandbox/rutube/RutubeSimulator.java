package io.clipcast.sandbox.rutube;

import io.clipcast.sandbox.kit.SandboxKit;
import io.clipcast.sandbox.kit.Simulator;
import io.vertx.ext.web.Router;

/** The Rutube API simulator (platforms/rutube.md). */
public final class RutubeSimulator implements Simulator {
  @Override
  public String id() {
    return "rutube";
  }

  @Override
  public void mount(Router router, SandboxKit kit) {
  }
}
