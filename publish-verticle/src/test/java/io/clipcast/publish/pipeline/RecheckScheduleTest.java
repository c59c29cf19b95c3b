package io.clipcast.publish.pipeline;

import io.clipcast.config.ConfigLayers;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Rechecks start at the platform's firstDelayMs and double up to its maxDelayMs (conf/platforms/<id>.json "recheck"). */
class RecheckScheduleTest {
  private final RecheckSchedule schedule = new RecheckSchedule(io.clipcast.platforms.catalog.PlatformCatalog.shipped());

  @Test
  void startsSoonDoublesAndStopsAtThePlatformsCap() {
    assertEquals(500, schedule.delayMs("youtube", 0));
    assertEquals(1000, schedule.delayMs("youtube", 1));
    assertEquals(2000, schedule.delayMs("youtube", 2));
    assertEquals(2000, schedule.delayMs("youtube", 40), "capped, and no overflow however many rechecks");
    assertEquals(4000, schedule.delayMs("rutube", 3));
    assertEquals(5000, schedule.delayMs("rutube", 4), "Rutube asks for slower polling");
    assertEquals(500, schedule.delayMs("rutube", -1), "a media pull starts the backoff over");
  }
}
