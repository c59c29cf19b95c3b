package io.clipcast.api.clips;

import io.clipcast.platforms.catalog.MediaRules;
import io.clipcast.platforms.catalog.PlatformCatalog;
import io.clipcast.platforms.catalog.PlatformRules;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;

import java.util.LinkedHashMap;
import java.util.Map;

/** Which platforms accept a clip, and why not, from the catalog's {@code media} rules of the enabled platforms. */
final class ClipChecks {
  private final Map<String, PlatformRules> rules = new LinkedHashMap<>();

  ClipChecks(JsonObject config) {
    for (PlatformRules r : PlatformCatalog.shipped().enabled(config)) rules.put(r.id(), r);
  }

  boolean known(String platform) {
    return rules.containsKey(platform);
  }

  Iterable<String> platforms() {
    return rules.keySet();
  }

  JsonObject check(String platform, Row clip) {
    PlatformRules r = rules.get(platform);
    MediaRules media = r.media();
    String name = r.displayName();
    JsonArray problems = new JsonArray();
    Long size = clip.getLong("size_bytes");
    Long maxBytes = media.maxFileBytes();
    if (maxBytes != null && size != null && size > maxBytes) {
      problems.add(name + " accepts files up to " + mb(maxBytes) + "; this clip is " + mb(size) + ".");
    }
    Long minBytes = media.minFileBytes();
    if (minBytes != null && size != null && size < minBytes) {
      problems.add(name + " needs files of at least " + kb(minBytes) + "; this clip is " + kb(size) + ".");
    }
    Long durationMs = clip.getLong("duration_ms");
    if (durationMs != null) {
      double sec = durationMs / 1000.0;
      Integer min = media.minDurationSec();
      Integer max = media.maxDurationSec();
      if (min != null && sec < min) problems.add(name + " needs clips of at least " + min + " s; this one is " + fmt(sec) + " s.");
      if (max != null && sec > max) problems.add(name + " accepts clips up to " + max + " s; this one is " + fmt(sec) + " s.");
    }
    return new JsonObject().put("platform", platform).put("displayName", name).put("accepted", problems.isEmpty()).put("problems", problems);
  }

  private static String mb(long bytes) {
    return bytes >= 1024L * 1024 * 1024 ? fmt(bytes / (1024.0 * 1024 * 1024)) + " GB" : Math.round(bytes / (1024.0 * 1024)) + " MB";
  }

  private static String kb(long bytes) {
    return Math.round(bytes / 1024.0) + " KB";
  }

  private static String fmt(double v) {
    return v == Math.rint(v) ? Long.toString((long) v) : String.format(java.util.Locale.ROOT, "%.1f", v);
  }
}
