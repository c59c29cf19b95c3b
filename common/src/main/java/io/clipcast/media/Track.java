package io.clipcast.media;

/**
 * One video or sound track of the movie.
 *
 * @param width    from the track header (16.16 fixed point, integer part), else the sample entry's coded width
 * @param rotation clockwise quarter turns from the track matrix, in degrees
 * @param samples  filled from stts, then from any movie fragments
 */
record Track(long id, String handler, boolean enabled, int width, int height, int rotation, long timescale,
             SampleEntry sampleEntry, SampleDurations samples) {
  static final String VIDEO = "vide";
  static final String SOUND = "soun";

  long durationMs() {
    return Movie.toMs(samples.total(), timescale);
  }
}
