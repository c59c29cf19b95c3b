package io.clipcast.platforms.instagram;

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
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One publish attempt (docs/platforms/instagram.md): read the 24 h cap ({@code content_publishing_limit}) →
 * create the REELS container — resumable (bytes streamed to rupload; the default, no public URL needed) or by
 * {@code video_url} (target option {@code "upload":"url"}: Meta pulls the signed media URL) → poll {@code status_code}
 * → {@code media_publish} → permalink. Saved before each next step in {@link IgResume}: the container, uploaded,
 * publishRequestedAt, the media id, its permalink.
 *
 * <p>A retry resumes from that state and never creates a second live container: an upload is sent again to the same
 * container (from byte 0: Meta exposes no received offset for IG containers), and a container whose status reads
 * PUBLISHED (our {@code media_publish} answer was lost) is matched to its reel among the account's latest media
 * instead of being published again. Only an EXPIRED container (24 h unpublished) is replaced.
 */
final class IgPublisher {
  private static final DateTimeFormatter GRAPH_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssZ");

  private final GraphClient graph;
  private final RuploadClient rupload;
  private final MetaTimeouts timeouts;
  private final String uploadBase;

  IgPublisher(GraphClient graph, RuploadClient rupload, MetaTimeouts timeouts, String uploadBase) {
    this.graph = graph;
    this.rupload = rupload;
    this.timeouts = timeouts;
    this.uploadBase = uploadBase;
  }

  private record Reading(String code, String text) {}

  Future<PublishResult> publish(PublishContext ctx) {
    IgResume s = ctx.resumed(IgResume::from);
    if (s.mediaId() != null) return published(ctx, s);
    Future<IgResume> container = s.containerId() != null ? Future.succeededFuture(s)
        : capCheck(ctx).compose(v -> create(ctx, s));
    return container.compose(st -> upload(ctx, st)).compose(st -> settle(ctx, st, true));
  }

  // ---- the 24 h cap ----

  private Future<Void> capCheck(PublishContext ctx) {
    return graph.get(token(ctx), igUser(ctx) + "/content_publishing_limit", GraphClient.params("fields", "quota_usage,config"))
        .recover(e -> Future.failedFuture(MetaErrors.classify(e, "Instagram", "reading the publishing limit")))
        .compose(r -> {
          JsonArray data = r.getJsonArray("data", new JsonArray());
          if (data.isEmpty()) return Future.succeededFuture();
          JsonObject item = data.getJsonObject(0);
          long used = item.getLong("quota_usage", 0L);
          JsonObject config = item.getJsonObject("config", new JsonObject());
          long total = config.getLong("quota_total", Long.MAX_VALUE);
          if (used < total) return Future.succeededFuture();
          return capReached(ctx, total, config.getLong("quota_duration", 86_400L));
        });
  }

  /** Defers until the oldest post of the rolling window leaves it (from the account's latest media), else an hour. */
  private Future<Void> capReached(PublishContext ctx, long total, long windowSeconds) {
    long limit = Math.min(100, Math.max(1, total));
    return graph.get(token(ctx), igUser(ctx) + "/media", GraphClient.params("fields", "id,timestamp", "limit", Long.toString(limit)))
        .map(r -> {
          Instant cutoff = Instant.now().minusSeconds(windowSeconds);
          Instant oldest = null;
          for (Object o : r.getJsonArray("data", new JsonArray())) {
            Instant at = time(((JsonObject) o).getString("timestamp"));
            if (at != null && at.isAfter(cutoff) && (oldest == null || at.isBefore(oldest))) oldest = at;
          }
          return oldest == null ? Instant.now().plusSeconds(3600) : oldest.plusSeconds(windowSeconds + 60);
        })
        .otherwise(e -> Instant.now().plusSeconds(3600))
        .compose(until -> Future.failedFuture(Deferrals.cap("content_publishing_limit", "Instagram's limit of " + total
            + " posts per 24 hours is used up for " + ctx.account().displayName(), until, ctx.timeZone())));
  }

  // ---- container ----

  private Future<IgResume> create(PublishContext ctx, IgResume state) {
    String mode = ctx.options().getString("upload", "resumable");
    if (!mode.equals("resumable") && !mode.equals("url")) {
      return Future.failedFuture(PlatformFailure.permanent(null, "The Instagram option 'upload' must be 'resumable' or 'url', not '" + mode + "'."));
    }
    var params = GraphClient.params("media_type", "REELS", "caption", ctx.caption(),
        "share_to_feed", Boolean.toString(ctx.options().getBoolean("shareToFeed", true)));
    Object thumb = ctx.options().getValue("thumbOffsetMs");
    if (thumb != null) params.add("thumb_offset", thumb.toString());
    if (mode.equals("resumable")) params.add("upload_type", "resumable");
    else params.add("video_url", ctx.clip().mediaUrl());
    return graph.post(token(ctx), igUser(ctx) + "/media", params)
        .recover(e -> Future.failedFuture(MetaErrors.classify(e, "Instagram", "creating the reel")))
        .compose(r -> {
          String id = r.getString("id");
          String uri = r.getString("uri", uploadBase + "/ig-api-upload/" + graph.version() + "/" + id);
          return keep(ctx, state.container(id, uri, mode));
        });
  }

  private Future<IgResume> upload(PublishContext ctx, IgResume st) {
    if (st.uploaded()) return Future.succeededFuture(st);
    return rupload.upload(st.uploadUri(), token(ctx), 0, ctx)
        .map(r -> (Void) null)
        .recover(e -> {
          if (e instanceof RuploadClient.Refused r) {
            if (r.type.equals("AlreadyUploadedError")) return Future.succeededFuture();   // an earlier attempt's bytes arrived
            return Future.failedFuture(r.retriable
                ? PlatformFailure.retryable("rupload", "Instagram's upload server asked to retry (" + r.getMessage() + ").")
                : PlatformFailure.permanent("rupload", "Instagram's upload server refused the file (" + r.getMessage() + ")."));
          }
          if (e instanceof PlatformFailure f && f.kind() == ErrorKind.OUTCOME_UNKNOWN) {
            // the same container takes the bytes again (or says it has them) on the next attempt
            return Future.failedFuture(new PlatformFailure(ErrorKind.RETRYABLE, null, "The upload to Instagram was sent but not confirmed;"
                + " it will be checked and resent to the same reel.", 0, f));
          }
          return Future.failedFuture(e);
        })
        .compose(v -> keep(ctx, st.uploadedNow()));
  }

  private Future<Reading> status(PublishContext ctx, IgResume st) {
    return graph.get(token(ctx), st.containerId(), GraphClient.params("fields", "status_code,status"))
        .recover(e -> Future.failedFuture(MetaErrors.classify(e, "Instagram", "checking the reel's processing")))
        .map(r -> new Reading(r.getString("status_code", "IN_PROGRESS"), r.getString("status", "")));
  }

  private Future<PublishResult> settle(PublishContext ctx, IgResume st, boolean mayRecreate) {
    return Polling.until(ctx.vertx(), timeouts, () -> status(ctx, st), r -> !r.code().equals("IN_PROGRESS")).compose(r -> switch (r.code()) {
      case "FINISHED" -> mediaPublish(ctx, st);
      case "PUBLISHED" -> findPublished(ctx, st);
      case "EXPIRED" -> mayRecreate
          ? create(ctx, st).compose(fresh -> upload(ctx, fresh)).compose(fresh -> settle(ctx, fresh, false))
          : Future.failedFuture(PlatformFailure.retryable("EXPIRED", "Instagram let the reel's container expire; it will be retried."));
      case "ERROR" -> Future.failedFuture(PlatformFailure.permanent("ERROR", "Instagram could not process the video: " + r.text()
          + ". Check that it is an MP4/MOV (H.264 or HEVC, AAC audio, 3 s – 15 min), then publish again."));
      default -> Future.succeededFuture(PublishResult.pending(new JsonObject()
          .put("containerId", st.containerId()).put("status", r.text())));
    });
  }

  // ---- publish ----

  private Future<PublishResult> mediaPublish(PublishContext ctx, IgResume st) {
    IgResume at = st.publishRequestedAt() != null ? st : st.publishRequested(System.currentTimeMillis());
    Future<IgResume> noted = at == st ? Future.succeededFuture(st) : keep(ctx, at);
    return noted.compose(v -> graph.post(token(ctx), igUser(ctx) + "/media_publish", GraphClient.params("creation_id", st.containerId())))
        .compose(r -> saveMedia(ctx, at, r.getString("id")))
        .recover(e -> {
          if (!(e instanceof GraphApiError g)) return Future.failedFuture(e);
          if (g.code() == 9007 || g.subcode() == 2207027) {
            return Future.succeededFuture(PublishResult.pending(new JsonObject().put("status", "not ready yet")));
          }
          if (g.subcode() == 2207042 || g.code() == 9) {
            // the cap filled between our check and the publish: defer with the limit as Meta reports it
            return capCheck(ctx).compose(v -> Future.<PublishResult>failedFuture(PlatformFailure.rateLimited(
                g.code() + "/" + g.subcode(), "Instagram's 24-hour publishing limit was reached; it will be retried.", 60 * 60_000)));
          }
          if (g.subcode() == 2207008) return findPublished(ctx, at);
          return Future.failedFuture(MetaErrors.of(g, "Instagram", "publishing the reel"));
        });
  }

  /** The container reads PUBLISHED: find its reel (the newest with our caption, published after we asked) rather than publish again. */
  private Future<PublishResult> findPublished(PublishContext ctx, IgResume st) {
    Long askedAt = st.publishRequestedAt();
    Instant since = askedAt == null ? Instant.EPOCH : Instant.ofEpochMilli(askedAt).minusSeconds(300);
    return graph.get(token(ctx), igUser(ctx) + "/media", GraphClient.params("fields", "id,caption,timestamp,permalink", "limit", "25"))
        .recover(e -> Future.failedFuture(MetaErrors.classify(e, "Instagram", "looking up the published reel")))
        .compose(r -> {
          List<JsonObject> items = new ArrayList<>();
          r.getJsonArray("data", new JsonArray()).forEach(o -> items.add((JsonObject) o));
          for (JsonObject m : items) {
            Instant t = time(m.getString("timestamp"));
            if (Objects.equals(blankToNull(m.getString("caption")), blankToNull(ctx.caption())) && (t == null || !t.isBefore(since))) {
              return saveMedia(ctx, st, m.getString("id"));
            }
          }
          return Future.failedFuture(PlatformFailure.outcomeUnknown("Instagram reports the reel's container as published, but the reel"
              + " is not among the account's latest posts.", null));
        });
  }

  private Future<PublishResult> saveMedia(PublishContext ctx, IgResume st, String mediaId) {
    return keep(ctx, st.media(mediaId)).compose(saved -> published(ctx, saved));
  }

  private Future<PublishResult> published(PublishContext ctx, IgResume st) {
    String mediaId = st.mediaId();
    Future<IgResume> link = st.permalink() != null ? Future.succeededFuture(st)
        : graph.get(token(ctx), mediaId, GraphClient.params("fields", "id,permalink,shortcode"))
            .recover(e -> Future.failedFuture(MetaErrors.classify(e, "Instagram", "reading the reel's link")))
            .compose(r -> keep(ctx, st.link(r.getString("permalink"), r.getString("shortcode"))));
    return link.map(s -> PublishResult.published(mediaId, s.permalink(), new JsonObject().put("mediaId", mediaId)
        .put("containerId", s.containerId()).put("igUserId", igUser(ctx)).put("shortcode", s.shortcode())));
  }

  private static Future<IgResume> keep(PublishContext ctx, IgResume next) {
    return ctx.checkpoint(next).map(v -> next);
  }

  // ---- helpers ----

  private static Instant time(String graphTime) {
    if (graphTime == null) return null;
    try {
      return OffsetDateTime.parse(graphTime, GRAPH_TIME).toInstant();
    } catch (RuntimeException e) {
      return null;
    }
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }

  private static String token(PublishContext ctx) {
    return ctx.account().accessToken();
  }

  private static String igUser(PublishContext ctx) {
    return ctx.account().externalAccountId();
  }
}
