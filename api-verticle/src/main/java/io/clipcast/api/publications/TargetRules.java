package io.clipcast.api.publications;

import io.clipcast.platforms.catalog.PlatformCatalog;
import io.clipcast.platforms.catalog.PlatformRules;
import io.clipcast.platforms.catalog.TextRules;
import io.clipcast.web.ApiError;
import io.vertx.core.json.JsonObject;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/** Caption and title limits of the enabled platforms (their catalog {@code text} rules). */
final class TargetRules {
  private final Map<String, TextRules> text = new HashMap<>();
  private final Map<String, String> names = new HashMap<>();

  TargetRules(JsonObject config) {
    for (PlatformRules rules : PlatformCatalog.shipped().enabled(config)) {
      text.put(rules.id(), rules.text());
      names.put(rules.id(), rules.displayName());
    }
  }

  boolean enabled(String platform) {
    return text.containsKey(platform);
  }

  void check(String platform, String caption, String title, String field) {
    TextRules t = text.get(platform);
    String name = names.get(platform);
    int max = t.captionMaxChars();
    int chars = caption.codePointCount(0, caption.length());
    if (chars > max) {
      throw ApiError.invalid(field + ".caption", name + " accepts captions up to " + max + " characters; this one has " + chars
          + ". Shorten it by " + (chars - max) + ".");
    }
    if ("youtube".equals(platform) && caption.getBytes(StandardCharsets.UTF_8).length > max) {
      throw ApiError.invalid(field + ".caption", name + " counts the description in bytes: at most " + max
          + " bytes of UTF-8; this one has " + caption.getBytes(StandardCharsets.UTF_8).length + ".");
    }
    Integer titleMax = t.titleMaxChars();
    if (title == null || title.isBlank()) {
      if (t.titleRequired()) throw ApiError.invalid(field + ".title", name + " needs a title for every video; add one.");
      return;
    }
    if (titleMax == null) throw ApiError.invalid(field + ".title", name + " posts have no title; put the text in the caption.");
    int tchars = title.codePointCount(0, title.length());
    if (tchars > titleMax) {
      throw ApiError.invalid(field + ".title", name + " accepts titles up to " + titleMax + " characters; this one has " + tchars + ".");
    }
  }
}
