package io.clipcast.platforms.catalog;

/** {@code text}: caption and title limits in characters; {@code titleMaxChars} null = the platform's posts have no title. */
public record TextRules(int captionMaxChars, Integer titleMaxChars, boolean titleRequired, String source) {

  static TextRules read(JsonFields f) {
    TextRules t = new TextRules(f.integer("captionMaxChars"), f.optInteger("titleMaxChars"), f.bool("titleRequired"), f.string("source"));
    f.end();
    return t;
  }
}
