package io.clipcast.platforms.vk;

/** VK's conformance cases on the wallPost route: video.save → upload → wall.post with the user's token. */
public final class VkWallPostConformance extends VkConformance {
  public VkWallPostConformance() {
    super(true);
  }
}
