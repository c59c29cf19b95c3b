package io.clipcast.media;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Adds the samples of movie fragments (moof/traf/trun) to their tracks. Fragmented files (OBS, browser recorders)
 * leave the sample tables in 'moov' empty, so duration and frame rate come from here.
 */
final class FragmentReader {
  private static final int TFHD_BASE_DATA_OFFSET = 0x01;
  private static final int TFHD_SAMPLE_DESCRIPTION_INDEX = 0x02;
  private static final int TFHD_DEFAULT_DURATION = 0x08;
  private static final int TFHD_DURATION_IS_EMPTY = 0x010000;
  private static final int TRUN_DATA_OFFSET = 0x01;
  private static final int TRUN_FIRST_SAMPLE_FLAGS = 0x04;
  private static final int TRUN_SAMPLE_DURATION = 0x100;
  /** Per-sample fields in a trun: duration, size, flags, composition offset, 4 bytes each when present. */
  private static final int TRUN_SAMPLE_FIELDS = 0xF00;
  private static final int SAMPLES_PER_READ = 4096;

  private final BoxReader reader;
  private final Movie movie;
  private final Map<Long, Track> tracksById;

  private FragmentReader(BoxReader reader, Movie movie) {
    this.reader = reader;
    this.movie = movie;
    this.tracksById = movie.tracks().stream().collect(Collectors.toMap(Track::id, Function.identity(), (x, y) -> x));
  }

  static void addSamples(BoxReader reader, Movie movie, List<Box> moofs) throws IOException {
    FragmentReader fragments = new FragmentReader(reader, movie);
    for (Box moof : moofs) {
      for (Box traf : reader.children(moof)) {
        if ("traf".equals(traf.type())) fragments.trackFragment(traf);
      }
    }
  }

  private void trackFragment(Box traf) throws IOException {
    List<Box> boxes = reader.children(traf);
    Box tfhd = boxes.stream().filter(b -> "tfhd".equals(b.type())).findFirst()
        .orElseThrow(() -> ClipRejectedException.damaged("a movie fragment has no 'tfhd' box"));
    ByteBuffer head = reader.content(tfhd, 0, 8);
    int flags = head.getInt() & 0xFFFFFF;
    long trackId = Integer.toUnsignedLong(head.getInt());
    Track track = tracksById.get(trackId);
    if (track == null || (flags & TFHD_DURATION_IS_EMPTY) != 0) return;
    long defaultDuration = movie.defaultSampleDurations().getOrDefault(trackId, 0L);
    if ((flags & TFHD_DEFAULT_DURATION) != 0) {
      int offset = 8 + ((flags & TFHD_BASE_DATA_OFFSET) != 0 ? 8 : 0)
          + ((flags & TFHD_SAMPLE_DESCRIPTION_INDEX) != 0 ? 4 : 0);
      defaultDuration = Integer.toUnsignedLong(reader.content(tfhd, offset, 4).getInt());
    }
    for (Box trun : boxes) {
      if ("trun".equals(trun.type())) run(trun, track.samples(), defaultDuration);
    }
  }

  private void run(Box trun, SampleDurations samples, long defaultDuration) throws IOException {
    ByteBuffer head = reader.content(trun, 0, 8);
    int flags = head.getInt() & 0xFFFFFF;
    long count = Integer.toUnsignedLong(head.getInt());
    if ((flags & TRUN_SAMPLE_DURATION) == 0) {
      samples.add(count, defaultDuration);
      return;
    }
    long first = 8 + ((flags & TRUN_DATA_OFFSET) != 0 ? 4 : 0) + ((flags & TRUN_FIRST_SAMPLE_FLAGS) != 0 ? 4 : 0);
    int entrySize = 4 * Integer.bitCount(flags & TRUN_SAMPLE_FIELDS);
    if (first + count * entrySize > trun.contentSize()) {
      throw ClipRejectedException.damaged("a 'trun' box is too short");
    }
    for (long done = 0; done < count; ) {
      int slice = (int) Math.min(SAMPLES_PER_READ, count - done);
      ByteBuffer entries = reader.content(trun, first + done * entrySize, slice * entrySize);
      for (int i = 0; i < slice; i++) {
        samples.add(1, Integer.toUnsignedLong(entries.getInt(i * entrySize))); // duration is the first field
      }
      done += slice;
    }
  }
}
