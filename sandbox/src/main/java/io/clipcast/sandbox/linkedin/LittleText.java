package io.clipcast.sandbox.linkedin;

/**
 * LinkedIn's "little text" format of post commentary (docs/platforms/linkedin.md): the reserved characters
 * {@code \ | { } @ [ ] ( ) < > # * _ ~} must be backslash-escaped unless they start a hashtag ({@code #word}) or a
 * mention ({@code @[Name](urn:li:person:…)}). {@link #decode} gives the text a reader sees, or fails with
 * IllegalArgumentException naming the first unescaped reserved character.
 */
final class LittleText {
  private static final String RESERVED = "\\|{}@[]()<>#*_~";

  private LittleText() {}

  static String decode(String s) {
    StringBuilder out = new StringBuilder(s.length());
    int i = 0;
    while (i < s.length()) {
      char c = s.charAt(i);
      if (c == '\\') {
        if (i + 1 >= s.length()) throw new IllegalArgumentException("a trailing backslash escapes nothing (offset " + i + ")");
        out.append(s.charAt(i + 1));
        i += 2;
      } else if (c == '#' && i + 1 < s.length() && Character.isLetterOrDigit(s.codePointAt(i + 1))) {
        int end = i + 1;
        while (end < s.length() && Character.isLetterOrDigit(s.codePointAt(end))) end += Character.charCount(s.codePointAt(end));
        out.append(s, i, end);
        i = end;
      } else if (c == '@' && s.startsWith("@[", i)) {
        int close = s.indexOf("](", i);
        int end = close < 0 ? -1 : s.indexOf(')', close);
        String target = end < 0 ? "" : s.substring(close + 2, end);
        if (!target.startsWith("urn:li:person:") && !target.startsWith("urn:li:organization:")) {
          throw new IllegalArgumentException("'@' at offset " + i + " is neither escaped nor a mention @[Name](urn:li:…)");
        }
        out.append(s, i + 2, close);
        i = end + 1;
      } else if (RESERVED.indexOf(c) >= 0) {
        throw new IllegalArgumentException("reserved character '" + c + "' at offset " + i + " must be escaped as '\\" + c + "'");
      } else {
        out.append(c);
        i++;
      }
    }
    return out.toString();
  }
}
