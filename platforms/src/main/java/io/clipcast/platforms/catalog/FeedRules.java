package io.clipcast.platforms.catalog;

import java.util.Map;

/** {@code feed}: for platforms that pull a feed, how a user sets it up on the platform, per language. */
public record FeedRules(Map<String, String> instructions, String source) {

  static FeedRules read(JsonFields f) {
    FeedRules r = new FeedRules(f.stringMap("instructions"), f.string("source"));
    f.end();
    return r;
  }
}
