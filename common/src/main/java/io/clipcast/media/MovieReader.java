package io.clipcast.media;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Reads the movie header, the video and sound tracks and the fragment defaults from 'moov'. */
final class MovieReader {
  /** stts entries are read in slices of this many, so a long variable-rate clip never needs one big buffer. */
  private static final int STTS_ENTRIES_PER_READ = 8192;

  private final BoxReader reader;

  private MovieReader(BoxReader reader) {
    this.reader = reader;
  }

  static Movie read(BoxReader reader, Box moov) throws IOException {
    return new MovieReader(reader).movie(moov);
  }

  private Movie movie(Box moov) throws IOException {
    Box mvhd = reader.child(moov, "mvhd").orElseThrow(() -> missing("mvhd"));
    ByteBuffer header = reader.content(mvhd, 0, 4);
    boolean v1 = header.get() == 1;
    // version 1: 64-bit creation and modification times and duration
    ByteBuffer fields = reader.content(mvhd, v1 ? 20 : 12, v1 ? 12 : 8);
    long timescale = Integer.toUnsignedLong(fields.getInt());
    long duration = v1 ? fields.getLong() : Integer.toUnsignedLong(fields.getInt());
    if (timescale == 0) throw ClipRejectedException.damaged("the movie header has no timescale");
    if (duration == (v1 ? -1L : 0xFFFFFFFFL)) duration = 0; // all ones: "unknown"

    List<Track> tracks = new ArrayList<>();
    long fragmentDuration = 0;
    Map<Long, Long> defaults = new HashMap<>();
    for (Box box : reader.children(moov)) {
      if ("trak".equals(box.type())) {
        Track track = track(box);
        if (track != null) tracks.add(track);
      } else if ("mvex".equals(box.type())) {
        for (Box ex : reader.children(box)) {
          if ("mehd".equals(ex.type())) {
            boolean mehdV1 = reader.content(ex, 0, 1).get() == 1;
            ByteBuffer d = reader.content(ex, 4, mehdV1 ? 8 : 4);
            fragmentDuration = mehdV1 ? d.getLong() : Integer.toUnsignedLong(d.getInt());
          } else if ("trex".equals(ex.type())) {
            ByteBuffer trex = reader.content(ex, 4, 12); // track id, sample description index, sample duration
            long trackId = Integer.toUnsignedLong(trex.getInt());
            trex.getInt();
            defaults.put(trackId, Integer.toUnsignedLong(trex.getInt()));
          }
        }
      }
    }
    return new Movie(timescale, duration, Math.max(0, fragmentDuration), tracks, defaults);
  }

  /** A video or sound track; {@code null} for the rest (timecode, metadata, hint, subtitles). */
  private Track track(Box trak) throws IOException {
    Box mdia = reader.child(trak, "mdia").orElseThrow(() -> missing("mdia"));
    Box hdlr = reader.child(mdia, "hdlr").orElseThrow(() -> missing("hdlr"));
    ByteBuffer handlerField = reader.content(hdlr, 8, 4); // after version/flags and pre_defined
    String handler = BoxReader.fourcc(handlerField);
    if (!Track.VIDEO.equals(handler) && !Track.SOUND.equals(handler)) return null;

    Box tkhd = reader.child(trak, "tkhd").orElseThrow(() -> missing("tkhd"));
    ByteBuffer versionFlags = reader.content(tkhd, 0, 4);
    boolean v1 = versionFlags.get() == 1;
    boolean enabled = (versionFlags.get(3) & 1) != 0;
    long id = Integer.toUnsignedLong(reader.content(tkhd, v1 ? 20 : 12, 4).getInt());
    // after times, id, reserved and duration: 8 reserved, layer, alternate group, volume, 2 reserved; then the matrix
    ByteBuffer geometry = reader.content(tkhd, (v1 ? 36 : 24) + 16, 44);
    int a = geometry.getInt(0);
    int b = geometry.getInt(4);
    int width = geometry.getInt(36) >>> 16;
    int height = geometry.getInt(40) >>> 16;

    Box mdhd = reader.child(mdia, "mdhd").orElseThrow(() -> missing("mdhd"));
    boolean mdhdV1 = reader.content(mdhd, 0, 1).get() == 1;
    long timescale = Integer.toUnsignedLong(reader.content(mdhd, mdhdV1 ? 20 : 12, 4).getInt());
    if (timescale == 0) throw ClipRejectedException.damaged("a track header has no timescale");

    Box stbl = reader.descend(mdia, "minf", "stbl").orElseThrow(() -> missing("stbl"));
    Box stsd = reader.child(stbl, "stsd").orElseThrow(() -> missing("stsd"));
    SampleEntry entry = SampleEntry.read(reader, stsd, handler);
    SampleDurations samples = sampleDurations(reader.child(stbl, "stts").orElseThrow(() -> missing("stts")));
    if (width == 0 || height == 0) {
      width = entry.width();
      height = entry.height();
    }
    return new Track(id, handler, enabled, width, height, rotation(a, b), timescale, entry, samples);
  }

  private SampleDurations sampleDurations(Box stts) throws IOException {
    long entries = Integer.toUnsignedLong(reader.content(stts, 4, 4).getInt());
    if (8 + entries * 8 > stts.contentSize()) throw ClipRejectedException.damaged("the 'stts' box is too short");
    SampleDurations samples = new SampleDurations();
    for (long done = 0; done < entries; ) {
      int slice = (int) Math.min(STTS_ENTRIES_PER_READ, entries - done);
      ByteBuffer buf = reader.content(stts, 8 + done * 8, slice * 8);
      for (int i = 0; i < slice; i++) {
        samples.add(Integer.toUnsignedLong(buf.getInt()), Integer.toUnsignedLong(buf.getInt()));
      }
      done += slice;
    }
    return samples;
  }

  /**
   * The clockwise turn the track matrix applies, to the nearest quarter. The matrix maps (x, y) to
   * (a·x + c·y, b·x + d·y) in screen coordinates (y down): a phone's portrait recording is a=0, b=1, c=-1, d=0,
   * which sends the frame's right edge to the bottom, a 90° clockwise turn.
   */
  static int rotation(int a, int b) {
    if (a == 0 && b == 0) return 0;
    long quarters = Math.round(Math.toDegrees(Math.atan2(b, a)) / 90.0);
    return (int) Math.floorMod(quarters * 90, 360);
  }

  private static ClipRejectedException missing(String type) {
    return ClipRejectedException.damaged("the '" + type + "' box is missing");
  }
}
