package io.clipcast.platforms.linkedin;

/**
 * How long LinkedIn may keep us waiting: to connect, for an API call's answer, for a part upload to move a byte either
 * way (a connection-level idle timeout: a request's own idle timer counts only bytes received and would cut a long
 * upload short).
 */
record LinkedInTimeouts(int connectMs, long callMs, int uploadIdleSeconds) {
  static final LinkedInTimeouts DEFAULT = new LinkedInTimeouts(10_000, 30_000, 60);
}
