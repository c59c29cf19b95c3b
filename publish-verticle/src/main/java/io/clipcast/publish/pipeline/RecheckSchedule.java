package io.clipcast.publish.pipeline;

import io.clipcast.platforms.catalog.PlatformCatalog;
import io.clipcast.platforms.catalog.Recheck;

/**
 * When a pending publication is checked again: the first recheck after {@code firstDelayMs}, each next one twice as
 * late, never later than the platform's {@code maxDelayMs} (the {@code recheck} block of conf/platforms/<id>.json, read
 * through the catalog), so a short clip is seen published soon after the platform finishes and a long one is not
 * polled hard.
 */
final class RecheckSchedule {
  private final PlatformCatalog catalog;

  RecheckSchedule(PlatformCatalog catalog) {
    this.catalog = catalog;
  }

  /** The wait before recheck number {@code n} (0 = the first recheck after the platform first answered pending). */
  long delayMs(String platform, int n) {
    Recheck r = catalog.rules(platform).recheck();
    long delay = r.firstDelayMs() << Math.min(Math.max(0, n), 20);
    return Math.min(delay, r.maxDelayMs());
  }
}
