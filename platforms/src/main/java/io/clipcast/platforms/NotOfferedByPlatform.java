package io.clipcast.platforms;

/**
 * The platform has no such thing — Telegram bots cannot read view counts, Rutube is not connected through OAuth — so the
 * caller takes the other path (the stats verticle takes the post off its schedule; the API says how to connect instead).
 * A statement about the platform, not missing work in Clipcast.
 */
public final class NotOfferedByPlatform extends RuntimeException {
  public NotOfferedByPlatform(String message) {
    super(message, null, false, false);
  }
}
