package io.clipcast.platforms.facebook;

import io.clipcast.platforms.ErrorKind;
import io.clipcast.platforms.PlatformFailure;
import io.clipcast.platforms.PublishContext;
import io.clipcast.platforms.PublishResult;
import io.clipcast.platforms.meta.Deferrals;
import io.clipcast.platforms.meta.GraphApiError;
import io.clipcast.platforms.meta.GraphClient;
import io.clipcast.platforms.meta.MetaErrors;
import io.clipcast.platforms.meta.MetaTimeouts;
import io.clipcast.platforms.meta.Polling;
import io.clipcast.platforms.meta.RuploadClient;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;

/**
 * One publish attempt (docs/platforms/facebook.md): {@code video_reels upload_phase=start} → stream the
 * bytes to rupload ({@code offset}/{@code file_size}) → {@code upload_phase=finish} with {@code video_state=PUBLISHED}
 * → poll {@code status} until the publishing phase is complete. Saved before each next step:
 * {@link FbResume} (the reel's id and upload URL, then uploaded, finishRequestedAt, finished, published).
 *
 * <p>A retry resumes from that state: the upload continues at Meta's {@code uploading_phase.bytes_transferred} (also
 * within an attempt, twice, when the connection drops), and a finish whose answer was lost is not sent again once the
 * status shows it arrived. The Page's 30 reels per 24 h (code 9, at start or, where Meta enforces it, at the finish that
 * publishes: docs/platforms/facebook.md "Clipcast vs. the sources") defers the job until the oldest reel of the window
 * leaves it (read from the Page's reels; an hour when that cannot be told). A finish refused for the cap is sent again
 * after the deferral; the uploaded bytes are kept.
 */
final class FbPublisher {
  private static final int RESUMES_PER_ATTEMPT = 2;
  private static final long CAP_RECHECK_SECONDS = 3600;
  private static final long DAY_SECONDS = 86_400;
  private static final DateTimeFormatter GRAPH_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssZ");

  private final GraphClient graph;
  private final RuploadClient rupload;
  private final MetaTimeouts timeouts;

  FbPublisher(GraphClient graph, RuploadClient rupload, MetaTimeouts timeouts) {
    this.graph = graph;
    this.rupload = rupload;
    this.timeouts = timeouts;
  }

  Future<PublishResult> publish(PublishContext ctx) {
    FbResume s = ctx.resumed(FbResume::from);
    if (s.published()) return Future.succeededFuture(result(ctx, s));
    Future<FbResume> started = s.videoId() != null ? Future.succeededFuture(s) : start(ctx, s);
    return started.compose(st -> upload(ctx, st, RESUMES_PER_ATTEMPT)).compose(st -> finish(ctx, st)).compose(st -> settle(ctx, st));
  }

  private Future<FbResume> start(PublishContext ctx, FbResume state) {
    return graph.post(token(ctx), page(ctx) + "/video_reels", GraphClient.params("upload_phase", "start"))
        .recover(e -> isCap(e) ? capReached(ctx) : Future.failedFuture(MetaErrors.classify(e, "Facebook", "starting the reel upload")))
        .compose(r -> keep(ctx, state.started(r.getString("video_id"), r.getString("upload_url"))));
  }

  private static boolean isCap(Throwable e) {
    return e instanceof GraphApiError g && g.code() == 9;
  }

  /** The Page's daily reel cap as a deferral until a reel leaves the 24 h window. */
  private <T> Future<T> capReached(PublishContext ctx) {
    return capFreesAt(ctx).compose(until -> Future.failedFuture(Deferrals.cap("9", "Facebook allows 30 reels per Page in 24 hours"
        + " and " + ctx.account().displayName() + " has reached it", until, ctx.timeZone())));
  }

  /** When the oldest reel of the last 24 h leaves the window (from the Page's reels), else an hour from now. */
  private Future<Instant> capFreesAt(PublishContext ctx) {
    return graph.get(token(ctx), page(ctx) + "/video_reels", GraphClient.params("fields", "id,created_time", "limit", "100"))
        .map(r -> {
          Instant cutoff = Instant.now().minusSeconds(DAY_SECONDS);
          Instant oldest = null;
          for (Object o : r.getJsonArray("data", new JsonArray())) {
            Instant at = time(((JsonObject) o).getString("created_time"));
            if (at != null && at.isAfter(cutoff) && (oldest == null || at.isBefore(oldest))) oldest = at;
          }
          return oldest == null ? Instant.now().plusSeconds(CAP_RECHECK_SECONDS) : oldest.plusSeconds(DAY_SECONDS + 60);
        })
        .otherwise(e -> Instant.now().plusSeconds(CAP_RECHECK_SECONDS));
  }

  private static Instant time(String graphTime) {
    try {
      return graphTime == null ? null : OffsetDateTime.parse(graphTime, GRAPH_TIME).toInstant();
    } catch (RuntimeException e) {
      return null;
    }
  }

  private Future<JsonObject> status(PublishContext ctx, FbResume st) {
    return graph.get(token(ctx), st.videoId(), GraphClient.params("fields", "status"))
        .recover(e -> Future.failedFuture(MetaErrors.classify(e, "Facebook", "checking the reel")))
        .map(r -> r.getJsonObject("status", new JsonObject()));
  }

  /** Sends what Meta does not have yet, from its {@code bytes_transferred}. */
  private Future<FbResume> upload(PublishContext ctx, FbResume st, int resumesLeft) {
    if (st.uploaded()) return Future.succeededFuture(st);
    return status(ctx, st).compose(status -> {
      JsonObject phase = status.getJsonObject("uploading_phase", new JsonObject());
      long have = phase.getLong("bytes_transferred", 0L);
      if ("complete".equals(phase.getString("status")) || have >= ctx.clip().sizeBytes()) return keep(ctx, st.uploadedNow());
      return rupload.upload(st.uploadUrl(), token(ctx), have, ctx).compose(r -> keep(ctx, st.uploadedNow())).recover(e -> {
        boolean interrupted = e instanceof PlatformFailure f && (f.kind() == ErrorKind.RETRYABLE || f.kind() == ErrorKind.OUTCOME_UNKNOWN)
            || e instanceof RuploadClient.Refused r && (r.retriable || r.type.equals("OffsetInvalidError"));
        if (interrupted && resumesLeft > 0) return upload(ctx, st, resumesLeft - 1);
        if (e instanceof RuploadClient.Refused r) {
          // an offset Meta still disagrees with after the resumes above: bytes of an earlier connection (a worker that
          // died mid-upload) may still be arriving, so the next attempt reads bytes_transferred again; never a failure for good
          return Future.failedFuture(r.retriable || r.type.equals("OffsetInvalidError")
              ? PlatformFailure.retryable("rupload", "Facebook's upload server asked to retry (" + r.getMessage() + ").")
              : PlatformFailure.permanent("rupload", "Facebook's upload server refused the file (" + r.getMessage() + ")."));
        }
        if (e instanceof PlatformFailure f && f.kind() == ErrorKind.OUTCOME_UNKNOWN) {
          return Future.failedFuture(new PlatformFailure(ErrorKind.RETRYABLE, null, "The upload to Facebook was not confirmed; it will"
              + " resume from what Facebook received.", 0, f));
        }
        return Future.failedFuture(e);
      });
    });
  }

  private static Future<FbResume> keep(PublishContext ctx, FbResume next) {
    return ctx.checkpoint(next).map(v -> next);
  }

  private Future<FbResume> finish(PublishContext ctx, FbResume st) {
    if (st.finished()) return Future.succeededFuture(st);
    // a finish sent before whose answer was lost: the status says whether it arrived
    Future<Boolean> arrived = st.finishRequestedAt() == null ? Future.succeededFuture(false)
        : status(ctx, st).map(s -> !"not_started".equals(s.getJsonObject("processing_phase", new JsonObject()).getString("status", "not_started"))
            || !"not_started".equals(s.getJsonObject("publishing_phase", new JsonObject()).getString("status", "not_started")));
    return arrived.compose(already -> {
      if (already) return keep(ctx, st.finishedNow());
      var params = GraphClient.params("upload_phase", "finish", "video_id", st.videoId(), "video_state", "PUBLISHED",
          "description", ctx.caption(), "title", ctx.title());
      FbResume requested = st.finishRequested(System.currentTimeMillis());
      return ctx.checkpoint(requested)
          .compose(v -> graph.post(token(ctx), page(ctx) + "/video_reels", params)
              .recover(e -> isCap(e) ? ctx.checkpoint(requested.finishRefused()).compose(k -> capReached(ctx))
                  : Future.failedFuture(MetaErrors.classify(e, "Facebook", "publishing the reel"))))
          .compose(r -> r.getBoolean("success", false) ? keep(ctx, requested.finishedNow())
              : Future.failedFuture(PlatformFailure.retryable(null, "Facebook did not confirm the reel's finish; it will be checked and retried.")));
    });
  }

  private Future<PublishResult> settle(PublishContext ctx, FbResume st) {
    return Polling.until(ctx.vertx(), timeouts, () -> status(ctx, st), s -> published(s) || failed(s) != null).compose(s -> {
      String failure = failed(s);
      if (failure != null) {
        return Future.failedFuture(PlatformFailure.permanent("video_status_error", "Facebook could not publish the reel: " + failure
            + ". Reels must be 9:16 MP4, 3–90 s, at least 540×960, 24–60 fps."));
      }
      if (!published(s)) {
        return Future.succeededFuture(PublishResult.pending(new JsonObject().put("videoId", st.videoId())
            .put("videoStatus", s.getString("video_status"))));
      }
      return keep(ctx, st.publishedNow()).map(done -> result(ctx, done));
    });
  }

  private static boolean published(JsonObject s) {
    return "complete".equals(s.getJsonObject("publishing_phase", new JsonObject()).getString("status"));
  }

  /** The error text when the video or a phase failed, else null. */
  private static String failed(JsonObject s) {
    for (String phase : new String[] {"uploading_phase", "processing_phase", "publishing_phase"}) {
      JsonObject p = s.getJsonObject(phase, new JsonObject());
      if ("error".equals(p.getString("status"))) return errors(p.getJsonArray("errors"), phase.replace('_', ' ') + " failed");
    }
    return "error".equals(s.getString("video_status")) ? "the video failed" : null;
  }

  private static String errors(JsonArray errors, String fallback) {
    if (errors == null || errors.isEmpty()) return fallback;
    JsonObject e = errors.getJsonObject(0);
    return e.getString("message", fallback) + (e.getValue("code") == null ? "" : " (code " + e.getValue("code") + ")");
  }

  private static PublishResult result(PublishContext ctx, FbResume st) {
    String videoId = st.videoId();
    return PublishResult.published(videoId, "https://www.facebook.com/reel/" + videoId, new JsonObject().put("videoId", videoId)
        .put("pageId", page(ctx)));
  }

  private static String token(PublishContext ctx) {
    return ctx.account().accessToken();
  }

  private static String page(PublishContext ctx) {
    return ctx.account().externalAccountId();
  }
}
