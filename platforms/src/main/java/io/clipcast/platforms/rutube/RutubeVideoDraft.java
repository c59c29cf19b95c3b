package io.clipcast.platforms.rutube;

import io.clipcast.platforms.PublishContext;
import io.vertx.core.json.JsonObject;

import java.util.Set;

/**
 * The body of {@code POST /api/video/} for one publication (docs/platforms/rutube.md): the clip's signed URL for Rutube to
 * pull, the title, the caption as description, visibility and category. Built the same way on every attempt, so a
 * retry can recognise the video an earlier attempt created.
 *
 * <p>Per-target options: {@code privacy} {@code private|unlisted|hidden} (or {@code hidden: true}) → {@code is_hidden};
 * {@code categoryId} (default 13 "Разное", the official client's default). Public unless asked otherwise.
 */
record RutubeVideoDraft(String url, String title, String description, boolean hidden, int categoryId) {
  static final int DEFAULT_CATEGORY = 13;
  private static final Set<String> HIDDEN = Set.of("private", "unlisted", "hidden");

  static RutubeVideoDraft of(PublishContext ctx, int titleMax) {
    JsonObject o = ctx.options();
    boolean hidden = HIDDEN.contains(String.valueOf(o.getValue("privacy"))) || Boolean.TRUE.equals(o.getValue("hidden"));
    int category = DEFAULT_CATEGORY;
    Object c = o.getValue("categoryId");
    if (c != null) {
      try {
        category = Integer.parseInt(c.toString().trim());
      } catch (NumberFormatException e) {
        category = DEFAULT_CATEGORY;   // the API layer validates options; a stray value must not block the post
      }
    }
    String caption = ctx.caption() == null ? "" : ctx.caption();
    return new RutubeVideoDraft(ctx.clip().mediaUrl(), RutubeTitle.of(ctx.title(), caption, ctx.clip().fileName(), titleMax),
        caption, hidden, category);
  }

  JsonObject body() {
    return new JsonObject().put("url", url).put("title", title).put("description", description).put("is_hidden", hidden)
        .put("category_id", categoryId);
  }

  /** Whether a video listed by Rutube carries this draft's title and description (Rutube trims both, as DRF does). */
  boolean describes(JsonObject video) {
    return same(title, video.getString("title")) && same(description, video.getString("description"));
  }

  private static boolean same(String ours, String theirs) {
    return theirs != null && normalize(ours).equals(normalize(theirs));
  }

  private static String normalize(String s) {
    return s == null ? "" : s.replace("\r\n", "\n").strip();
  }
}
