package io.clipcast.sandbox.vk;

import io.clipcast.sandbox.kit.SandboxKit;
import io.clipcast.sandbox.kit.Simulator;
import io.vertx.ext.web.Router;

/** The Vk API simulator (platforms/vk.md). */
public final class VkSimulator implements Simulator {
  @Override
  public String id() {
    return "vk";
  }

  @Override
  public void mount(Router router, SandboxKit kit) {
  }
}
