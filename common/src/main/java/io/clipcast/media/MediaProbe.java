package io.clipcast.media;

import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;

/**
 * Checks an uploaded or imported file before it becomes a {@code ready} clip: container, codecs, duration, size,
 * rotation and frame rate of an MP4 or MOV, or a {@link ClipRejectedException} that tells the uploader what is
 * wrong. Only box headers and a few small fields are read, wherever 'moov' sits, so a 2 GB clip probes in
 * milliseconds and memory stays flat.
 */
public final class MediaProbe {
  private MediaProbe() {}

  /** Probes on a worker thread; unordered, so one slow disk read does not queue the context's other probes. */
  public static Future<ProbeResult> probe(Vertx vertx, Path file) {
    return vertx.executeBlocking(() -> probeBlocking(file), false);
  }

  /**
   * @throws ClipRejectedException the file is not a clip we can take, with a message for the uploader
   * @throws IOException           the file could not be read (missing, no permission, disk error)
   */
  public static ProbeResult probeBlocking(Path file) throws IOException {
    try (BoxReader reader = BoxReader.open(file)) {
      if (reader.fileSize() == 0) {
        throw new ClipRejectedException(ClipRejectedException.DAMAGED,
            "The file is empty; the upload may have failed. Try again.");
      }
      ByteBuffer head = reader.readUpTo(0, FileSignatures.HEAD_BYTES);
      if (!FileSignatures.isIsoBmff(head)) throw FileSignatures.rejection(head);
      return probe(reader, FileLayout.walk(reader));
    }
  }

  private static ProbeResult probe(BoxReader reader, FileLayout layout) throws IOException {
    String brand = layout.ftyp() == null ? "" : BoxReader.fourcc(reader.content(layout.ftyp(), 0, 4));
    String image = FileSignatures.imageBrand(brand);
    if (image != null) throw ClipRejectedException.notAVideo(image);
    if (layout.moov() == null) throw ClipRejectedException.damaged("the 'moov' box is missing");
    if (layout.cutShort() != null) {
      throw ClipRejectedException.damaged("it ends in the middle of the '" + layout.cutShort() + "' box");
    }

    Movie movie = MovieReader.read(reader, layout.moov());
    Track video = movie.first(Track.VIDEO).orElseThrow(() -> movie.first(Track.SOUND).isPresent()
        ? new ClipRejectedException(ClipRejectedException.NO_VIDEO_TRACK,
            "The file has no video track (it only contains sound).")
        : new ClipRejectedException(ClipRejectedException.NO_VIDEO_TRACK, "The file has no video track."));
    if (!layout.mediaData()) throw ClipRejectedException.damaged("the media data ('mdat' box) is missing");
    FragmentReader.addSamples(reader, movie, layout.fragments());
    if (video.samples().samples() == 0) throw ClipRejectedException.damaged("the video track has no frames");

    Track audio = movie.first(Track.SOUND).orElse(null);
    boolean quarterTurn = video.rotation() % 180 != 0;
    int displayWidth = quarterTurn ? video.height() : video.width();
    int displayHeight = quarterTurn ? video.width() : video.height();
    if (displayWidth == 0 || displayHeight == 0) throw ClipRejectedException.damaged("the video track has no size");
    return new ProbeResult(
        layout.ftyp() == null || "qt  ".equals(brand) ? "mov" : "mp4",
        brand,
        video.sampleEntry().codec(),
        video.sampleEntry().fourcc(),
        audio == null ? null : audio.sampleEntry().codec(),
        audio == null ? null : audio.sampleEntry().fourcc(),
        movie.durationMs(),
        video.width(),
        video.height(),
        video.rotation(),
        displayWidth,
        displayHeight,
        (double) displayWidth / displayHeight,
        video.samples().frameRate(video.timescale()));
  }
}
