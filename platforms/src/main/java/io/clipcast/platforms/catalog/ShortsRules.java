package io.clipcast.platforms.catalog;

/**
 * {@code shorts}: what makes a YouTube Short and the defaults of its metadata; {@code hashtag} null = never added.
 */
public record ShortsRules(String hashtag, double maxDurationSec, boolean verticalOrSquare, String defaultPrivacy, String defaultCategoryId,
                          String source) {

  static ShortsRules read(JsonFields f) {
    ShortsRules s = new ShortsRules(f.optString("hashtag"), f.number("maxDurationSec"), f.bool("verticalOrSquare"), f.string("defaultPrivacy"),
        f.string("defaultCategoryId"), f.string("source"));
    f.end();
    return s;
  }
}
