package io.clipcast.platforms.linkedin;

/**
 * Post commentary in LinkedIn's "little text" format (docs/platforms/linkedin.md): every reserved character
 * {@code \ | { } @ [ ] ( ) < > # * _ ~} is backslash-escaped, except a {@code #} that starts a hashtag (followed by a
 * letter or digit), so "50% (off) #sale" stays readable and its hashtag stays a hashtag.
 */
final class LittleText {
  private static final String RESERVED = "\\|{}@[]()<>#*_~";

  private LittleText() {}

  static String escape(String text) {
    if (text == null) return "";
    StringBuilder out = new StringBuilder(text.length() + 16);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      boolean hashtag = c == '#' && i + 1 < text.length() && Character.isLetterOrDigit(text.codePointAt(i + 1));
      if (RESERVED.indexOf(c) >= 0 && !hashtag) out.append('\\');
      out.append(c);
    }
    return out.toString();
  }
}
