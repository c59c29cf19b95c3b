package io.clipcast.platforms.youtube;

import io.clipcast.platforms.ErrorKind;
import io.clipcast.platforms.PlatformFailure;
import io.clipcast.platforms.PublishContext;
import io.clipcast.platforms.PublishResult;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonObject;

import java.time.ZoneId;

/**
 * One publish call for YouTube Shorts (docs/platforms/youtube.md), resuming from {@code upload_state}:
 * <ol>
 *   <li>check the Short and its text, reserve the day's insert quota ({@code quotaHold}) or defer to the reset;</li>
 *   <li>start a resumable session and checkpoint its URI ({@code sessionUri}, {@code total}) before the first byte;</li>
 *   <li>stream the clip in chunks; after an interruption — within this attempt, or in a later one after a crash — ask
 *       {@code bytes *}{@code /TOTAL} and continue the same session from YouTube's {@code Range} (a session YouTube
 *       no longer knows is the only reason to start a new one);</li>
 *   <li>checkpoint {@code videoId}, then poll processing with videos.list: pending until {@code processed}; then
 *       {@link AuditLock} reads {@code status.privacyStatus} (an unaudited project's upload is private whatever was asked).</li>
 * </ol>
 */
final class YouTubePublisher {
  private final YouTubeRules rules;
  private final UploadQuota quota;
  private final ResumableUpload upload;
  private final YouTubeData data;
  private final AuditLock lock;

  YouTubePublisher(YouTubeRules rules, UploadQuota quota, ResumableUpload upload, YouTubeData data, AuditLock lock) {
    this.rules = rules;
    this.quota = quota;
    this.upload = upload;
    this.data = data;
    this.lock = lock;
  }

  Future<PublishResult> publish(PublishContext ctx) {
    YouTubeResume state = ctx.resumed(YouTubeResume::from);
    if (state.videoId() != null) return poll(ctx, state.videoId());
    if (state.sessionUri() != null) return resume(ctx, state);
    return begin(ctx, state);
  }

  private Future<PublishResult> begin(PublishContext ctx, YouTubeResume state) {
    ShortsMetadata metadata;
    try {
      metadata = ShortsMetadata.of(ctx, rules);
    } catch (PlatformFailure f) {
      return Future.failedFuture(f);
    }
    long total = ctx.clip().sizeBytes();
    // one reservation per session start: a retry after a failed start reuses it instead of counting the insert twice
    Future<YouTubeResume> held = state.quotaHold() != null ? Future.succeededFuture(state)
        : quota.reserveInsert(ctx).compose(hold -> keep(ctx, state.held(hold)));
    return held
        .compose(h -> upload.start(token(ctx), metadata, total, ctx.clip().contentType(), ctx.timeZone()).recover(e -> {
          if (!(e instanceof PlatformFailure f) || !"quotaExceeded".equals(f.platformCode())) return Future.failedFuture(e);
          // Google's count is ahead of ours (another client of the project): ours is marked full, the hold is spent
          return quota.markExhausted(ctx).compose(x -> keep(ctx, h.held(null))).compose(x -> Future.failedFuture(e));
        }).compose(uri -> keep(ctx, h.session(uri, total, System.currentTimeMillis()))))
        .compose(session -> send(ctx, session, session.sessionUri(), total, 0));
  }

  private Future<PublishResult> resume(PublishContext ctx, YouTubeResume state) {
    String uri = state.sessionUri();
    long total = state.total() != null ? state.total() : ctx.clip().sizeBytes();
    return upload.probe(token(ctx), uri, total, ctx.timeZone()).compose(position -> {
      if (position instanceof ResumableUpload.Done done) return uploaded(ctx, state, done.video());
      if (position instanceof ResumableUpload.Next next) return send(ctx, state, uri, total, next.next());
      // YouTube no longer knows the session (it expired): the only case where a publication starts a second one
      return keep(ctx, state.sessionExpired()).compose(expired -> begin(ctx, expired));
    });
  }

  /** Streams bytes {@code from..total-1} of the clip to the session, resuming within this attempt when it is interrupted. */
  private Future<PublishResult> send(PublishContext ctx, YouTubeResume state, String uri, long total, long from) {
    return transfer(ctx, uri, total, from, 0).compose(video -> uploaded(ctx, state, video));
  }

  /**
   * One pass over the clip from {@code from}; on a lost connection or a 5xx, Google's recipe: wait (exponential, with
   * jitter), ask where the upload stands and go on from there, up to {@code resumesPerAttempt} times. A chunk refused as
   * a bad request is resumed the same way: the upload may have moved on under it (a worker that died mid-chunk had
   * already written that chunk into its socket, and it still arrived); a request that is really malformed is refused
   * again and fails with that refusal once the resumes are spent.
   */
  private Future<JsonObject> transfer(PublishContext ctx, String uri, long total, long from, int resumed) {
    return pass(ctx, uri, total, from).recover(e -> {
      if (resumed >= rules.resumesPerAttempt() || !(e instanceof PlatformFailure f)
          || f.kind() != ErrorKind.RETRYABLE && !"badRequest".equals(f.platformCode())) {
        return Future.failedFuture(e);
      }
      long delay = (long) (rules.resumeBackoffMs() * Math.pow(2, resumed) * (0.5 + Math.random() / 2));
      Promise<Void> waited = Promise.promise();
      ctx.vertx().setTimer(Math.max(1, delay), t -> waited.complete());
      return waited.future().compose(v -> upload.probe(token(ctx), uri, total, ctx.timeZone())).compose(position -> {
        if (position instanceof ResumableUpload.Done done) return Future.succeededFuture(done.video());
        if (position instanceof ResumableUpload.Next next) return transfer(ctx, uri, total, next.next(), resumed + 1);
        return Future.failedFuture(e);   // the session is gone: the next attempt starts a new one
      });
    });
  }

  private Future<JsonObject> pass(PublishContext ctx, String uri, long total, long from) {
    return ctx.clip().open()
        .recover(e -> Future.failedFuture(PlatformFailure.retryable(null, "The clip could not be read from storage (" + e.getMessage()
            + "); it will be retried.")))
        .compose(stream -> {
          ClipCursor cursor = new ClipCursor(stream.body());
          ctx.progress(from);
          return cursor.skip(from).compose(v -> chunks(ctx, uri, cursor, from, total)).eventually(stream::close);
        });
  }

  private Future<JsonObject> chunks(PublishContext ctx, String uri, ClipCursor cursor, long from, long total) {
    if (from >= total) {
      return Future.failedFuture(PlatformFailure.retryable(null, "YouTube has every byte but did not finish the upload; it will be checked again."));
    }
    long length = Math.min(rules.chunkBytes(), total - from);
    return upload.sendChunk(token(ctx), uri, cursor, from, length, total, ctx.clip().contentType(), ctx::progress, ctx.timeZone())
        .compose(position -> {
          if (position instanceof ResumableUpload.Done done) return Future.succeededFuture(done.video());
          if (position instanceof ResumableUpload.Next next && next.next() == from + length) return chunks(ctx, uri, cursor, next.next(), total);
          if (position instanceof ResumableUpload.Next next) {
            return Future.failedFuture(PlatformFailure.retryable(null, "YouTube kept " + next.next() + " of the " + (from + length)
                + " bytes sent; the upload resumes from there."));
          }
          return Future.failedFuture(PlatformFailure.retryable(null, "The YouTube upload session expired during the upload; "
              + "a new one will be started."));
        });
  }

  private Future<PublishResult> uploaded(PublishContext ctx, YouTubeResume state, JsonObject video) {
    String id = video.getString("id");
    return ctx.checkpoint(state.uploaded(id, System.currentTimeMillis()))
        .map(v -> verdict(ctx, id, video));
  }

  private Future<PublishResult> poll(PublishContext ctx, String videoId) {
    ZoneId zone = ctx.timeZone();
    return data.video(token(ctx), videoId, "status,processingDetails", zone)
        .compose(video -> quota.spendRead(ctx.quota()).map(v -> video))
        .map(video -> {
          if (video == null) {
            throw PlatformFailure.permanent("deleted", "YouTube no longer has the uploaded video " + videoId + " (it was deleted or removed).");
          }
          return verdict(ctx, videoId, video);
        });
  }

  /** What the video's {@code status.uploadStatus} means for the publication. */
  private PublishResult verdict(PublishContext ctx, String id, JsonObject video) {
    JsonObject status = video.getJsonObject("status", new JsonObject());
    String upload = status.getString("uploadStatus", "uploaded");
    JsonObject detail = new JsonObject().put("videoId", id).put("uploadStatus", upload).put("privacyStatus", status.getString("privacyStatus"));
    switch (upload) {
      case "processed":
        return lock.published(id, String.valueOf(ctx.options().getValue("privacy", rules.defaultPrivacy())), detail);
      case "uploaded": {
        JsonObject processing = video.getJsonObject("processingDetails");
        if (processing != null) detail.put("processing", processing);
        return PublishResult.pending(detail);
      }
      case "failed":
        throw PlatformFailure.permanent("failed:" + status.getString("failureReason", "unknown"), "YouTube could not process the video ("
            + status.getString("failureReason", "no reason given") + "). Check the file plays correctly, then publish it again.");
      case "rejected": {
        String reason = status.getString("rejectionReason", "unknown");
        throw PlatformFailure.permanent("rejected:" + reason, switch (reason) {
          case "duplicate" -> "YouTube rejected the video as a duplicate of one already on this channel.";
          case "claim", "copyright" -> "YouTube rejected the video over a copyright claim.";
          case "length" -> "YouTube rejected the video for its length.";
          case "inappropriate", "termsOfUse" -> "YouTube rejected the video as against its community guidelines or terms.";
          default -> "YouTube rejected the video (" + reason + ").";
        });
      }
      default:
        throw PlatformFailure.permanent(upload, "YouTube reports the video as " + upload + ".");
    }
  }

  private static Future<YouTubeResume> keep(PublishContext ctx, YouTubeResume next) {
    return ctx.checkpoint(next).map(v -> next);
  }

  private static String token(PublishContext ctx) {
    return ctx.account().accessToken();
  }
}
