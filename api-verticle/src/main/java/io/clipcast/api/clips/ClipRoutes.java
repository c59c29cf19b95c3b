package io.clipcast.api.clips;

import io.clipcast.api.http.Replies;
import io.clipcast.storage.MediaUrls;
import io.clipcast.api.auth.Authenticator;
import io.clipcast.api.auth.PathIds;
import io.clipcast.metrics.NodeMetrics;
import io.clipcast.storage.ClipStore;
import io.clipcast.web.ApiError;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.micrometer.backends.BackendRegistries;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.UUID;

/**
 * Clips: streaming upload (raw body, never buffered whole), probe on ingest, list/get/delete, per-platform checks,
 * and signed expiring download links for platforms that pull by URL. An upload lands in a staging file, is probed
 * there, and only an accepted clip is written to the clip store and marked {@code ready} ({@link ClipIntake}). Import
 * by URL feeds the same path from a download ({@link UrlDownloads}).
 */
public final class ClipRoutes {
  private static final String UPLOAD_SOURCE = "clips.uploadSource";

  private final Vertx vertx;
  private final Pool pg;
  private final ClipStore store;
  private final ClipChecks checks;
  private final MediaUrls mediaUrls;
  private final long maxBytes;
  private final Duration mediaTtl;
  private final Clock clock;
  private final ClipIntake intake;
  private final UrlDownloads downloads;
  private final long sweepTimer;
  private final PullRechecks pulls;

  public ClipRoutes(Vertx vertx, Pool pg, ClipStore store, JsonObject config, Clock clock) {
    this(vertx, pg, store, config, clock, null);
  }

  /** @param pulls told when a media link has been read to the end; null: nobody is */
  public ClipRoutes(Vertx vertx, Pool pg, ClipStore store, JsonObject config, Clock clock, PullRechecks pulls) {
    this.pulls = pulls;
    this.vertx = vertx;
    this.pg = pg;
    this.store = store;
    this.checks = new ClipChecks(config);
    this.mediaUrls = new MediaUrls(config.getJsonObject("auth").getString("jwtSecret"));
    JsonObject storage = config.getJsonObject("storage");
    Path staging = Path.of(storage.getString("stagingDir")).toAbsolutePath();
    this.maxBytes = storage.getLong("maxUploadBytes");
    JsonObject clips = config.getJsonObject("clips");
    this.mediaTtl = Duration.ofSeconds(clips.getInteger("mediaUrlTtlSeconds"));
    this.clock = clock;
    long staleMinutes = clips.getLong("staleUploadMinutes");
    this.intake = new ClipIntake(vertx, pg, store, staging, maxBytes, clips.getLong("uploadIdleSeconds"), staleMinutes);
    this.downloads = new UrlDownloads(vertx, new ImportTargets(clips.getBoolean("importAllowLoopback")), clips.getInteger("importTimeoutSeconds") * 1000L);
    // every API instance sweeps; the sweep is safe on many at once (see StaleUploadSweeper)
    StaleUploadSweeper sweeper = new StaleUploadSweeper(vertx, pg, store, staging, Duration.ofMinutes(staleMinutes),
        BackendRegistries.getNow(NodeMetrics.registryName(config.getJsonObject("node").getString("id"))));
    long every = clips.getLong("sweepIntervalSeconds") * 1000;
    this.sweepTimer = vertx.setPeriodic(every, every, id -> sweeper.sweep());
  }

  public void mount(Router router, Handler<RoutingContext> json, Handler<RoutingContext> auth) {
    // the body is held, and watched for the client going away, from the first moment: authentication and the row
    // insert are async, and bytes (or a close) that arrive meanwhile must wait for the staging file, not be lost
    router.post("/api/v1/clips").handler(ctx -> {
      ctx.put(UPLOAD_SOURCE, IngestSource.upload(ctx));
      ctx.next();
    }).handler(auth).handler(this::upload);
    router.get("/api/v1/clips").handler(auth).handler(this::list);
    router.get("/api/v1/clips/:id").handler(auth).handler(this::get);
    router.delete("/api/v1/clips/:id").handler(auth).handler(this::delete);
    router.post("/api/v1/clips/:id/check").handler(auth).handler(this::check);
    router.post("/api/v1/clips/:id/media-url").handler(auth).handler(this::mediaUrl);
    router.get("/media/:id").handler(this::media);
    router.post("/api/v1/clips/import").handler(json).handler(auth).handler(this::importUrl);
  }

  /** Stops the sweep, ends the uploads and imports in flight (each releases its row and file), then the import client. */
  public Future<Void> close() {
    vertx.cancelTimer(sweepTimer);
    return intake.close().eventually(downloads::close);
  }

  // ---- upload ------------------------------------------------------------------------------------------------

  private void upload(RoutingContext ctx) {
    UUID user = Authenticator.user(ctx);
    HttpServerRequest req = ctx.request();
    String type = req.getHeader("Content-Type") == null ? "" : req.getHeader("Content-Type").toLowerCase(Locale.ROOT);
    if (!(type.startsWith("video/") || type.startsWith("application/octet-stream"))) {
      throw new ApiError(415, "unsupported_media_type", "Upload the video file itself as the request body, with Content-Type video/mp4,"
          + " video/quicktime or application/octet-stream.", null);
    }
    String declared = req.getHeader("Content-Length");
    long length = declared == null ? -1 : parseLength(declared);
    if (length > maxBytes) throw ClipIntake.tooLarge(maxBytes);
    if (length == 0) throw ApiError.invalid("file", "The request body is empty: send the video file.");
    String fileName = FileNames.clean(req.getParam("fileName"));
    IngestSource source = ctx.get(UPLOAD_SOURCE);
    answer(ctx, intake.ingest(user, fileName, type, source));
  }

  /** 201 with the clip, or the error; nothing when the client has gone or was answered already. */
  private static void answer(RoutingContext ctx, Future<JsonObject> clip) {
    clip.onComplete(ar -> {
      if (ctx.response().ended() || ctx.response().closed()) return;
      if (ar.succeeded()) Replies.json(ctx, 201, ar.result());
      else ctx.fail(ar.cause());
    });
  }

  private static long parseLength(String v) {
    try {
      return Long.parseLong(v.trim());
    } catch (NumberFormatException e) {
      throw new ApiError(400, "bad_request", "Content-Length must be a number of bytes.", null);
    }
  }

  // ---- import by URL -----------------------------------------------------------------------------------------

  private void importUrl(RoutingContext ctx) {
    UUID user = Authenticator.user(ctx);
    JsonObject body = io.clipcast.api.http.JsonBodies.object(ctx, java.util.Set.of("url", "fileName"));
    String url = io.clipcast.api.http.Fields.string(body, "url", true, 2048);
    String name = io.clipcast.api.http.Fields.string(body, "fileName", false, 255);
    // the request ends before the import does only when nobody waits for the clip any more: its connection closed,
    // or something else (a request deadline) answered it. Our own answer comes after the import ended.
    Promise<Void> clientGone = Promise.promise();
    ctx.addEndHandler(ar -> clientGone.tryFail(ar.failed() ? ar.cause().getMessage() : "answered"));
    if (ctx.response().ended() || ctx.response().closed()) clientGone.tryFail("ended before the import began");
    answer(ctx, downloads.open(url, clientGone.future()).compose(d -> {
      if (d.length() > maxBytes) {
        d.source().cut();
        return Future.failedFuture(ClipIntake.tooLarge(maxBytes));
      }
      return intake.ingest(user, FileNames.clean(name != null ? name : lastSegment(url)), d.type(), d.source());
    }));
  }

  private static String lastSegment(String url) {
    String path = URI.create(url).getPath();
    String last = path == null ? "" : path.substring(path.lastIndexOf('/') + 1);
    return last.isBlank() ? "imported.mp4" : java.net.URLDecoder.decode(last, java.nio.charset.StandardCharsets.UTF_8);
  }

  // ---- reads and deletes -------------------------------------------------------------------------------------

  private void list(RoutingContext ctx) {
    pg.preparedQuery("SELECT " + ClipJson.COLUMNS + " FROM clips WHERE user_id = $1 ORDER BY created_at DESC LIMIT 200")
        .execute(Tuple.of(Authenticator.user(ctx))).onSuccess(rows -> {
          JsonArray items = new JsonArray();
          rows.forEach(r -> items.add(ClipJson.of(r)));
          Replies.json(ctx, 200, new JsonObject().put("items", items));
        }).onFailure(ctx::fail);
  }

  private Future<Row> owned(RoutingContext ctx) {
    UUID id = PathIds.uuid(ctx, "id", "Clip");
    return pg.preparedQuery("SELECT storage_key, " + ClipJson.COLUMNS + " FROM clips WHERE id = $1 AND user_id = $2")
        .execute(Tuple.of(id, Authenticator.user(ctx)))
        .compose(rows -> rows.size() == 0 ? Future.failedFuture(ApiError.notFound("Clip " + id)) : Future.succeededFuture(rows.iterator().next()));
  }

  private void get(RoutingContext ctx) {
    owned(ctx).onSuccess(r -> Replies.json(ctx, 200, ClipJson.of(r))).onFailure(ctx::fail);
  }

  private void delete(RoutingContext ctx) {
    UUID user = Authenticator.user(ctx);
    owned(ctx).compose(r -> pg.preparedQuery("DELETE FROM clips c WHERE c.id = $1 AND c.user_id = $2 AND NOT EXISTS (SELECT 1 FROM publications p"
            + " WHERE p.clip_id = c.id AND p.status IN ('scheduled', 'queued', 'publishing', 'retrying', 'waiting_reconnect'))")
        .execute(Tuple.of(r.getUUID("id"), user)).compose(res -> res.rowCount() == 1
            ? store.delete(r.getString("storage_key")).otherwiseEmpty()
            : Future.failedFuture(new ApiError(409, "clip_in_use", "This clip has publications still to go out: cancel them first, then delete the clip.", null))))
        .onSuccess(v -> ctx.response().setStatusCode(204).end()).onFailure(ctx::fail);
  }

  private void check(RoutingContext ctx) {
    String wanted = ctx.queryParams().get("platforms");
    owned(ctx).onSuccess(r -> {
      if (!"ready".equals(r.getString("status"))) {
        ctx.fail(new ApiError(409, "clip_not_ready", "The clip is " + r.getString("status") + "; only a ready clip can be checked.", null));
        return;
      }
      JsonArray items = new JsonArray();
      Iterable<String> platforms = wanted == null ? checks.platforms() : java.util.Arrays.asList(wanted.split(","));
      for (String p : platforms) {
        if (!checks.known(p.trim())) {
          ctx.fail(ApiError.invalid("platforms", "Unknown platform '" + p + "'; see GET /api/v1/platforms."));
          return;
        }
        items.add(checks.check(p.trim(), r));
      }
      Replies.json(ctx, 200, new JsonObject().put("items", items));
    }).onFailure(ctx::fail);
  }

  private void mediaUrl(RoutingContext ctx) {
    owned(ctx).onSuccess(r -> {
      if (!"ready".equals(r.getString("status"))) {
        ctx.fail(new ApiError(409, "clip_not_ready", "Only a ready clip has a download link.", null));
        return;
      }
      java.time.Instant exp = clock.instant().plus(mediaTtl);
      Replies.json(ctx, 200, new JsonObject().put("path", mediaUrls.path(r.getUUID("id").toString(), exp)).put("expiresAt", exp.toString()));
    }).onFailure(ctx::fail);
  }

  private void media(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    if (!mediaUrls.valid(id, ctx.queryParams().get("exp"), ctx.queryParams().get("sig"), clock.instant())) {
      throw new ApiError(403, "link_invalid", "This download link is invalid or has expired; ask for a new one.", null);
    }
    UUID clipId = UUID.fromString(id);
    pg.preparedQuery("SELECT storage_key, content_type FROM clips WHERE id = $1 AND status = 'ready'").execute(Tuple.of(clipId))
        .compose(rows -> rows.size() == 0 ? Future.failedFuture(ApiError.notFound("Clip " + id)) : store.open(rows.iterator().next().getString("storage_key"))
            .map(stream -> {
              ctx.response().putHeader("Content-Type", "video/mp4").putHeader("Content-Length", Long.toString(stream.size()));
              stream.pipeTo(ctx.response()).onSuccess(v -> {
                if (pulls != null) pulls.pulled(clipId);
              });
              return stream;
            }))
        .onFailure(ctx::fail);
  }

}
