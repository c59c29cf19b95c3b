package io.clipcast.sandbox.dzen;

import io.clipcast.sandbox.kit.SandboxKit;
import io.clipcast.sandbox.kit.Simulator;
import io.vertx.ext.web.Router;

/** The Dzen API simulator (platforms/dzen.md). */
public final class DzenSimulator implements Simulator {
  @Override
  public String id() {
    return "dzen";
  }

  @Override
  public void mount(Router router, SandboxKit kit) {
  }
}
