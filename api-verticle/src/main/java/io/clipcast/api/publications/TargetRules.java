package io.clipcast.api.publications;

import io.clipcast.config.ConfigLayers;
import io.clipcast.web.ApiError;
import io.vertx.core.json.JsonObject;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/** Caption and title limits per platform, from {@code conf/platforms/<id>.json} ({@code text} block). */
final class TargetRules {
  private final Map<String, JsonObject> text = new HashMap<>();
  private final Map<String, String> names = new HashMap<>();

  TargetRules(JsonObject config) {
    for (Object id : config.getJsonObject("platforms").getJsonArray("enabled")) {
      JsonObject rules = ConfigLayers.readResource("conf/platforms/" + id + ".json");
      text.put(id.toString(), rules.getJsonObject("text"));
      names.put(id.toString(), rules.getString("displayName"));
    }
  }

  boolean enabled(String platform) {
    return text.containsKey(platform);
  }

  void check(String platform, String caption, String title, String field) {
    JsonObject t = text.get(platform);
    String name = names.get(platform);
    int max = t.getInteger("captionMaxChars");
    int chars = caption.codePointCount(0, caption.length());
    if (chars > max) {
      throw ApiError.invalid(field + ".caption", name + " accepts captions up to " + max + " characters; this one has " + chars
          + ". Shorten it by " + (chars - max) + ".");
    }
    if ("youtube".equals(platform) && caption.getBytes(StandardCharsets.UTF_8).length > max) {
      throw ApiError.invalid(field + ".caption", name + " counts the description in bytes: at most " + max
          + " bytes of UTF-8; this one has " + caption.getBytes(StandardCharsets.UTF_8).length + ".");
    }
    Integer titleMax = t.getInteger("titleMaxChars");
    if (title == null || title.isBlank()) {
      if (t.getBoolean("titleRequired")) throw ApiError.invalid(field + ".title", name + " needs a title for every video; add one.");
      return;
    }
    if (titleMax == null) throw ApiError.invalid(field + ".title", name + " posts have no title; put the text in the caption.");
    int tchars = title.codePointCount(0, title.length());
    if (tchars > titleMax) {
      throw ApiError.invalid(field + ".title", name + " accepts titles up to " + titleMax + " characters; this one has " + tchars + ".");
    }
  }
}
