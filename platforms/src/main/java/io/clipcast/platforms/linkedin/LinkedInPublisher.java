package io.clipcast.platforms.linkedin;

import io.clipcast.platforms.ErrorKind;
import io.clipcast.platforms.PlatformFailure;
import io.clipcast.platforms.PublishContext;
import io.clipcast.platforms.PublishResult;
import io.clipcast.platforms.catalog.DailyQuota;
import io.clipcast.platforms.catalog.PlatformRules;
import io.clipcast.platforms.http.ClipSlicer;
import io.clipcast.platforms.http.PositionStream;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One publish attempt (docs/platforms/linkedin.md): {@code initializeUpload} → PUT every part, collecting ETags →
 * {@code finalizeUpload} → wait for {@code AVAILABLE} (pending while processing) → {@code POST /rest/posts}. Every
 * platform id is checkpointed before the next step in {@link LinkedInResume}: the initialized video and its parts, then
 * the ETag of each part, finalizeRequested, finalized, postRequestedAt, postUrn.
 *
 * <p>A retry resumes from that state: parts with an ETag are not sent again (the file is read past them) and the video
 * URN is reused while its part URLs are valid (expired URLs mean initializing anew). A finalize whose answer was lost
 * is recognised by the video's status. A post whose answer was lost is looked for among the author's posts before
 * posting again, and LinkedIn's own duplicate refusal ("duplicate of urn:li:share:…") is taken as the post.
 */
final class LinkedInPublisher {
  private static final Pattern DUPLICATE = Pattern.compile("duplicate of (urn:li:(?:share|ugcPost):[0-9]+)");
  /** Part URLs closer than this to their expiry are not started on: initialize anew instead. */
  private static final long URL_MARGIN_MS = 5 * 60_000;

  private final LinkedInRest rest;
  private final PartUploader uploader;
  private final PlatformRules rules;

  LinkedInPublisher(LinkedInRest rest, PartUploader uploader, PlatformRules rules) {
    this.rest = rest;
    this.uploader = uploader;
    this.rules = rules;
  }

  Future<PublishResult> publish(PublishContext ctx) {
    LinkedInResume state = ctx.resumed(LinkedInResume::from);
    if (state.postUrn() != null) return Future.succeededFuture(result(state));
    PostTarget target;
    try {
      target = PostTarget.of(ctx);
    } catch (PlatformFailure e) {
      return Future.failedFuture(e);
    }
    String author = state.owner() != null ? state.owner() : target.author();
    // a video whose finalize was sent needs no part URLs any more; otherwise they must still be valid to go on
    boolean reusable = state.videoUrn() != null && (state.finalized() || state.finalizeRequested() || urlsValid(state));
    Future<LinkedInResume> ready = reusable ? Future.succeededFuture(state) : initialize(ctx, state, author);
    return ready.compose(s -> s.finalized() ? Future.succeededFuture(s) : uploadAndFinalize(ctx, s, true))
        .compose(s -> video(ctx, s).compose(v -> switch (v.getString("status", "")) {
          case "AVAILABLE" -> post(ctx, s, target.visibility());
          case "PROCESSING_FAILED" -> Future.failedFuture(PlatformFailure.permanent("PROCESSING_FAILED", "LinkedIn could not process the "
              + "video: " + v.getString("processingFailureReason", "no reason given") + ". Check the file (MP4, 3 s – 30 min) and publish again."));
          default -> Future.succeededFuture(PublishResult.pending(new JsonObject()
              .put("videoUrn", s.videoUrn()).put("status", v.getString("status"))));
        }));
  }

  // ---- 1. initialize ----

  private Future<LinkedInResume> initialize(PublishContext ctx, LinkedInResume state, String owner) {
    long size = ctx.clip().sizeBytes();
    long min = rules.media().minFileBytes() == null ? 0L : rules.media().minFileBytes();
    Long max = rules.media().maxFileBytes();
    if (size < min || (max != null && size > max)) {
      return Future.failedFuture(PlatformFailure.permanent("file_size", "LinkedIn accepts videos of " + kb(min) + " to " + kb(max == null ? 0 : max)
          + "; this clip is " + kb(size) + "."));
    }
    JsonObject body = new JsonObject().put("initializeUploadRequest", new JsonObject().put("owner", owner).put("fileSizeBytes", size)
        .put("uploadCaptions", false).put("uploadThumbnail", false));
    return rest.post(token(ctx), "/rest/videos?action=initializeUpload", body, "starting the video upload", ctx.timeZone()).compose(r -> {
      JsonObject value = LinkedInRest.json(r).getJsonObject("value", new JsonObject());
      List<LinkedInResume.Part> parts = parts(value.getJsonArray("uploadInstructions", new JsonArray()), size);
      if (value.getString("video") == null || parts == null) {
        return Future.failedFuture(PlatformFailure.retryable(null, "LinkedIn's answer to initializeUpload was incomplete; it will be retried."));
      }
      return keep(ctx, state.initialized(value.getString("video"), owner, value.getString("uploadToken", ""),
          value.getLong("uploadUrlsExpireAt"), parts));
    });
  }

  /** The instructions as parts, or null unless they cover the file exactly, in order. */
  private static List<LinkedInResume.Part> parts(JsonArray instructions, long size) {
    List<LinkedInResume.Part> out = new ArrayList<>();
    long next = 0;
    for (Object o : instructions) {
      if (!(o instanceof JsonObject i) || i.getString("uploadUrl") == null || i.getLong("firstByte") == null || i.getLong("lastByte") == null
          || i.getLong("firstByte") != next || i.getLong("lastByte") < next) return null;
      out.add(new LinkedInResume.Part(i.getString("uploadUrl"), next, i.getLong("lastByte")));
      next = i.getLong("lastByte") + 1;
    }
    return next == size && !out.isEmpty() ? out : null;
  }

  private static boolean urlsValid(LinkedInResume state) {
    Long expires = state.uploadUrlsExpireAt();
    return expires == null || expires - System.currentTimeMillis() > URL_MARGIN_MS;
  }

  // ---- 2-3. parts and finalize ----

  private Future<LinkedInResume> uploadAndFinalize(PublishContext ctx, LinkedInResume s, boolean mayInitializeAgain) {
    // an earlier attempt may have finalized without hearing back: the video has left WAITING_UPLOAD then
    Future<Boolean> finalizedBefore = s.finalizeRequested()
        ? video(ctx, s).map(v -> !"WAITING_UPLOAD".equals(v.getString("status"))) : Future.succeededFuture(false);
    return finalizedBefore.compose(done -> done ? keep(ctx, s.finalizedNow())
            : uploadParts(ctx, s).compose(uploaded -> finalizeUpload(ctx, uploaded)))
        .recover(e -> {
          if (!(e instanceof PartUploader.UrlExpired)) return Future.failedFuture(e);
          if (!mayInitializeAgain) {
            return Future.failedFuture(PlatformFailure.retryable("upload_url_expired", "LinkedIn's upload URLs expired; it will be retried."));
          }
          return initialize(ctx, s, s.owner()).compose(fresh -> uploadAndFinalize(ctx, fresh, false));
        });
  }

  private Future<LinkedInResume> uploadParts(PublishContext ctx, LinkedInResume s) {
    List<LinkedInResume.Part> parts = s.parts();
    int from = s.etags().size();
    if (from >= parts.size()) return Future.succeededFuture(s);
    return ctx.clip().open().compose(clip -> {
      ClipSlicer cut = new ClipSlicer(clip.body());
      return cut.skip(parts.get(from).firstByte())
          .compose(v -> uploadFrom(ctx, s, cut, from))
          .eventually(clip::close);
    });
  }

  private Future<LinkedInResume> uploadFrom(PublishContext ctx, LinkedInResume s, ClipSlicer cut, int index) {
    if (index >= s.parts().size()) return Future.succeededFuture(s);
    LinkedInResume.Part p = s.parts().get(index);
    long length = p.length();
    return uploader.put(p.url(), index, length, PositionStream.from(cut.next(length), p.firstByte(), ctx::progress))
        .compose(etag -> keep(ctx, s.partSent(etag)))
        .compose(next -> uploadFrom(ctx, next, cut, index + 1));
  }

  private Future<LinkedInResume> finalizeUpload(PublishContext ctx, LinkedInResume s) {
    JsonObject body = new JsonObject().put("finalizeUploadRequest", new JsonObject().put("video", s.videoUrn())
        .put("uploadToken", s.uploadToken() == null ? "" : s.uploadToken()).put("uploadedPartIds", new JsonArray(new ArrayList<>(s.etags()))));
    return keep(ctx, s.finalizeSent())
        .compose(requested -> rest.post(token(ctx), "/rest/videos?action=finalizeUpload", body, "finishing the video upload", ctx.timeZone())
            .compose(r -> keep(ctx, requested.finalizedNow())));
  }

  // ---- 4. status ----

  private Future<JsonObject> video(PublishContext ctx, LinkedInResume s) {
    return rest.get(token(ctx), "/rest/videos/" + LinkedInRest.encode(s.videoUrn()), "checking the video", ctx.timeZone())
        .map(LinkedInRest::json);
  }

  // ---- 5. post ----

  private Future<PublishResult> post(PublishContext ctx, LinkedInResume s, String visibility) {
    Future<LinkedInResume> earlier = s.postRequestedAt() != null
        ? findPost(ctx, s).compose(found -> found == null ? Future.succeededFuture(null) : keep(ctx, s.posted(found)))
        : Future.succeededFuture(null);
    return earlier.compose(found -> found != null ? Future.succeededFuture(found) : createPost(ctx, s, visibility))
        .map(LinkedInPublisher::result);
  }

  /** Posts the video (after noting when, the first time) and saves the post's URN. */
  private Future<LinkedInResume> createPost(PublishContext ctx, LinkedInResume s, String visibility) {
    boolean first = s.postRequestedAt() == null;
    String scope = ctx.account().externalAccountId();
    LocalDate day = LocalDate.now(ZoneOffset.UTC);
    long perDay = rules.dailyQuota().map(DailyQuota::perDay).orElse(0L);
    Future<Boolean> reserved = first && perDay > 0 ? ctx.quota().reserve(scope, day, 1, perDay) : Future.succeededFuture(true);
    return reserved.compose(ok -> {
      if (!ok) return Future.failedFuture(LinkedInErrors.dailyLimit("daily_quota", "posts by this account (" + perDay + " a day)", ctx.timeZone()));
      Future<LinkedInResume> noted = first ? keep(ctx, s.postRequested(System.currentTimeMillis())) : Future.succeededFuture(s);
      return noted.compose(n -> rest.post(token(ctx), "/rest/posts", postBody(ctx, s, visibility), "creating the post", ctx.timeZone())
          .compose(r -> {
            String urn = r.getHeader("x-restli-id");
            return urn != null ? Future.succeededFuture(urn) : findPost(ctx, s).compose(found -> found != null ? Future.succeededFuture(found)
                : Future.failedFuture(PlatformFailure.retryable(null, "LinkedIn accepted the post without naming it; it will be checked and retried.")));
          })
          .recover(e -> afterFailedPost(ctx, s, e, first && perDay > 0, scope, day))
          .compose(urn -> keep(ctx, n.posted(urn))));
    });
  }

  private Future<String> afterFailedPost(PublishContext ctx, LinkedInResume s, Throwable e, boolean reserved, String scope, LocalDate day) {
    if (!(e instanceof PlatformFailure f)) return Future.failedFuture(e);
    Matcher duplicate = DUPLICATE.matcher(String.valueOf(f.getMessage()));
    if (duplicate.find()) return Future.succeededFuture(duplicate.group(1));   // LinkedIn has the post from an earlier request
    if ("network".equals(f.platformCode())) {
      // the request may have been carried out: look before the next attempt posts again
      return findPost(ctx, s).compose(found -> found != null ? Future.succeededFuture(found) : Future.failedFuture(new PlatformFailure(
          ErrorKind.RETRYABLE, f.platformCode(), "The post was sent to LinkedIn but not confirmed; it will be checked and retried.", 0, f)));
    }
    Future<Void> released = reserved && f.kind() == ErrorKind.PERMANENT ? ctx.quota().release(scope, day, 1) : Future.succeededFuture();
    return released.transform(ar -> Future.failedFuture(f));
  }

  /** The author's post that carries this video, or null (also when LinkedIn will not list the author's posts). */
  private Future<String> findPost(PublishContext ctx, LinkedInResume s) {
    String video = s.videoUrn();
    return rest.get(token(ctx), "/rest/posts?q=author&author=" + LinkedInRest.encode(s.owner()) + "&count=50&sortBy=LAST_MODIFIED",
            "looking for the post", ctx.timeZone())
        .map(r -> {
          for (Object o : LinkedInRest.json(r).getJsonArray("elements", new JsonArray())) {
            if (o instanceof JsonObject p && p.getJsonObject("content") != null && p.getJsonObject("content").getJsonObject("media") != null
                && video.equals(p.getJsonObject("content").getJsonObject("media").getString("id"))) return p.getString("id");
          }
          return (String) null;
        })
        // without r_member_social the finder is refused; LinkedIn's duplicate refusal still stops a second post
        .recover(e -> e instanceof PlatformFailure f && f.kind() == ErrorKind.PERMANENT ? Future.succeededFuture(null) : Future.failedFuture(e));
  }

  private static JsonObject postBody(PublishContext ctx, LinkedInResume s, String visibility) {
    JsonObject media = new JsonObject().put("id", s.videoUrn());
    if (ctx.title() != null && !ctx.title().isBlank()) media.put("title", ctx.title());
    return new JsonObject().put("author", s.owner()).put("commentary", LittleText.escape(ctx.caption()))
        .put("visibility", visibility)
        .put("distribution", new JsonObject().put("feedDistribution", "MAIN_FEED").put("targetEntities", new JsonArray())
            .put("thirdPartyDistributionChannels", new JsonArray()))
        .put("content", new JsonObject().put("media", media)).put("lifecycleState", "PUBLISHED").put("isReshareDisabledByAuthor", false);
  }

  private static PublishResult result(LinkedInResume s) {
    String urn = s.postUrn();
    return PublishResult.published(urn, "https://www.linkedin.com/feed/update/" + urn + "/", new JsonObject().put("postUrn", urn)
        .put("videoUrn", s.videoUrn()).put("author", s.owner()));
  }

  // ---- helpers ----

  private static Future<LinkedInResume> keep(PublishContext ctx, LinkedInResume next) {
    return ctx.checkpoint(next).map(v -> next);
  }

  private static String token(PublishContext ctx) {
    return ctx.account().accessToken();
  }

  private static String kb(long bytes) {
    return bytes >= 1024 * 1024 ? (bytes / (1024 * 1024)) + " MB" : (bytes / 1024) + " KB";
  }
}
