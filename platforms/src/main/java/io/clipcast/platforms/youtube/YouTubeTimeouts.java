package io.clipcast.platforms.youtube;

/**
 * How long Google may keep us waiting: to connect, for a JSON call's answer, and for an upload to move a byte either
 * way (a connection-level idle timeout: a request's own idle timer counts only bytes received and would cut a long
 * chunk short).
 */
record YouTubeTimeouts(int connectMs, long callMs, int uploadIdleSeconds) {
  static final YouTubeTimeouts DEFAULT = new YouTubeTimeouts(10_000, 30_000, 60);
}
