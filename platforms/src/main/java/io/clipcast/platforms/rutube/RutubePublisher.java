package io.clipcast.platforms.rutube;

import io.clipcast.platforms.ErrorKind;
import io.clipcast.platforms.PlatformFailure;
import io.clipcast.platforms.PublishContext;
import io.clipcast.platforms.PublishResult;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

import java.time.Instant;

/**
 * One publish attempt on Rutube (upload by URL, docs/platforms/rutube.md). Rutube pulls the clip itself, so nothing is
 * streamed from here:
 * <ol>
 *   <li>{@code upload_state.videoId} known → poll {@code GET /api/video/<id>/}: pending, published or failed;</li>
 *   <li>else, if an earlier attempt asked Rutube to create the video ({@code createRequestedAt}) but never saw the id,
 *       look for that video first ({@link RutubeVideoFinder}) so a lost answer never makes a duplicate;</li>
 *   <li>else checkpoint {@code createRequestedAt}, {@code POST /api/video/} with the clip's signed URL, checkpoint
 *       {@code videoId}, and poll once.</li>
 * </ol>
 * Every create is noted as unanswered ({@code createUnansweredAt}) before it is sent, and the note is cleared only by a
 * definite refusal (4xx/5xx) or replaced by the video's id. So a create whose answer was lost, and one whose node died
 * while it was in flight, look the same to the next attempt: Rutube may still carry it out late (held, then done), so
 * while the video is not listed and less than {@code lateCreateGraceMs} has passed since it was sent, the attempt is
 * deferred to the window's end instead of creating again; after the window a video still not listed was never made,
 * and the next attempt creates it. A definite refusal is retried at once.
 */
final class RutubePublisher {
  private final RutubeClient client;
  private final RutubeVideoFinder finder;
  private final int titleMax;
  private final long lateCreateGraceMs;

  RutubePublisher(RutubeClient client, int titleMax, long lateCreateGraceMs) {
    this.client = client;
    this.finder = new RutubeVideoFinder(client);
    this.titleMax = titleMax;
    this.lateCreateGraceMs = lateCreateGraceMs;
  }

  Future<PublishResult> publish(PublishContext ctx) {
    String token = ctx.account().accessToken();
    RutubeResume state = ctx.resumed(RutubeResume::from);
    String videoId = state.videoId();
    if (videoId != null) return poll(token, videoId);
    String url = ctx.clip().mediaUrl();
    if (url == null || url.isBlank()) {
      return Future.failedFuture(PlatformFailure.permanent(null, "This clip has no public link for Rutube to download it from."));
    }
    RutubeVideoDraft draft = RutubeVideoDraft.of(ctx, titleMax);
    String userId = ctx.account().externalAccountId();
    Long requestedAt = state.createRequestedAt();
    Future<String> earlier = requestedAt == null ? Future.succeededFuture() : finder.find(token, userId, draft, requestedAt);
    return earlier.compose(found -> {
      if (found != null) return adopt(ctx, state, token, found);
      Long unansweredAt = state.createUnansweredAt();
      if (unansweredAt != null && System.currentTimeMillis() < unansweredAt + lateCreateGraceMs) {
        return Future.failedFuture(mayLandLate(unansweredAt, null));
      }
      return create(ctx, state, token, userId, draft);
    });
  }

  private Future<PublishResult> create(PublishContext ctx, RutubeResume state, String token, String userId, RutubeVideoDraft draft) {
    long sentAt = System.currentTimeMillis();
    long since = state.createRequestedAt() != null ? state.createRequestedAt() : sentAt;
    RutubeResume requested = state.createRequested(since);
    // noted before sending: if this node dies with the call in flight, the next attempt waits for it like a lost answer
    RutubeResume inFlight = requested.createUnanswered(sentAt);
    return ctx.checkpoint(inFlight).compose(v -> client.createVideo(token, draft.body()).transform(ar -> {
      if (ar.failed()) return afterLostAnswer(ctx, inFlight, token, userId, draft, ar.cause());
      var r = ar.result();
      if (r.statusCode() / 100 != 2) {
        PlatformFailure refused = RutubeErrors.of(r, "creating the video");
        // a definite refusal: nothing can land late, so the next attempt may create at once
        return ctx.checkpoint(requested.createUnanswered(null)).transform(saved -> Future.<String>failedFuture(refused));
      }
      JsonObject body = RutubeErrors.json(r);
      Object id = body == null ? null : body.getValue("video_id", body.getValue("id"));
      if (id == null) {
        return Future.failedFuture(PlatformFailure.retryable(Integer.toString(r.statusCode()),
            "Rutube accepted the video but did not say its id; the next attempt looks for it before creating it again."));
      }
      return Future.succeededFuture(id.toString());
    })).compose(id -> adopt(ctx, requested, token, id));
  }

  /**
   * The create call may or may not have reached Rutube, now or later: note when it went unanswered, then look; if the
   * video is not listed yet, wait out the grace window before anyone creates it again.
   */
  private Future<String> afterLostAnswer(PublishContext ctx, RutubeResume inFlight, String token, String userId, RutubeVideoDraft draft,
                                         Throwable cause) {
    long unansweredAt = System.currentTimeMillis();
    return ctx.checkpoint(inFlight.createUnanswered(unansweredAt))
        .compose(v -> finder.find(token, userId, draft, inFlight.createRequestedAt()))
        .compose(found -> found != null ? Future.succeededFuture(found) : Future.failedFuture(mayLandLate(unansweredAt, cause)));
  }

  /** Deferred (no attempt spent) until the grace window after the unanswered create ends. */
  private PlatformFailure mayLandLate(long unansweredAt, Throwable cause) {
    Instant until = Instant.ofEpochMilli(unansweredAt + lateCreateGraceMs);
    String why = cause == null ? "" : " (" + cause.getMessage() + ")";
    // as PlatformFailure.deferred, keeping the call's error as the cause
    return new PlatformFailure(ErrorKind.DEFERRED, null, "Rutube did not answer the request to create the video" + why
        + " and may still create it late; it is looked for again at " + until + " and created anew only if it is not there,"
        + " so it is not posted twice.", Math.max(1000, until.toEpochMilli() - System.currentTimeMillis()), cause);
  }

  private Future<PublishResult> adopt(PublishContext ctx, RutubeResume state, String token, String videoId) {
    return ctx.checkpoint(state.created(videoId)).compose(v -> poll(token, videoId));
  }

  private Future<PublishResult> poll(String token, String videoId) {
    String action = "checking the video's processing";
    return client.video(token, videoId).recover(e -> Future.failedFuture(RutubeErrors.noAnswer(e, action))).compose(r -> {
      if (r.statusCode() == 404) {
        return Future.failedFuture(PlatformFailure.permanent("404", "The video is no longer on Rutube (deleted before it was published);"
            + " publish again to upload it anew."));
      }
      if (r.statusCode() / 100 != 2) return Future.failedFuture(RutubeErrors.of(r, action));
      JsonObject video = RutubeErrors.json(r);
      if (video == null) return Future.failedFuture(PlatformFailure.retryable(Integer.toString(r.statusCode()),
          "Rutube answered the status check with something other than JSON; we will try again."));
      return RutubeVideoState.of(videoId, video);
    });
  }
}
