package io.clipcast.stats;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** The read schedule: +1 h, +6 h, +24 h, then daily for 30 days; a late read skips the slots it overran. */
class StatsScheduleTest {
  private final StatsSchedule schedule = new StatsSchedule(new JsonObject()
      .put("afterPublishSeconds", new JsonArray().add(3600).add(21_600).add(86_400)).put("thenEverySeconds", 86_400).put("forDays", 30));
  private final Instant published = Instant.parse("2026-11-01T12:00:00Z");

  @Test
  void readsFollowTheOffsetsThenDailyUntilTheHorizon() {
    assertEquals(published.plusSeconds(3600), schedule.first(published));
    assertEquals(published.plusSeconds(21_600), schedule.next(published, 1));
    assertEquals(published.plusSeconds(86_400), schedule.next(published, 2));
    assertEquals(published.plusSeconds(2 * 86_400), schedule.next(published, 3));
    assertEquals(published.plusSeconds(30 * 86_400), schedule.next(published, 31));
    assertNull(schedule.next(published, 32), "nothing after 30 days");
  }

  @Test
  void aReadOnTimeTakesTheNextSlot() {
    StatsSchedule.Slot s = schedule.following(published, 0, published.plusSeconds(3601));
    assertEquals(1, s.index());
    assertEquals(published.plusSeconds(21_600), s.due());
  }

  @Test
  void aLateReadSkipsTheSlotsItOverranInsteadOfStayingOverdue() {
    // the +1 h read happened only on day 3 (the platform was rate-limited): the next one is day 4, not +6 h
    StatsSchedule.Slot s = schedule.following(published, 0, published.plusSeconds(3 * 86_400 + 60));
    assertEquals(published.plusSeconds(4 * 86_400), s.due());
    assertEquals(5, s.index(), "slots 0–2 are the offsets, 3 = day 2, 4 = day 3, 5 = day 4");
    assertNull(schedule.following(published, 0, published.plusSeconds(31 * 86_400)).due(), "past the horizon: done");
  }
}
