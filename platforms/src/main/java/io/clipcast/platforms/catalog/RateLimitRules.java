package io.clipcast.platforms.catalog;

import io.clipcast.queue.PlatformLimits;

/**
 * {@code rateLimits}: how fast publish jobs (and stats reads) may start, for the whole app and per connected account.
 * {@code source} says where the numbers come from.
 */
public record RateLimitRules(Bucket app, Bucket account, String source) {

  /** A token bucket: {@code perSecond} jobs a second on average, {@code burst} at once after idle. */
  public record Bucket(double perSecond, int burst) {
    static Bucket read(JsonFields f) {
      Bucket b = new Bucket(f.number("perSecond"), f.integer("burst"));
      f.end();
      return b;
    }
  }

  /** The limits in the queue's terms. */
  public PlatformLimits limits() {
    return new PlatformLimits(app.perSecond(), app.burst(), account.perSecond(), account.burst());
  }

  static RateLimitRules read(JsonFields f) {
    RateLimitRules r = new RateLimitRules(Bucket.read(f.object("app")), Bucket.read(f.object("account")), f.string("source"));
    f.end();
    return r;
  }
}
