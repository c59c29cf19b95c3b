package io.clipcast.platforms.dzen;

/** Text as XML 1.0 can carry it: characters XML forbids (most control characters, lone surrogates) are dropped. */
final class XmlText {
  private XmlText() {}

  static String clean(String s) {
    if (s == null) return "";
    StringBuilder sb = new StringBuilder(s.length());
    s.codePoints().filter(XmlText::allowed).forEach(sb::appendCodePoint);
    return sb.toString();
  }

  private static boolean allowed(int c) {
    return c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF) || (c >= 0xE000 && c <= 0xFFFD) || (c >= 0x10000 && c <= 0x10FFFF);
  }
}
