package io.clipcast.media;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What 'moov' says about the whole clip.
 *
 * @param duration                 from mvhd, in {@code timescale} units; 0 when unknown (fragmented files)
 * @param fragmentDuration         from mvex/mehd, in {@code timescale} units; 0 when absent
 * @param defaultSampleDurations   per track id, from mvex/trex: the duration fragments use when they name none
 */
record Movie(long timescale, long duration, long fragmentDuration, List<Track> tracks,
             Map<Long, Long> defaultSampleDurations) {

  /** The first enabled track of the kind; else the first of the kind (some muxers leave every track disabled). */
  Optional<Track> first(String handler) {
    Optional<Track> enabled = tracks.stream().filter(t -> t.handler().equals(handler) && t.enabled()).findFirst();
    return enabled.isPresent() ? enabled : tracks.stream().filter(t -> t.handler().equals(handler)).findFirst();
  }

  /** The clip's length: mvhd's when it knows, else mehd's, else the longest track's summed samples. */
  long durationMs() {
    if (duration > 0) return toMs(duration, timescale);
    if (fragmentDuration > 0) return toMs(fragmentDuration, timescale);
    return tracks.stream().mapToLong(Track::durationMs).max().orElse(0);
  }

  static long toMs(long units, long timescale) {
    return timescale <= 0 ? 0 : Math.round(units * 1000.0 / timescale);
  }
}
