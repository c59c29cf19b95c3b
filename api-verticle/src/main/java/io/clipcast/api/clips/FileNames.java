package io.clipcast.api.clips;

import io.clipcast.web.ApiError;

import java.text.Normalizer;

/** A client's file name, kept only as a label: no path parts, no control characters, bounded length. */
final class FileNames {
  private FileNames() {}

  static String clean(String raw) {
    if (raw == null || raw.isBlank()) return "clip.mp4";
    String name = Normalizer.normalize(raw, Normalizer.Form.NFC);
    if (name.indexOf('\0') >= 0 || name.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
      throw ApiError.invalid("fileName", "The file name contains control characters; rename the file.");
    }
    if (name.contains("/") || name.contains("\\") || name.equals(".") || name.equals("..")) {
      throw ApiError.invalid("fileName", "Send the file name without folders (like clip.mp4).");
    }
    if (name.codePointCount(0, name.length()) > 255) throw ApiError.invalid("fileName", "The file name is longer than 255 characters.");
    return name;
  }
}
