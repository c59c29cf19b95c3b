package io.clipcast.api.clips;

import io.clipcast.api.http.Replies;
import io.clipcast.storage.MediaUrls;
import io.clipcast.api.auth.Authenticator;
import io.clipcast.api.auth.PathIds;
import io.clipcast.media.ClipRejectedException;
import io.clipcast.media.MediaProbe;
import io.clipcast.media.ProbeResult;
import io.clipcast.storage.ClipStore;
import io.clipcast.web.ApiError;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.file.OpenOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.UUID;

/**
 * Clips: streaming upload (raw body, never buffered whole), probe on ingest, list/get/delete, per-platform checks,
 * and signed expiring download links for platforms that pull by URL. An upload lands in a staging file, is probed
 * there, and only an accepted clip is written to the clip store and marked {@code ready}. Import by URL feeds the
 * same path from a download.
 */
public final class ClipRoutes {
  private static final Logger log = LoggerFactory.getLogger(ClipRoutes.class);

  private final Vertx vertx;
  private final Pool pg;
  private final ClipStore store;
  private final ClipChecks checks;
  private final MediaUrls mediaUrls;
  private final Path staging;
  private final long maxBytes;
  private final Duration mediaTtl;
  private final Clock clock;
  private final ImportTargets importTargets;
  private final io.vertx.core.http.HttpClient importClient;
  private final long importTimeoutMs;

  public ClipRoutes(Vertx vertx, Pool pg, ClipStore store, JsonObject config, Clock clock) {
    this.vertx = vertx;
    this.pg = pg;
    this.store = store;
    this.checks = new ClipChecks(config);
    this.mediaUrls = new MediaUrls(config.getJsonObject("auth").getString("jwtSecret"));
    JsonObject storage = config.getJsonObject("storage");
    this.staging = Path.of(storage.getString("stagingDir")).toAbsolutePath();
    this.maxBytes = storage.getLong("maxUploadBytes");
    this.mediaTtl = Duration.ofSeconds(config.getJsonObject("clips").getInteger("mediaUrlTtlSeconds"));
    this.clock = clock;
    JsonObject clips = config.getJsonObject("clips");
    this.importTargets = new ImportTargets(clips.getBoolean("importAllowLoopback"));
    this.importTimeoutMs = clips.getInteger("importTimeoutSeconds") * 1000L;
    this.importClient = vertx.createHttpClient(new io.vertx.core.http.HttpClientOptions().setTrustAll(false)
        .setConnectTimeout(10_000).setMaxRedirects(0));
  }

  public void mount(Router router, Handler<RoutingContext> json, Handler<RoutingContext> auth) {
    // hold the body from the first moment: authentication and the row insert are async, and bytes that arrive
    // meanwhile must wait for the staging file, not be dropped
    router.post("/api/v1/clips").handler(ctx -> {
      ctx.request().pause();
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
    if (length > maxBytes) throw StagingSink.tooLarge(maxBytes);
    if (length == 0) throw ApiError.invalid("file", "The request body is empty: send the video file.");
    String fileName = FileNames.clean(req.getParam("fileName"));
    ingest(user, fileName, type, length, req).onSuccess(clip -> Replies.json(ctx, 201, clip)).onFailure(e -> {
      if (!ctx.response().closed()) ctx.fail(e);
    });
  }

  /**
   * Streams {@code body} into a staging file (bounded by storage.maxUploadBytes), probes it, and keeps it only if it
   * is a video we can read. The clip row goes uploading → ready, or → rejected with the reason; never half-done.
   */
  private Future<JsonObject> ingest(UUID user, String fileName, String type, long length, io.vertx.core.streams.ReadStream<io.vertx.core.buffer.Buffer> body) {
    UUID clipId = UUID.randomUUID();
    String key = "clips/" + user + "/" + clipId;
    Path part = staging.resolve(clipId + ".part");
    return pg.preparedQuery("INSERT INTO clips (id, user_id, storage_key, file_name, content_type, status) VALUES ($1, $2, $3, $4, $5, 'uploading')")
        .execute(Tuple.of(clipId, user, key, fileName, type.isEmpty() ? null : type))
        .compose(v -> vertx.fileSystem().mkdirs(staging.toString()))
        .compose(v -> vertx.fileSystem().open(part.toString(), new OpenOptions().setWrite(true).setCreate(true).setTruncateExisting(true)))
        .compose(file -> {
          StagingSink sink = new StagingSink(file, maxBytes);
          return body.pipeTo(sink).recover(e -> file.close().otherwiseEmpty().compose(x -> Future.failedFuture(e))).map(sink.written());
        })
        .compose(size -> MediaProbe.probe(vertx, part).compose(probe -> accept(clipId, key, part, probe)))
        .recover(e -> reject(clipId, e).transform(x -> {
          vertx.fileSystem().delete(part.toString()).otherwiseEmpty();
          return Future.failedFuture(e instanceof ClipRejectedException r ? new ApiError(422, r.code(), r.getMessage(), "file") : e);
        }));
  }

  /** Releases the import client's connections. */
  public Future<Void> close() {
    return importClient.close();
  }

  private static long parseLength(String v) {
    try {
      return Long.parseLong(v.trim());
    } catch (NumberFormatException e) {
      throw new ApiError(400, "bad_request", "Content-Length must be a number of bytes.", null);
    }
  }

  /** The probe said yes: into the clip store, then {@code ready} with what the probe found. */
  private Future<JsonObject> accept(UUID clipId, String key, Path part, ProbeResult probe) {
    return vertx.fileSystem().open(part.toString(), new OpenOptions().setRead(true))
        .compose(file -> vertx.fileSystem().props(part.toString())
            .compose(props -> store.put(key, file, props.size()))
            .eventually(() -> file.close().otherwiseEmpty()))
        .compose(stored -> pg.preparedQuery("UPDATE clips SET status = 'ready', size_bytes = $2, sha256 = $3, duration_ms = $4,"
                + " width = $5, height = $6, video_codec = $7, audio_codec = $8 WHERE id = $1 RETURNING " + ClipJson.COLUMNS)
            .execute(Tuple.from(new Object[] {clipId, stored.size(), stored.sha256(), probe.durationMs(), probe.displayWidth(),
                probe.displayHeight(), probe.videoCodec(), probe.audioCodec()})))
        .compose(rows -> vertx.fileSystem().delete(part.toString()).otherwiseEmpty().map(ClipJson.of(rows.iterator().next())));
  }

  /** Whatever went wrong, the row says so: it is never left looking like a clip that could be published. */
  private Future<Void> reject(UUID clipId, Throwable e) {
    String reason = e instanceof ClipRejectedException || e instanceof ApiError ? e.getMessage()
        : "The upload was interrupted before the whole file arrived; upload it again.";
    if (!(e instanceof ClipRejectedException) && !(e instanceof ApiError)) log.info("upload of clip {} failed: {}", clipId, e.toString());
    return pg.preparedQuery("UPDATE clips SET status = 'rejected', reject_reason = $2 WHERE id = $1 AND status = 'uploading'")
        .execute(Tuple.of(clipId, reason)).mapEmpty();
  }

  // ---- import by URL -----------------------------------------------------------------------------------------

  private void importUrl(RoutingContext ctx) {
    UUID user = Authenticator.user(ctx);
    JsonObject body = io.clipcast.api.http.JsonBodies.object(ctx, java.util.Set.of("url", "fileName"));
    String url = io.clipcast.api.http.Fields.string(body, "url", true, 2048);
    String name = io.clipcast.api.http.Fields.string(body, "fileName", false, 255);
    fetch(url, 0).compose(res -> {
      String fileName = FileNames.clean(name != null ? name : lastSegment(url));
      String len = res.getHeader("Content-Length");
      long length = len == null ? -1 : parseLength(len);
      if (length > maxBytes) {
        res.request().connection().close();
        return Future.failedFuture(StagingSink.tooLarge(maxBytes));
      }
      String type = res.getHeader("Content-Type") == null ? "application/octet-stream" : res.getHeader("Content-Type").toLowerCase(Locale.ROOT);
      return ingest(user, fileName, type, length, res);
    }).onSuccess(clip -> Replies.json(ctx, 201, clip)).onFailure(ctx::fail);
  }

  /** GETs the link from the address checked for it, following at most 3 redirects, each checked again. */
  private Future<io.vertx.core.http.HttpClientResponse> fetch(String url, int hops) {
    if (hops > 3) return Future.failedFuture(new ApiError(422, "import_failed", "The link redirects too many times.", "url"));
    return vertx.executeBlocking(() -> importTargets.resolve(url), false).compose(t -> {
      io.vertx.core.http.RequestOptions options = new io.vertx.core.http.RequestOptions()
          .setMethod(io.vertx.core.http.HttpMethod.GET)
          .setServer(io.vertx.core.net.SocketAddress.inetSocketAddress(t.port(), t.address().getHostAddress()))
          .setHost(t.host()).setPort(t.port()).setSsl(t.tls())
          .setURI(t.uri().getRawPath() == null || t.uri().getRawPath().isEmpty() ? "/" : t.uri().getRawPath()
              + (t.uri().getRawQuery() != null ? "?" + t.uri().getRawQuery() : ""))
          .setFollowRedirects(false).setIdleTimeout(importTimeoutMs);
      return importClient.request(options).compose(r -> r.send()).compose(res -> {
        if (res.statusCode() >= 300 && res.statusCode() < 400 && res.getHeader("Location") != null) {
          res.request().connection().close();
          return fetch(t.uri().resolve(res.getHeader("Location")).toString(), hops + 1);
        }
        if (res.statusCode() != 200) {
          res.request().connection().close();
          return Future.failedFuture(new ApiError(422, "import_failed", "The link answered HTTP " + res.statusCode()
              + " instead of the file; check that it is a direct, public download link.", "url"));
        }
        res.pause();
        return Future.succeededFuture(res);
      }, e -> Future.failedFuture(e instanceof ApiError ? e
          : new ApiError(422, "import_failed", "Could not download from the link (" + e.getMessage() + "); check it and try again.", "url")));
    });
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
              stream.pipeTo(ctx.response());
              return stream;
            }))
        .onFailure(ctx::fail);
  }

}
