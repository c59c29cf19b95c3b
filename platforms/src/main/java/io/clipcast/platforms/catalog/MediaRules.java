package io.clipcast.platforms.catalog;

import java.util.List;

/**
 * {@code media}: what files the platform accepts. A null bound is no (documented) limit. {@code localBotApiMaxFileBytes}
 * is Telegram's limit through a self-hosted Bot API server; {@code aspect} a note on the frame's shape.
 */
public record MediaRules(Long minFileBytes, Long maxFileBytes, Long localBotApiMaxFileBytes, Integer minDurationSec,
                         Integer maxDurationSec, List<String> containers, String aspect, String source) {

  static MediaRules read(JsonFields f) {
    MediaRules m = new MediaRules(f.optWhole("minFileBytes"), f.optWhole("maxFileBytes"), f.optWhole("localBotApiMaxFileBytes"),
        f.optInteger("minDurationSec"), f.optInteger("maxDurationSec"), f.strings("containers"), f.optString("aspect"), f.string("source"));
    f.end();
    return m;
  }
}
