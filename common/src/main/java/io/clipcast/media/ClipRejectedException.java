package io.clipcast.media;

/**
 * The uploaded or imported file cannot become a clip. The message is written for the person who uploaded it;
 * {@code code} is the stable, machine-readable reason.
 */
public class ClipRejectedException extends RuntimeException {
  public static final String NOT_A_VIDEO = "not_a_video";
  public static final String UNSUPPORTED_CONTAINER = "unsupported_container";
  public static final String NO_VIDEO_TRACK = "no_video_track";
  public static final String DAMAGED = "damaged";

  private final String code;

  public ClipRejectedException(String code, String message) {
    super(message);
    this.code = code;
  }

  /** One of {@link #NOT_A_VIDEO}, {@link #UNSUPPORTED_CONTAINER}, {@link #NO_VIDEO_TRACK}, {@link #DAMAGED}. */
  public String code() {
    return code;
  }

  static ClipRejectedException damaged(String detail) {
    return new ClipRejectedException(DAMAGED, "The file is truncated or damaged (" + detail + ").");
  }

  static ClipRejectedException notAVideo(String looksLike) {
    String what = looksLike == null ? "" : " (it looks like " + looksLike + ")";
    return new ClipRejectedException(NOT_A_VIDEO,
        "This file is not a video we can read" + what + ". Upload an MP4 or MOV file.");
  }

  static ClipRejectedException unsupportedContainer(String looksLike) {
    return new ClipRejectedException(UNSUPPORTED_CONTAINER,
        "This is " + looksLike + "; we take MP4 and MOV files. Convert it to MP4 and upload it again.");
  }
}
