package io.clipcast.media;

import java.util.Map;

/** Names codec families from sample-entry codes, so callers compare {@code "hevc"}, not {@code hvc1}/{@code hev1}. */
final class Codecs {
  private static final Map<String, String> VIDEO = Map.ofEntries(
      Map.entry("avc1", "h264"), Map.entry("avc2", "h264"), Map.entry("avc3", "h264"), Map.entry("avc4", "h264"),
      Map.entry("hvc1", "hevc"), Map.entry("hev1", "hevc"), Map.entry("dvh1", "hevc"), Map.entry("dvhe", "hevc"),
      Map.entry("vp09", "vp9"), Map.entry("vp08", "vp8"), Map.entry("av01", "av1"),
      Map.entry("mp4v", "mpeg4"), Map.entry("s263", "h263"), Map.entry("h263", "h263"),
      Map.entry("apch", "prores"), Map.entry("apcn", "prores"), Map.entry("apcs", "prores"),
      Map.entry("apco", "prores"), Map.entry("ap4h", "prores"), Map.entry("ap4x", "prores"),
      Map.entry("jpeg", "mjpeg"), Map.entry("mjpa", "mjpeg"), Map.entry("mjpb", "mjpeg"));

  private static final Map<String, String> AUDIO = Map.ofEntries(
      Map.entry("Opus", "opus"), Map.entry("fLaC", "flac"), Map.entry("alac", "alac"),
      Map.entry("ac-3", "ac3"), Map.entry("ec-3", "eac3"), Map.entry("ac-4", "ac4"), Map.entry(".mp3", "mp3"),
      Map.entry("samr", "amr_nb"), Map.entry("sawb", "amr_wb"), Map.entry("ulaw", "pcm"), Map.entry("alaw", "pcm"),
      Map.entry("sowt", "pcm"), Map.entry("twos", "pcm"), Map.entry("lpcm", "pcm"), Map.entry("ipcm", "pcm"),
      Map.entry("fpcm", "pcm"), Map.entry("in24", "pcm"), Map.entry("in32", "pcm"), Map.entry("fl32", "pcm"),
      Map.entry("fl64", "pcm"), Map.entry("raw ", "pcm"), Map.entry("NONE", "pcm"));

  private Codecs() {}

  static String video(String fourcc) {
    return VIDEO.getOrDefault(fourcc, fourcc.trim());
  }

  static String audio(String fourcc) {
    return AUDIO.getOrDefault(fourcc, fourcc.trim());
  }

  /**
   * 'mp4a' only says "MPEG-4 audio"; the esds object type says which: AAC nearly always, MP3 sometimes.
   * Unknown types keep the 'mp4a' name rather than a guess.
   */
  static String mpeg4Audio(int objectType) {
    switch (objectType) {
      case 0x40: case 0x66: case 0x67: case 0x68:
        return "aac";
      case 0x69: case 0x6B:
        return "mp3";
      case 0xA5:
        return "ac3";
      case 0xA6:
        return "eac3";
      case 0xDD:
        return "vorbis";
      default:
        return "mp4a";
    }
  }
}
