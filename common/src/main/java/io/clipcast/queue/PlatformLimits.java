package io.clipcast.queue;

/**
 * Rate of publish jobs a platform allows: for our whole app ({@code app*}) and per connected account
 * ({@code account*}); rate in jobs per second, burst = how many may start at once after idle. A rate of 0 means no
 * such bucket: the platform documents no limit at that level (conf/platforms/<id>.json {@code rateLimits}).
 */
public record PlatformLimits(double appPerSecond, int appBurst, double accountPerSecond, int accountBurst) {

  /** No bucket at all: jobs start as fast as workers take them. */
  public static final PlatformLimits NONE = new PlatformLimits(0, 1, 0, 1);

  /** Whether one bucket holds every user of the deployment (an app-wide limit the platform documents). */
  public boolean appWide() {
    return appPerSecond > 0;
  }

  /**
   * The bucket one connection's platform calls draw on, and that a platform's "slow down" pauses: the app-wide one only
   * where the platform documents an app-wide limit, otherwise the connection's own (docs/platforms/<id>.md, Rate limits).
   */
  public Bucket bucketFor(String platform, String connectionId) {
    return appWide() ? new Bucket(RateLimiter.appKey(platform), appPerSecond, appBurst)
        : new Bucket(RateLimiter.accountKey(platform, connectionId), accountPerSecond, accountBurst);
  }

  /** A rate-limiter key with its rate (0: only pauses apply) and burst. */
  public record Bucket(String key, double perSecond, int burst) {}
}
