package io.clipcast.platforms.catalog;

import io.clipcast.queue.PlatformLimits;

import java.util.Optional;

/**
 * {@code rateLimits}: how fast new publish jobs may start, for the whole app and per connected account. Each bucket
 * stands for a limit the platform documents, cited in {@code source} (and docs/platforms/<id>.md "Rate limits");
 * {@code null} means the platform documents no limit at that level, so there is no bucket: users with their own
 * accounts never wait for each other. Rechecks of a post in processing spend no bucket (the queue's claim).
 */
public record RateLimitRules(Optional<Bucket> app, Optional<Bucket> account, String source) {

  /** A token bucket: {@code perSecond} jobs a second on average, {@code burst} at once after idle. */
  public record Bucket(double perSecond, int burst) {
    static Bucket read(JsonFields f) {
      Bucket b = new Bucket(f.number("perSecond"), f.integer("burst"));
      f.end();
      if (!(b.perSecond > 0)) throw f.error("perSecond", "must be above 0 (null the bucket when there is no limit).");
      if (b.burst < 1) throw f.error("burst", "must be at least 1.");
      return b;
    }
  }

  /** The limits in the queue's terms (rate 0 = no bucket). */
  public PlatformLimits limits() {
    return new PlatformLimits(app.map(Bucket::perSecond).orElse(0.0), app.map(Bucket::burst).orElse(1),
        account.map(Bucket::perSecond).orElse(0.0), account.map(Bucket::burst).orElse(1));
  }

  static RateLimitRules read(JsonFields f) {
    RateLimitRules r = new RateLimitRules(Optional.ofNullable(f.optObject("app")).map(Bucket::read),
        Optional.ofNullable(f.optObject("account")).map(Bucket::read), f.string("source"));
    f.end();
    return r;
  }
}
