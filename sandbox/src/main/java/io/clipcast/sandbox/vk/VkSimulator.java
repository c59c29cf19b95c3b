package io.clipcast.sandbox.vk;

import io.clipcast.sandbox.kit.Control;
import io.clipcast.sandbox.kit.SandboxKit;
import io.clipcast.sandbox.kit.Simulator;
import io.vertx.ext.web.Router;

/**
 * VK as described in {@code docs/platforms/vk.md}: VK ID OAuth under {@code /vk/id} ({@link VkIdServer}), the method API
 * under {@code /vk/api/method} ({@link VkMethodApi}: video.save, video.get, wall.post, wall.get), the upload host
 * under {@code /vk/upload} ({@link VkUploadHost}), and control under {@code /vk/_sandbox}: seeding
 * ({@link VkSeeding}), {@code /oauth} and {@code /api} settings ({@link VkApiSettings}), {@code /apps}: the rights VK
 * granted each app ({@link VkAppRights}), which both VK ID and the method API follow.
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
    VkApiSettings settings = new VkApiSettings();
    VkVideos videos = new VkVideos(users, settings, kit.publicBase());
    VkWall wall = new VkWall(users, videos, settings, kit.ledger());
    new VkSeeding(users, tokens).mount(router);
    Control.settings(router, "/vk/_sandbox/api", settings::apply, settings::toJson);
    VkAppRights rights = new VkAppRights();
    new VkIdServer(kit, users, tokens, rights).mount(router);
    new VkMethodApi(kit, tokens, rights, settings, videos, wall).mount(router);
    new VkUploadHost(kit, videos, wall, settings).mount(router);
  }
}
