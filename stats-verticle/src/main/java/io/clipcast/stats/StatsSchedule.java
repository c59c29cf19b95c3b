package io.clipcast.stats;

import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * When a published post's counters are read (config {@code stats}): at each of {@code afterPublishSeconds} after
 * publishing (default +1 h, +6 h, +24 h), then every {@code thenEverySeconds} (daily) until {@code forDays} (30) have
 * passed; after that never again.
 */
final class StatsSchedule {
  private final List<Long> offsets;
  private final long every;
  private final Duration horizon;

  StatsSchedule(JsonObject stats) {
    this.offsets = stats.getJsonArray("afterPublishSeconds").stream().map(o -> ((Number) o).longValue()).toList();
    this.every = stats.getLong("thenEverySeconds");
    this.horizon = Duration.ofDays(stats.getLong("forDays"));
  }

  /** The due time of read number {@code reads + 1}, or null when the post is past the horizon. */
  Instant next(Instant publishedAt, int reads) {
    long last = offsets.isEmpty() ? 0 : offsets.get(offsets.size() - 1);
    long offset = reads < offsets.size() ? offsets.get(reads) : last + every * (reads - offsets.size() + 1);
    Instant due = publishedAt.plusSeconds(offset);
    return due.isAfter(publishedAt.plus(horizon)) ? null : due;
  }

  Instant first(Instant publishedAt) {
    return next(publishedAt, 0);
  }

  /** A read slot: its number (as kept in {@code stats_reads}) and due time, null past the horizon. */
  record Slot(int index, Instant due) {}

  /**
   * The slot to read next after slot {@code done} was read at {@code now}: the first one still ahead. A read that ran
   * late (backlog, rate limit) covers the slots it overran; otherwise an old post's past due times would keep it first
   * in line and newer posts would starve.
   */
  Slot following(Instant publishedAt, int done, Instant now) {
    int index = done + 1;
    Instant due = next(publishedAt, index);
    while (due != null && due.isBefore(now)) due = next(publishedAt, ++index);
    return new Slot(index, due);
  }
}
