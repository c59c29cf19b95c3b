package io.clipcast.platforms.vk;

import java.util.Arrays;

/**
 * How a clip reaches the wall, chosen per deployment in {@code oauth.clients.vk.route} (docs/platforms/vk.md,
 * "Publishing paths"), with the VK ID scopes each asks for.
 *
 * <ul>
 *   <li>{@link #VIDEO_WALLPOST} (the default): {@code video.save} with {@code wallpost=1}; VK posts the video on the wall
 *   itself once the file is in. {@code video.save} takes any user token with the {@code video} right.</li>
 *   <li>{@link #WALL_POST}: {@code video.save}, then {@code wall.post} with the video attached. VK documents
 *   {@code wall.post} for tokens of standalone apps signed in through Implicit Flow, and grants {@code wall} on request only.</li>
 * </ul>
 */
enum VkRoute {
  VIDEO_WALLPOST("videoWallpost", "vkid.personal_info video"),
  WALL_POST("wallPost", "vkid.personal_info wall video");

  final String setting;
  final String scope;

  VkRoute(String setting, String scope) {
    this.setting = setting;
    this.scope = scope;
  }

  /** The route named by {@code oauth.clients.vk.route}; blank means the default. */
  static VkRoute of(String setting) {
    if (setting == null || setting.isBlank()) return VIDEO_WALLPOST;
    return Arrays.stream(values()).filter(r -> r.setting.equals(setting)).findFirst().orElseThrow(() -> new IllegalArgumentException(
        "oauth.clients.vk.route must be videoWallpost or wallPost, got \"" + setting + "\" (docs/platforms/vk.md, Publishing paths)"));
  }
}
