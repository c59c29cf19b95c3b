package io.clipcast.platforms.youtube;

import io.clipcast.platforms.ClipSource;
import io.clipcast.platforms.PlatformFailure;
import io.clipcast.platforms.PublishContext;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;

/**
 * The videos.insert body for a Short, checked before any quota is spent: the clip must be a Short (vertical or square,
 * at most the rules' duration — YouTube would otherwise publish a regular video), the text within YouTube's limits
 * (title 1–100 characters, description ≤ 5000 bytes, neither with {@code <} or {@code >}, tags ≤ 500 characters),
 * and {@code #Shorts} is added when the user did not write it: to the title when it fits, else to the description.
 * Target options: {@code privacy} (public|unlisted|private), {@code tags} (list of strings), {@code categoryId},
 * {@code madeForKids}, {@code notifySubscribers}.
 */
record ShortsMetadata(JsonObject body, boolean notifySubscribers) {
  private static final Set<String> PRIVACY = Set.of("public", "unlisted", "private");

  static ShortsMetadata of(PublishContext ctx, YouTubeRules rules) {
    eligible(ctx.clip(), rules);
    JsonObject options = ctx.options();
    String title = title(ctx);
    String description = ctx.caption() == null ? "" : ctx.caption();
    String tag = rules.hashtag();
    if (tag != null && !tag.isBlank() && !title.toLowerCase(Locale.ROOT).contains(tag.toLowerCase(Locale.ROOT))
        && !description.toLowerCase(Locale.ROOT).contains(tag.toLowerCase(Locale.ROOT))) {
      if (codePoints(title) + 1 + codePoints(tag) <= 100) title = title + " " + tag;
      else if (bytes(description) + 2 + bytes(tag) <= 5000) description = description.isEmpty() ? tag : description + "\n\n" + tag;
    }
    if (title.contains("<") || title.contains(">") || description.contains("<") || description.contains(">")) {
      throw PlatformFailure.permanent("invalidTitle", "YouTube does not allow < or > in titles and descriptions; remove them and retry.");
    }
    if (codePoints(title) > 100) {
      throw PlatformFailure.permanent("invalidTitle", "YouTube titles are at most 100 characters; this one has " + codePoints(title) + ".");
    }
    if (bytes(description) > 5000) {
      throw PlatformFailure.permanent("invalidDescription", "YouTube descriptions are at most 5000 bytes; this one has " + bytes(description) + ".");
    }
    JsonObject snippet = new JsonObject().put("title", title).put("description", description)
        .put("categoryId", String.valueOf(options.getValue("categoryId", rules.defaultCategoryId())));
    JsonArray tags = tags(options.getValue("tags"));
    if (tags != null) snippet.put("tags", tags);
    String privacy = String.valueOf(options.getValue("privacy", rules.defaultPrivacy()));
    if (!PRIVACY.contains(privacy)) {
      throw PlatformFailure.permanent("invalidVideoMetadata", "YouTube privacy must be public, unlisted or private, not '" + privacy + "'.");
    }
    JsonObject status = new JsonObject().put("privacyStatus", privacy)
        .put("selfDeclaredMadeForKids", Boolean.TRUE.equals(options.getValue("madeForKids")));
    return new ShortsMetadata(new JsonObject().put("snippet", snippet).put("status", status),
        !Boolean.FALSE.equals(options.getValue("notifySubscribers")));
  }

  /** Shorts are square or vertical and no longer than the rules allow (docs/platforms/youtube.md). */
  private static void eligible(ClipSource clip, YouTubeRules rules) {
    if (rules.verticalOrSquare() && clip.width() > 0 && clip.height() > 0 && clip.width() > clip.height()) {
      throw PlatformFailure.permanent("not_a_short", "YouTube Shorts must be vertical or square; this clip is " + clip.width() + "×"
          + clip.height() + " (landscape), so YouTube would publish it as a regular video. Crop it to 9:16 or 1:1.");
    }
    if (clip.durationSec() > rules.maxDurationSec()) {
      throw PlatformFailure.permanent("not_a_short", "YouTube Shorts can be up to " + (long) rules.maxDurationSec() + " s; this clip is "
          + Math.round(clip.durationSec()) + " s, so YouTube would publish it as a regular video. Trim it.");
    }
  }

  /** The user's title; without one, the caption's first line (YouTube requires a title). */
  private static String title(PublishContext ctx) {
    if (ctx.title() != null && !ctx.title().isBlank()) return ctx.title().strip();
    String caption = ctx.caption() == null ? "" : ctx.caption().strip();
    String line = caption.isEmpty() ? "Short" : caption.lines().findFirst().orElse("Short").strip();
    return codePoints(line) <= 100 ? line : line.substring(0, line.offsetByCodePoints(0, 99)) + "…";
  }

  private static JsonArray tags(Object value) {
    if (value == null) return null;
    if (!(value instanceof JsonArray list)) throw PlatformFailure.permanent("invalidTags", "YouTube tags must be a list of words.");
    JsonArray out = new JsonArray();
    int chars = 0;
    for (Object t : list) {
      String tag = String.valueOf(t).strip();
      if (tag.isEmpty()) continue;
      if (tag.contains("<") || tag.contains(">")) throw PlatformFailure.permanent("invalidTags", "YouTube tags may not contain < or >.");
      chars += codePoints(tag) + (tag.contains(" ") ? 2 : 0) + (out.isEmpty() ? 0 : 1);
      out.add(tag);
    }
    if (chars > 500) throw PlatformFailure.permanent("invalidTags", "YouTube allows 500 characters of tags in all; these have " + chars + ".");
    return out;
  }

  private static int codePoints(String s) {
    return s.codePointCount(0, s.length());
  }

  private static int bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8).length;
  }
}
