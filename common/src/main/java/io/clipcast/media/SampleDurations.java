package io.clipcast.media;

import java.util.HashMap;
import java.util.Map;

/** Sample durations of one track, tallied from stts or from fragment runs: frame count, total time, commonest value. */
final class SampleDurations {
  /** Variable-rate video can have many distinct durations; the commonest only matters when it dominates anyway. */
  private static final int MAX_DISTINCT = 1024;
  private static final double NOMINAL_SHARE = 0.9;

  private final Map<Long, Long> countByDuration = new HashMap<>();
  private long samples;
  private long total;

  void add(long count, long duration) {
    try {
      samples = Math.addExact(samples, count);
      total = Math.addExact(total, Math.multiplyExact(count, duration));
    } catch (ArithmeticException e) {
      throw ClipRejectedException.damaged("its sample durations add up to an impossible length");
    }
    if (countByDuration.size() < MAX_DISTINCT || countByDuration.containsKey(duration)) {
      countByDuration.merge(duration, count, Long::sum);
    }
  }

  long samples() {
    return samples;
  }

  /** Sum of all sample durations, in the track's timescale. */
  long total() {
    return total;
  }

  /**
   * Frames per second, to 3 decimals. When one duration covers 90% of the frames the rate is that duration's
   * exact rate (constant-rate video whose first or last frame is longer, as ffmpeg writes); otherwise it is the
   * average (variable-rate phone video). 0 when there are no samples.
   */
  double frameRate(long timescale) {
    if (samples == 0 || total == 0) return 0;
    Map.Entry<Long, Long> commonest = countByDuration.entrySet().stream()
        .max(Map.Entry.comparingByValue()).orElseThrow();
    double rate = commonest.getValue() >= NOMINAL_SHARE * samples && commonest.getKey() > 0
        ? (double) timescale / commonest.getKey()
        : (double) samples * timescale / total;
    return Math.round(rate * 1000) / 1000.0;
  }
}
