package io.clipcast.platforms.vk;

/**
 * How long VK may keep us waiting: to connect, for a method call's answer, and for an upload to move a byte either way
 * (a connection-level idle timeout, because a request's own idle timer counts only bytes received and would cut a
 * long upload short).
 */
record VkTimeouts(int connectMs, long callMs, int uploadIdleSeconds) {
  static final VkTimeouts DEFAULT = new VkTimeouts(10_000, 30_000, 60);
}
