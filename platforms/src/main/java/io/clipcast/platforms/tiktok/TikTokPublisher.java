package io.clipcast.platforms.tiktok;

import io.clipcast.platforms.PlatformFailure;
import io.clipcast.platforms.PublishContext;
import io.clipcast.platforms.PublishResult;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;

/**
 * One publish attempt by Direct Post (docs/platforms/tiktok.md): {@code creator_info/query} → decide the post's settings
 * ({@link PostSettings}) → {@code video/init} → chunk upload ({@link ChunkUploader}) or TikTok's own pull of the signed
 * media URL → {@code status/fetch} until {@code PUBLISH_COMPLETE} or {@code FAILED}. Checkpoints, each before the next
 * step, in {@link TikTokResume}: the intent, then the opened post (publish id, upload URL, chunk plan), uploaded, the video id.
 *
 * <p>A retry resumes: with a {@code publishId} it asks {@code status/fetch} how many bytes TikTok holds and sends only the
 * rest (never a second init for the same publication while that post lives); a post that ended FAILED is forgotten so
 * the retry starts a new one. A FILE_UPLOAD init whose answer was lost is harmless to repeat (a post without bytes never
 * goes out); a lost PULL_FROM_URL init cannot be checked (TikTok may be pulling) and ends {@code unknown}. While TikTok
 * processes, the attempt that delivered the bytes polls a few times (≈2.5 s), then returns pending; each recheck (spaced by
 * the catalog's tiktok {@code recheck} block) is one status call.
 */
final class TikTokPublisher {
  static final List<Long> QUICK_POLLS_MS = List.of(300L, 700L, 1500L);
  /** Why a post that is not public has no counters: not an error (docs/platforms/tiktok.md, "Statistics"). */
  static final String NO_STATS = "none: TikTok gives no video id, hence no view or like counters, for a post that is not public";

  private final TikTokApi api;
  private final ChunkUploader uploader;
  private final boolean audited;

  TikTokPublisher(TikTokApi api, ChunkUploader uploader, boolean audited) {
    this.api = api;
    this.uploader = uploader;
    this.audited = audited;
  }

  Future<PublishResult> publish(PublishContext ctx) {
    TikTokResume state = ctx.resumed(TikTokResume::from);
    if (state.videoId() != null) return Future.succeededFuture(published(state, state.videoId()));
    if (state.publishId() != null) return resume(ctx, state);
    if (state.initRequestedAt() != null && state.pulled()) {
      return Future.failedFuture(PlatformFailure.outcomeUnknown("TikTok was asked to download the clip but its answer never came, and"
          + " TikTok offers no way to look the request up.", null));
    }
    return start(ctx, true);
  }

  // ---- a new post ----

  private Future<PublishResult> start(PublishContext ctx, boolean mayStartAgain) {
    String token = token(ctx);
    return api.post(token, "/v2/post/publish/creator_info/query/", new JsonObject(), "reading the account's posting options", ctx.timeZone())
        .compose(creator -> {
          PostSettings post = PostSettings.decide(ctx, creator, audited);
          JsonObject source = new JsonObject().put("source", post.source());
          ChunkPlan plan = null;
          if (post.source().equals("FILE_UPLOAD")) {
            try {
              plan = ChunkPlan.of(ctx.clip().sizeBytes());
            } catch (IllegalArgumentException e) {
              return Future.failedFuture(PlatformFailure.permanent("invalid_file_upload", "TikTok cannot take this file: " + e.getMessage() + "."));
            }
            source.put("video_size", plan.videoSize()).put("chunk_size", plan.chunkSize()).put("total_chunk_count", plan.totalChunks());
          } else {
            String url = ctx.clip().mediaUrl();
            if (url == null || url.isBlank()) {
              return Future.failedFuture(PlatformFailure.permanent(null, "This clip has no public link for TikTok to download it from."));
            }
            source.put("video_url", url);
          }
          TikTokResume intent = ctx.resumed(TikTokResume::from).intent(System.currentTimeMillis(), post.source(), post.privacyLevel(),
              creator.getString("creator_username"));
          ChunkPlan chosen = plan;
          return ctx.checkpoint(intent)
              .compose(v -> api.post(token, "/v2/post/publish/video/init/", new JsonObject().put("post_info", post.postInfo())
                  .put("source_info", source), "creating the post", ctx.timeZone()))
              .compose(data -> {
                TikTokResume s = intent.opened(data.getString("publish_id"), data.getString("upload_url"), chosen);
                return ctx.checkpoint(s).compose(v -> chosen == null ? settle(ctx, s, 0)
                    : send(ctx, s, 0, mayStartAgain, true));
              });
        });
  }

  // ---- resuming ----

  private Future<PublishResult> resume(PublishContext ctx, TikTokResume state) {
    // a recheck of a post TikTok is processing: one status call, no quick polls (keeps within 30/min)
    if (!"FILE_UPLOAD".equals(state.source()) || state.uploaded()) return settle(ctx, state, QUICK_POLLS_MS.size());
    return fetch(ctx, state).compose(status -> {
      if ("FAILED".equals(status.getString("status"))) return failed(ctx, state, status);
      long have = status.getLong("uploaded_bytes", 0L);
      if (have >= state.videoSize()) return markUploaded(ctx, state).compose(s -> settle(ctx, s, 0));
      return send(ctx, state, have, true, true);
    });
  }

  /** Uploads from {@code offset}; an expired URL starts a new post once, an out-of-step upload re-reads the offset once. */
  private Future<PublishResult> send(PublishContext ctx, TikTokResume state, long offset, boolean mayStartAgain, boolean mayResync) {
    return uploader.upload(ctx, state.uploadUrl(), state.plan(), offset)
        .compose(v -> markUploaded(ctx, state))
        .compose(s -> settle(ctx, s, 0))
        .recover(e -> {
          if (e instanceof ChunkUploader.UrlGone && mayStartAgain) return forget(ctx, state).compose(v -> start(ctx, false));
          if (e instanceof ChunkUploader.UrlGone) return Future.failedFuture(PlatformFailure.retryable(null, e.getMessage() + "; it will be retried."));
          if (e instanceof ChunkUploader.OutOfStep && mayResync) {
            return fetch(ctx, state).compose(status -> send(ctx, state, status.getLong("uploaded_bytes", 0L), mayStartAgain, false));
          }
          if (e instanceof ChunkUploader.OutOfStep) return Future.failedFuture(PlatformFailure.retryable(null, e.getMessage() + "; it will be retried."));
          return Future.failedFuture(e);
        });
  }

  private static Future<TikTokResume> markUploaded(PublishContext ctx, TikTokResume state) {
    TikTokResume done = state.uploadedNow();
    return ctx.checkpoint(done).map(v -> done);
  }

  // ---- waiting for TikTok ----

  private Future<JsonObject> fetch(PublishContext ctx, TikTokResume state) {
    return api.post(token(ctx), "/v2/post/publish/status/fetch/", new JsonObject().put("publish_id", state.publishId()),
        "checking the post's status", ctx.timeZone());
  }

  private Future<PublishResult> settle(PublishContext ctx, TikTokResume state, int poll) {
    return fetch(ctx, state).compose(status -> {
      String s = status.getString("status", "");
      switch (s) {
        case "PUBLISH_COMPLETE":
        case "SEND_TO_USER_INBOX":
          return complete(ctx, state, status);
        case "FAILED":
          return failed(ctx, state, status);
        default:
          if (poll < QUICK_POLLS_MS.size()) {
            return ctx.vertx().timer(QUICK_POLLS_MS.get(poll)).compose(t -> settle(ctx, state, poll + 1));
          }
          return Future.succeededFuture(PublishResult.pending(new JsonObject().put("publishId", state.publishId())
              .put("status", s).put("uploadedBytes", status.getLong("uploaded_bytes")).put("downloadedBytes", status.getLong("downloaded_bytes"))));
      }
    });
  }

  private Future<PublishResult> complete(PublishContext ctx, TikTokResume state, JsonObject status) {
    JsonArray ids = status.getJsonArray("publicaly_available_post_id", new JsonArray());
    if (!ids.isEmpty()) return adopt(ctx, state, String.valueOf(ids.getValue(0)));
    if ("PUBLIC_TO_EVERYONE".equals(state.privacyLevel())) {
      // public posts get their id once moderation passes (usually < 1 min, sometimes hours)
      return Future.succeededFuture(PublishResult.pending(new JsonObject()
          .put("publishId", state.publishId()).put("status", "PUBLISH_COMPLETE").put("waitingFor", "moderation")));
    }
    // a post that is not public never gets an id, and video/list lists public videos only: the status is all TikTok says
    return Future.succeededFuture(PublishResult.published(state.publishId(), profileUrl(state), new JsonObject()
        .put("publishId", state.publishId()).put("status", status.getString("status")).put("privacyLevel", state.privacyLevel())
        .put("note", "TikTok published the post as " + state.privacyLevel() + " and names no video for a post that is not public; it is"
            + " on the account's profile.").put("stats", NO_STATS)));
  }

  private Future<PublishResult> adopt(PublishContext ctx, TikTokResume state, String videoId) {
    return ctx.checkpoint(state.video(videoId)).map(v -> published(state, videoId));
  }

  /** FAILED: the post is dead; forget it so a retry starts anew, and say why. */
  private Future<PublishResult> failed(PublishContext ctx, TikTokResume state, JsonObject status) {
    PlatformFailure why = TikTokErrors.failReason(status.getString("fail_reason"), ctx.timeZone());
    return forget(ctx, state).compose(v -> Future.failedFuture(why));
  }

  private static Future<Void> forget(PublishContext ctx, TikTokResume state) {
    return ctx.checkpoint(state.forgotten());
  }

  private static PublishResult published(TikTokResume state, String videoId) {
    String user = state.username();
    String url = user == null ? "https://www.tiktok.com/video/" + videoId : "https://www.tiktok.com/@" + user + "/video/" + videoId;
    return PublishResult.published(videoId, url, new JsonObject().put("publishId", state.publishId())
        .put("videoId", videoId).put("privacyLevel", state.privacyLevel()));
  }

  private static String profileUrl(TikTokResume state) {
    String user = state.username();
    return user == null ? "https://www.tiktok.com/" : "https://www.tiktok.com/@" + user;
  }

  private static String token(PublishContext ctx) {
    return ctx.account().accessToken();
  }
}
