package io.clipcast.platforms.rutube;

/**
 * The title sent to Rutube, never empty (Rutube does not require one, docs/platforms/rutube.md, but a video without a
 * name is hard to find in the channel; clients cut it to ~100, text.titleMaxChars): the user's title, else the
 * caption's first line, else the file name; whitespace collapsed, cut at a word within {@code max} code points
 * (Rutube counts characters as Python does) with an ellipsis.
 */
final class RutubeTitle {
  private RutubeTitle() {}

  static String of(String title, String caption, String fileName, int max) {
    String t = firstNonBlank(title, firstLine(caption), withoutExtension(fileName), "Video").replaceAll("\\s+", " ").strip();
    return truncate(t, max);
  }

  static String truncate(String s, int max) {
    if (s.codePointCount(0, s.length()) <= max) return s;
    String cut = s.substring(0, s.offsetByCodePoints(0, max - 1));
    int space = cut.lastIndexOf(' ');
    if (space > cut.length() / 2) cut = cut.substring(0, space);
    return cut.stripTrailing() + "…";
  }

  private static String firstLine(String caption) {
    if (caption == null) return null;
    for (String line : caption.split("\\R")) {
      if (!line.isBlank()) return line;
    }
    return null;
  }

  private static String withoutExtension(String fileName) {
    if (fileName == null) return null;
    int dot = fileName.lastIndexOf('.');
    return dot > 0 ? fileName.substring(0, dot) : fileName;
  }

  private static String firstNonBlank(String... values) {
    for (String v : values) {
      if (v != null && !v.isBlank()) return v;
    }
    return "";
  }
}
