package io.clipcast.sandbox.youtube;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A resumable upload's {@code Content-Range}: {@code bytes *}{@code /TOTAL} (a status probe), {@code bytes F-L/TOTAL} or
 * {@code bytes F-L/*} (a chunk, total not yet known). {@code total} is -1 when unknown, {@code first} -1 for a probe.
 */
record ContentRange(long first, long last, long total) {
  private static final Pattern PROBE = Pattern.compile("bytes \\*/(\\d{1,18})");
  private static final Pattern CHUNK = Pattern.compile("bytes (\\d{1,18})-(\\d{1,18})/(\\d{1,18}|\\*)");

  boolean probe() {
    return first < 0;
  }

  long length() {
    return last - first + 1;
  }

  /** Null when the header does not have one of the three forms (or its numbers make no sense). */
  static ContentRange parse(String header) {
    if (header == null) return null;
    Matcher p = PROBE.matcher(header.trim());
    if (p.matches()) return new ContentRange(-1, -1, Long.parseLong(p.group(1)));
    Matcher c = CHUNK.matcher(header.trim());
    if (!c.matches()) return null;
    long first = Long.parseLong(c.group(1));
    long last = Long.parseLong(c.group(2));
    long total = c.group(3).equals("*") ? -1 : Long.parseLong(c.group(3));
    if (last < first || (total >= 0 && last >= total)) return null;
    return new ContentRange(first, last, total);
  }
}
