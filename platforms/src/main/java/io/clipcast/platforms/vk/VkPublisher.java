package io.clipcast.platforms.vk;

import io.clipcast.platforms.ErrorKind;
import io.clipcast.platforms.PlatformFailure;
import io.clipcast.platforms.PublishContext;
import io.clipcast.platforms.PublishResult;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonObject;

/**
 * One publish attempt (docs/platforms/vk.md, Publishing paths), checkpointing every id before the next step
 * ({@link VkResume}: the saved video, then uploaded, postRequestedAt, postId). The route ({@link VkRoute}) decides
 * how the video reaches the wall:
 * <ul>
 *   <li>{@code videoWallpost}: {@code video.save} with {@code wallpost=1} → stream the file to its upload URL; VK posts
 *   it on the wall itself, and the publication ends once the file is in (its link: the wall post when
 *   {@code wall.get} shows it, else the video);</li>
 *   <li>{@code wallPost}: {@code video.save} → upload → {@code wall.post} with the video attached.</li>
 * </ul>
 *
 * <p>A retry resumes from that state. An upload that may have landed is checked with {@code video.get} before sending
 * the file again; a spent or expired upload URL means saving anew. {@code wall.post} carries the publication id as
 * {@code guid}, VK's idempotency key (an hour), so repeating a post whose answer was lost returns the same post; past
 * that hour the wall is searched for the video before posting again.
 */
final class VkPublisher {
  /** VK deduplicates wall.post by guid for an hour; after this long we look on the wall instead of trusting it. */
  static final long GUID_TRUST_MS = 50 * 60_000;

  private final VkApiClient api;
  private final VkUploader uploader;
  private final VkVideoLookup lookup;
  private final VkRoute route;

  VkPublisher(VkApiClient api, VkUploader uploader, VkVideoLookup lookup, VkRoute route) {
    this.api = api;
    this.uploader = uploader;
    this.lookup = lookup;
    this.route = route;
  }

  Future<PublishResult> publish(PublishContext ctx) {
    VkResume state = ctx.resumed(VkResume::from);
    if (state.postId() != null) return Future.succeededFuture(result(state));
    boolean resumed = state.videoId() != null;
    Future<VkResume> saved = resumed ? Future.succeededFuture(state) : saveVideo(ctx, state);
    Future<VkResume> uploaded = saved.compose(s -> upload(ctx, s, resumed, true));
    return route == VkRoute.VIDEO_WALLPOST ? uploaded.compose(s -> postedByVk(ctx, s)) : uploaded.compose(s -> post(ctx, s));
  }

  private Future<VkResume> saveVideo(PublishContext ctx, VkResume state) {
    MultiMap params = MultiMap.caseInsensitiveMultiMap().add("name", title(ctx));
    if (ctx.caption() != null) params.add("description", ctx.caption());
    if (route == VkRoute.VIDEO_WALLPOST) params.add("wallpost", "1");
    Long group;
    try {
      group = groupId(ctx);
    } catch (PlatformFailure e) {
      return Future.failedFuture(e);
    }
    if (group != null) params.add("group_id", Long.toString(group));
    return api.call(token(ctx), "video.save", params).compose(r -> keep(ctx, state.saved(r.getLong("video_id"), r.getLong("owner_id"),
        r.getString("access_key"), r.getString("upload_url"), group)));
  }

  private Future<VkResume> upload(PublishContext ctx, VkResume state, boolean resumed, boolean maySaveAgain) {
    if (state.uploaded()) return Future.succeededFuture(state);
    // An earlier attempt may have delivered the file without hearing back: VK lists a video only once it has one.
    Future<Boolean> landed = resumed ? listed(ctx, state) : Future.succeededFuture(false);
    return landed.compose(already -> already ? keep(ctx, state.uploadedNow()) : uploader.upload(state.uploadUrl(), ctx)
        .compose(answer -> keep(ctx, state.uploadedNow()))
        .recover(e -> {
          if (e instanceof VkUploader.UrlGone) {
            if (!maySaveAgain) return Future.failedFuture(PlatformFailure.retryable(null, "VK's upload address stopped working; it will be retried."));
            return saveVideo(ctx, state).compose(fresh -> upload(ctx, fresh, false, false));
          }
          if (e instanceof PlatformFailure f && f.kind() == ErrorKind.OUTCOME_UNKNOWN) {
            return listed(ctx, state).compose(ok -> ok ? keep(ctx, state.uploadedNow()) : Future.failedFuture(new PlatformFailure(
                ErrorKind.RETRYABLE, null, "The upload to VK was sent but not confirmed; it will be retried.", 0, f)));
          }
          return Future.failedFuture(e);
        }));
  }

  private Future<Boolean> listed(PublishContext ctx, VkResume state) {
    return lookup.video(token(ctx), state.ownerId(), state.videoId(), state.accessKey()).map(item -> item != null);
  }

  private static Future<VkResume> keep(PublishContext ctx, VkResume next) {
    return ctx.checkpoint(next).map(v -> next);
  }

  private Future<PublishResult> post(PublishContext ctx, VkResume state) {
    Long requestedAt = state.postRequestedAt();
    boolean guidMayHaveLapsed = requestedAt != null && System.currentTimeMillis() - requestedAt > GUID_TRUST_MS;
    Future<Long> earlier = guidMayHaveLapsed ? lookup.postWithVideo(token(ctx), state.ownerId(), state.videoId()) : Future.succeededFuture(null);
    return earlier.compose(found -> found != null ? keep(ctx, state.posted(found)) : requestPost(ctx, state)).map(VkPublisher::result);
  }

  private Future<VkResume> requestPost(PublishContext ctx, VkResume state) {
    long owner = state.ownerId();
    Future<VkResume> noted = state.postRequestedAt() != null ? Future.succeededFuture(state)
        : keep(ctx, state.postRequested(System.currentTimeMillis()));
    MultiMap params = MultiMap.caseInsensitiveMultiMap().add("owner_id", Long.toString(owner))
        .add("attachments", "video" + owner + "_" + state.videoId()).add("guid", ctx.publicationId().toString());
    if (owner < 0) params.add("from_group", "1");
    if (ctx.caption() != null && !ctx.caption().isEmpty()) params.add("message", ctx.caption());
    return noted.compose(n -> api.call(token(ctx), "wall.post", params).compose(r -> keep(ctx, n.posted(r.getLong("post_id")))));
  }

  private static PublishResult result(VkResume state) {
    long owner = state.ownerId();
    long post = state.postId();
    long video = state.videoId();
    return PublishResult.published(owner + "_" + post, "https://vk.com/wall" + owner + "_" + post, new JsonObject()
        .put("ownerId", owner).put("postId", post).put("videoId", video).put("videoUrl", "https://vk.com/video" + owner + "_" + video));
  }

  /**
   * {@code videoWallpost}: VK posts the video on the wall itself and names no post. The wall is looked at once for it,
   * so the user gets the post's link; when VK has not shown it yet (or will not let us read the wall), the
   * publication is the video, which is what VK put on the wall.
   */
  private Future<PublishResult> postedByVk(PublishContext ctx, VkResume state) {
    return lookup.postWithVideo(token(ctx), state.ownerId(), state.videoId()).otherwise(e -> null)
        .compose(post -> post == null ? Future.succeededFuture(videoResult(state)) : keep(ctx, state.posted(post)).map(VkPublisher::result));
  }

  /** The video as the publication, when the wall post VK made for it is not (yet) to be seen. */
  private static PublishResult videoResult(VkResume state) {
    String ref = state.ownerId() + "_" + state.videoId();
    return PublishResult.published("video" + ref, "https://vk.com/video" + ref, new JsonObject().put("ownerId", state.ownerId())
        .put("videoId", state.videoId()).put("videoUrl", "https://vk.com/video" + ref).put("wallpost", true));
  }

  /** The community to publish in: the target's options first, then the connection's metadata; null = the user's own page. */
  private static Long groupId(PublishContext ctx) {
    Object v = ctx.options().getValue("groupId");
    if (v == null && ctx.account().metadata() != null) v = ctx.account().metadata().getValue("groupId");
    if (v == null) return null;
    try {
      long id = Math.abs(Long.parseLong(v.toString().trim()));
      return id == 0 ? null : id;
    } catch (NumberFormatException e) {
      throw PlatformFailure.permanent(null, "The VK community id '" + v + "' is not a number; pick the community again.");
    }
  }

  /** VK wants a name (≤128 characters); without a title the caption's first line stands in. */
  private static String title(PublishContext ctx) {
    String t = ctx.title();
    if (t != null && !t.isBlank()) return t;
    String caption = ctx.caption() == null ? "" : ctx.caption().strip();
    String line = caption.isEmpty() ? "Video" : caption.lines().findFirst().orElse("Video");
    return line.codePointCount(0, line.length()) <= 128 ? line : line.substring(0, line.offsetByCodePoints(0, 127)) + "…";
  }

  private static String token(PublishContext ctx) {
    return ctx.account().accessToken();
  }
}
