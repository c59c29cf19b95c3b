package io.clipcast.sandbox.vk;

import io.clipcast.sandbox.kit.SandboxKit;
import io.clipcast.sandbox.kit.Simulator;
import io.vertx.ext.web.Router;

/**
 * VK as described in {@code platforms/vk.md}: VK ID OAuth under {@code /vk/id} ({@link VkIdServer}) and seeding under
 * {@code /vk/_sandbox} ({@link VkSeeding}).
 */
public final class VkSimulator implements Simulator {
  @Override
  public String id() {
    return "vk";
  }

  @Override
  public void mount(Router router, SandboxKit kit) {
    VkUsers users = new VkUsers();
    VkTokens tokens = new VkTokens();
    new VkSeeding(users, tokens).mount(router);
    new VkIdServer(kit, users, tokens).mount(router);
  }
}
