package io.clipcast.platforms.tiktok;

import io.clipcast.platforms.PlatformFailure;
import io.clipcast.platforms.PublishContext;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The {@code post_info} of one post, decided from the target's options and what {@code creator_info} offers (docs/platforms/tiktok.md):
 * the privacy level must be one of the creator's {@code privacy_level_options}; an unaudited app posts
 * {@code SELF_ONLY} only (and TikTok takes it only from a private account, which {@code creator_info} does not tell);
 * interactions the creator has turned off stay off; the clip must fit {@code max_video_post_duration_sec}. Anything the creator cannot use is refused before TikTok is asked to post.
 * Options: {@code privacy} ({@code public|friends|followers|private} or TikTok's names), {@code disableComment},
 * {@code disableDuet}, {@code disableStitch}, {@code isAigc}, {@code brandContent}, {@code brandOrganic},
 * {@code coverTimestampMs}, {@code source} ({@code FILE_UPLOAD} default, or {@code PULL_FROM_URL}).
 */
record PostSettings(String privacyLevel, JsonObject postInfo, String source) {
  private static final Map<String, String> FRIENDLY = Map.of("public", "PUBLIC_TO_EVERYONE", "friends", "MUTUAL_FOLLOW_FRIENDS",
      "followers", "FOLLOWER_OF_CREATOR", "private", "SELF_ONLY");

  static PostSettings decide(PublishContext ctx, JsonObject creator, boolean audited) {
    JsonObject o = ctx.options();
    List<String> offered = creator.getJsonArray("privacy_level_options", new JsonArray()).stream().map(Object::toString).toList();
    String asked = privacy(o.getValue("privacy", o.getValue("privacyLevel")));
    String privacy;
    if (!audited) {
      if (asked != null && !asked.equals("SELF_ONLY")) {
        throw PlatformFailure.permanent("unaudited_client_can_only_post_to_private_accounts", "Visibility " + asked
            + " is not possible. " + TikTokErrors.UNAUDITED);
      }
      privacy = "SELF_ONLY";
    } else {
      privacy = asked != null ? asked : offered.contains("PUBLIC_TO_EVERYONE") ? "PUBLIC_TO_EVERYONE" : offered.isEmpty() ? null : offered.get(0);
    }
    if (privacy == null || !offered.contains(privacy)) {
      throw PlatformFailure.permanent("privacy_level_option_mismatch", "This TikTok account cannot post with visibility " + privacy
          + "; it offers " + offered + ". Pick one of those.");
    }
    Integer max = creator.getInteger("max_video_post_duration_sec");
    double duration = ctx.clip().durationSec();
    if (max != null && duration > max) {
      throw PlatformFailure.permanent("duration_check_failed", "The clip is " + Math.round(duration) + " s long; this TikTok account may"
          + " post videos up to " + max + " s.");
    }
    JsonObject info = new JsonObject().put("title", ctx.caption() == null ? "" : ctx.caption()).put("privacy_level", privacy)
        .put("disable_comment", interaction(o, "disableComment", creator.getBoolean("comment_disabled", false), "comments"))
        .put("disable_duet", interaction(o, "disableDuet", creator.getBoolean("duet_disabled", false), "duets"))
        .put("disable_stitch", interaction(o, "disableStitch", creator.getBoolean("stitch_disabled", false), "stitches"))
        .put("brand_content_toggle", flag(o, "brandContent")).put("brand_organic_toggle", flag(o, "brandOrganic"))
        .put("is_aigc", flag(o, "isAigc"));
    if (o.getValue("coverTimestampMs") instanceof Number n) info.put("video_cover_timestamp_ms", n.longValue());
    String source = String.valueOf(o.getValue("source", "FILE_UPLOAD")).toUpperCase(Locale.ROOT);
    if (!source.equals("FILE_UPLOAD") && !source.equals("PULL_FROM_URL")) {
      throw PlatformFailure.permanent(null, "The TikTok option source must be FILE_UPLOAD or PULL_FROM_URL, not " + source + ".");
    }
    return new PostSettings(privacy, info, source);
  }

  private static String privacy(Object v) {
    if (v == null) return null;
    String s = v.toString().trim();
    return FRIENDLY.getOrDefault(s.toLowerCase(Locale.ROOT), s.toUpperCase(Locale.ROOT));
  }

  /** The creator's own "off" wins; asking to turn on what the creator turned off is refused. */
  private static boolean interaction(JsonObject o, String option, boolean creatorDisabled, String what) {
    Object v = o.getValue(option);
    if (creatorDisabled && Boolean.FALSE.equals(v)) {
      throw PlatformFailure.permanent(null, "This TikTok account has " + what + " turned off, so they cannot be allowed on this post.");
    }
    return creatorDisabled || Boolean.TRUE.equals(v);
  }

  private static boolean flag(JsonObject o, String option) {
    return Boolean.TRUE.equals(o.getValue(option));
  }
}
