package io.clipcast.media;

/**
 * What {@link MediaProbe} found in a clip.
 *
 * @param container     {@code mp4} or {@code mov} (QuickTime)
 * @param brand         the ftyp major brand as written ({@code isom}, {@code qt  }, {@code mp42}…); empty for
 *                      old QuickTime files that have no ftyp
 * @param videoCodec    codec family: {@code h264}, {@code hevc}, {@code vp9}, {@code av1}, {@code prores}…; the
 *                      sample-entry four-character code itself when the family is not one we name
 * @param videoFourcc   the sample-entry code, which matters on its own: Apple players take {@code hvc1}, not
 *                      {@code hev1}
 * @param audioCodec    {@code aac}, {@code opus}, {@code mp3}…; {@code null} when the clip has no sound
 * @param audioFourcc   the audio sample-entry code; {@code null} when the clip has no sound
 * @param durationMs    the movie header's duration (for fragmented files, the longest track's), rounded to ms
 * @param width         coded width from the video track header, before rotation
 * @param height        coded height from the video track header, before rotation
 * @param rotation      clockwise turn (0, 90, 180, 270) a player applies; phones record portrait as a landscape
 *                      stream turned by 90
 * @param displayWidth  width as a viewer sees it, rotation applied
 * @param displayHeight height as a viewer sees it, rotation applied
 * @param aspectRatio   displayWidth / displayHeight (0.5625 for 9:16)
 * @param frameRate     average frames per second of the video track, to 3 decimals; 0 when the file does not say
 */
public record ProbeResult(String container, String brand, String videoCodec, String videoFourcc, String audioCodec,
                          String audioFourcc, long durationMs, int width, int height, int rotation,
                          int displayWidth, int displayHeight, double aspectRatio, double frameRate) {

  public boolean hasAudio() {
    return audioCodec != null;
  }

  public boolean isPortrait() {
    return displayHeight > displayWidth;
  }
}
