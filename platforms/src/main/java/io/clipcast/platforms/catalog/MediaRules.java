package io.clipcast.platforms.catalog;

import io.vertx.core.json.JsonObject;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code media}: what files the platform accepts. A null bound is no (documented) limit. {@code maxFileBytesWhen}: a
 * larger or smaller size limit that applies when the deployment turns on a setting of its app
 * ({@code oauth.clients.<id>.<setting>}: Telegram's self-hosted Bot API server, {@code localBotApi}); {@code aspect} a
 * note on the frame's shape.
 */
public record MediaRules(Long minFileBytes, Long maxFileBytes, Map<String, Long> maxFileBytesWhen, Integer minDurationSec,
                         Integer maxDurationSec, List<String> containers, String aspect, String source) {

  static MediaRules read(JsonFields f) {
    Map<String, Long> when = new LinkedHashMap<>();
    JsonFields bySetting = f.optObject("maxFileBytesWhen");
    if (bySetting != null) {
      for (String setting : List.copyOf(bySetting.keys())) when.put(setting, bySetting.whole(setting));
      bySetting.end();
    }
    MediaRules m = new MediaRules(f.optWhole("minFileBytes"), f.optWhole("maxFileBytes"), Map.copyOf(when),
        f.optInteger("minDurationSec"), f.optInteger("maxDurationSec"), f.strings("containers"), f.optString("aspect"), f.string("source"));
    f.end();
    return m;
  }

  /** These rules as a deployment whose app settings are {@code client} ({@code oauth.clients.<id>}) meets them. */
  public MediaRules forApp(JsonObject client) {
    Long max = maxFileBytes;
    for (Map.Entry<String, Long> e : maxFileBytesWhen.entrySet()) {
      if (Boolean.TRUE.equals(client.getValue(e.getKey()))) max = e.getValue();
    }
    return new MediaRules(minFileBytes, max, maxFileBytesWhen, minDurationSec, maxDurationSec, containers, aspect, source);
  }
}
