package io.clipcast.platforms.tiktok;

/**
 * How long TikTok may keep us waiting — to connect, for an API answer, for an upload to move a byte either way (a
 * connection-level idle timeout: a request's own idle timer counts only bytes received).
 */
public record TikTokTimeouts(int connectMs, long callMs, int uploadIdleSeconds) {
  public static final TikTokTimeouts DEFAULT = new TikTokTimeouts(10_000, 30_000, 60);
}
