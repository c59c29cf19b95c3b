package io.clipcast.sandbox.youtube;

import io.clipcast.sandbox.kit.oauth.TokenBook;
import io.clipcast.sandbox.kit.FaultActions;
import io.clipcast.sandbox.kit.SandboxKit;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

import java.io.IOException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * videos.insert with the resumable protocol under {@code /youtube/api/upload}: the session POST, then chunk PUTs and
 * status probes (docs/platforms/youtube.md, "Sandbox control routes"). Bytes are hashed as they stream, never stored.
 */
final class ResumableUploads {
  static final long CHUNK_UNIT = 256 * 1024;
  static final String PATH = "/youtube/api/upload/youtube/v3/videos";
  /**
   * The same method from the host's root: Google's generated Java client addresses uploads with the absolute template
   * {@code /upload/youtube/v3/videos}, whatever root URL it is given (docs/platforms/youtube.md).
   */
  static final String ROOT_PATH = "/upload/youtube/v3/videos";
  private static final Pattern DIGITS = Pattern.compile("\\d{1,18}");

  private final SandboxKit kit;
  private final YouTubeSettings settings;
  private final YouTubeQuota quota;
  private final GoogleTokens tokens;
  private final YouTubeChannels channels;
  private final YouTubeVideos videos;
  private final AuditedProjects projects;
  private final Map<String, UploadSession> sessions = new ConcurrentHashMap<>();

  ResumableUploads(SandboxKit kit, YouTubeSettings settings, YouTubeQuota quota, GoogleTokens tokens, YouTubeChannels channels,
                   YouTubeVideos videos, AuditedProjects projects) {
    this.kit = kit;
    this.settings = settings;
    this.quota = quota;
    this.tokens = tokens;
    this.channels = channels;
    this.videos = videos;
    this.projects = projects;
  }

  void mount(Router router) {
    for (String path : new String[] {PATH, ROOT_PATH}) {
      router.post(path).handler(BodyHandler.create().setBodyLimit(256 * 1024)).handler(ctx ->
          YouTubeFaults.run(kit, ctx, "videos.insert", a -> start(ctx, a)));
      router.put(path).handler(this::put);   // no BodyHandler: chunks are streamed and hashed
    }
  }

  // ---- step 1: the session ----

  private void start(RoutingContext ctx, Answer answer) {
    HttpServerRequest req = ctx.request();
    String uploadType = req.getParam("uploadType");
    if (uploadType == null) throw new Answer.Refusal(400, "youtube.video", "mediaBodyRequired", "The request does not include the video content.");
    if (!uploadType.equals("resumable")) {
      throw new Answer.Refusal(400, "global", "badRequest", "The sandbox simulates uploadType=resumable only; got uploadType=" + uploadType + ".");
    }
    TokenBook.Grant<String> access = BearerAuth.check(tokens, answer, BearerAuth.Need.UPLOAD);
    if (access == null) return;
    String part = RepeatedParams.joined(req, "part");
    Set<String> parts = answer.parts(part, YouTubeVideo.PARTS);
    if (parts == null) return;
    String type = req.getHeader("Content-Type");
    if (ctx.body().length() > 0 && (type == null || !type.toLowerCase().startsWith("application/json"))) {
      throw new Answer.Refusal(400, "global", "badContent", "Unsupported content with type: " + type);
    }
    JsonObject body;
    try {
      Buffer raw = ctx.body().length() == 0 ? Buffer.buffer() : ctx.body().buffer();
      if (raw.length() > 0 && GzipBodies.gzipped(req)) raw = GzipBodies.inflate(raw);
      body = raw.length() == 0 ? new JsonObject() : raw.toJsonObject();
    } catch (IOException | RuntimeException e) {
      throw new Answer.Refusal(400, "global", "parseError", "Parse Error");
    }
    String length = req.getHeader("X-Upload-Content-Length");
    if (length != null && !DIGITS.matcher(length.trim()).matches()) {
      throw new Answer.Refusal(400, "global", "badRequest", "Invalid X-Upload-Content-Length header: " + length);
    }
    Long total = length == null ? null : Long.parseLong(length.trim());
    if (total != null && total > settings.maxUploadBytes) {
      throw new Answer.Refusal(413, "global", "uploadTooLarge", "Media larger than " + settings.maxUploadBytes + " bytes is not accepted.");
    }
    String mediaType = req.getHeader("X-Upload-Content-Type");
    if (mediaType != null && !mediaType.startsWith("video/") && !mediaType.equals("application/octet-stream")) {
      throw new Answer.Refusal(400, "global", "badContent", "Media type '" + mediaType + "' is not supported. Valid media types: [video/*, "
          + "application/octet-stream]");
    }
    VideoMetadata.Problem problem = VideoMetadata.check(body);
    if (problem != null) throw new Answer.Refusal(400, "youtube.video", problem.reason(), problem.message());
    if (!quota.chargeInsert(access.clientId())) throw Answer.quotaExceeded();
    YouTubeChannels.Channel channel = channels.get(access.subject()).orElse(YouTubeChannels.DEFAULT);
    if (!videos.startUpload(channel.id(), settings.channelUploadsPer24h)) {
      throw new Answer.Refusal(400, "youtube.video", "uploadLimitExceeded", "The user has exceeded the number of videos they may upload.");
    }
    String id = "AUj" + GoogleTokens.random(45);
    JsonObject status = body.getJsonObject("status", new JsonObject()).copy();
    UploadSession s = new UploadSession(id, channel, access.clientId(), parts, body.getJsonObject("snippet").copy(), status, total,
        Instant.now().plusSeconds(settings.sessionTtlSeconds));
    sessions.put(id, s);
    String location = kit.publicBase() + PATH + "?uploadType=resumable&part=" + part + "&upload_id=" + id;
    ctx.response().putHeader("Location", location).putHeader("X-GUploader-UploadID", id);
    answer.empty(200);
  }

  // ---- steps 2 and 3: bytes and status probes ----

  private void put(RoutingContext ctx) {
    FaultActions.upload(kit, YouTubeSimulator.ID, "upload", ctx, (c, f) -> {
      Answer answer = new Answer(c, f);
      if (f != null && (f.kind().equals("http_error") || f.kind().equals("rate_limit"))) {
        discardThen(c.request(), () -> YouTubeFaults.answerError(answer));
        return;
      }
      receive(c, answer);
    });
  }

  private void receive(RoutingContext ctx, Answer answer) {
    HttpServerRequest req = ctx.request();
    UploadSession s = sessions.get(String.valueOf(req.getParam("upload_id")));
    // token_expired: 401 for a request that carries a token (below), else the session URI itself has expired
    if (s == null || s.expired() || answer.drawn("token_expired") && req.getHeader("Authorization") == null) {
      if (s != null && s.expired()) sessions.remove(s.id);
      discardThen(req, () -> answer.apiError(404, "global", "notFound", "Not Found"));
      return;
    }
    if (req.getHeader("Authorization") != null) {
      TokenBook.Grant<String> access = BearerAuth.check(tokens, answer, BearerAuth.Need.UPLOAD);
      if (access == null) {
        discardThen(req, () -> {});
        return;
      }
      if (!access.subject().equals(s.channel.id()) || !access.clientId().equals(s.project)) {
        discardThen(req, () -> answer.apiError(403, "global", "forbidden", "The upload session belongs to another channel or app."));
        return;
      }
    }
    String length = req.getHeader("Content-Length");
    long contentLength = length != null && DIGITS.matcher(length).matches() ? Long.parseLong(length) : -1;
    boolean gzipped = GzipBodies.gzipped(req);
    ContentRange range;
    if (req.getHeader("Content-Range") == null) {
      if (gzipped) {
        badRequest(req, answer, "Content-Range is required for a gzipped request.");
        return;
      }
      if (contentLength <= 0 || s.committed > 0) {
        badRequest(req, answer, s.committed > 0
            ? "Content-Range is required to continue an upload that has started." : "Content-Length is required.");
        return;
      }
      range = new ContentRange(0, contentLength - 1, contentLength);
    } else {
      range = ContentRange.parse(req.getHeader("Content-Range"));
      if (range == null) {
        badRequest(req, answer, "Failed to parse Content-Range header.");
        return;
      }
    }
    if (range.total() >= 0 && s.total != null && range.total() != s.total) {
      badRequest(req, answer, "Content-Range total " + range.total() + " does not match the upload's size " + s.total + ".");
      return;
    }
    if (range.probe()) {
      if (contentLength > 0 && !gzipped) {
        badRequest(req, answer, "A status request (bytes */total) must have no body.");
        return;
      }
      discardThen(req, () -> status(s, answer));
      return;
    }
    if (s.complete()) {
      discardThen(req, () -> answer.json(200, video(s)));
      return;
    }
    String problem = chunkProblem(s, range, gzipped ? range.length() : contentLength);   // gzip: Content-Length counts the wire bytes
    if (problem != null) {
      badRequest(req, answer, problem);
      return;
    }
    if (s.receiving) {
      discardThen(req, () -> answer.apiError(503, "global", "backendError", "Another request is writing to this upload."));
      return;
    }
    if (range.total() >= 0) s.total = range.total();
    boolean last = s.total != null && range.last() == s.total - 1;
    if (answer.drawn("reset")) s.pendingReset = answer.fault();
    if (answer.drawn("processing_failure")) s.failsProcessing = true;
    s.receiving = true;
    new ChunkReceiver(kit.vertx(), s.pendingReset, answer.drawn("slow") ? answer.fault() : null).receive(req, s.committed, range.length(), s.digest)
        .onComplete(ar -> {
          s.receiving = false;
          if (ar.failed()) {
            if (ar.cause() instanceof ChunkReceiver.ResetActedOut) s.pendingReset = null;
            if (ar.cause() instanceof ChunkReceiver.NotGzip) answer.apiError(400, "global", "parseError", "The gzipped request body could not be read.");
            return;   // the connection is gone: nothing committed, nobody to answer
          }
          if (ar.result().bytes() != range.length()) {
            answer.apiError(400, "global", "badRequest", "The request carried " + ar.result().bytes() + " bytes; Content-Range announced "
                + range.length() + ".");
            return;
          }
          s.committed += ar.result().bytes();
          s.digest = ar.result().digest();
          if (last) complete(s, answer);
          else status(s, answer);
        });
  }

  /** Why this chunk cannot continue the upload, or null. */
  private String chunkProblem(UploadSession s, ContentRange range, long contentLength) {
    if (range.first() != s.committed) {
      return "Content-Range starts at byte " + range.first() + " but the upload continues at byte " + s.committed
          + "; ask where it stands with Content-Range: bytes */" + (s.total == null ? "<total>" : s.total) + ".";
    }
    if (contentLength != range.length()) {
      return "Content-Length " + contentLength + " does not match the " + range.length() + " bytes Content-Range announces.";
    }
    long known = range.total() >= 0 ? range.total() : s.total == null ? -1 : s.total;
    if (known >= 0 && range.last() >= known) return "Content-Range ends past the upload's size " + known + ".";
    boolean last = known >= 0 && range.last() == known - 1;
    if (!last && range.length() % CHUNK_UNIT != 0) {
      return "Invalid request.  The number of bytes uploaded is required to be equal or greater than 262144, except for the final "
          + "request (it's recommended to be the exact multiple of 262144).  The received request contained " + range.length()
          + " bytes, which does not meet this requirement.";
    }
    long total = range.total() >= 0 ? range.total() : s.total == null ? range.last() + 1 : s.total;
    if (total > settings.maxUploadBytes) return "Media larger than " + settings.maxUploadBytes + " bytes is not accepted.";
    return null;
  }

  /** 308 with where the upload stands (no Range header = nothing stored yet), or the video when it is complete. */
  private void status(UploadSession s, Answer answer) {
    if (s.complete()) {
      answer.json(200, video(s));
      return;
    }
    if (s.committed > 0) answer.ctx().response().putHeader("Range", "bytes=0-" + (s.committed - 1));
    answer.empty(308);
  }

  private void complete(UploadSession s, Answer answer) {
    String sha = HexFormat.of().formatHex(s.digest.digest());
    JsonObject status = s.status.copy();
    if (status.getString("privacyStatus") == null) status.put("privacyStatus", "public");
    // an unaudited project's upload is locked to private once processed (shown by YouTubeVideo.privacy())
    boolean auditLock = !projects.audited(s.project) && !"private".equals(status.getString("privacyStatus"));
    String rejection = settings.rejectDuplicates && videos.hasFile(s.channel.id(), sha) ? "duplicate" : null;
    YouTubeVideo v = new YouTubeVideo(YouTubeVideos.newId(), s.channel, s.snippet, status, s.committed, sha, settings.processingMs,
        s.failsProcessing, rejection, auditLock, Instant.now());
    videos.put(v);
    s.videoId = v.id();
    if (!v.failsProcessing() && rejection == null) {
      kit.ledger().record(YouTubeSimulator.ID, s.channel.id(), v.id(), s.snippet.getString("description", ""), s.snippet.getString("title"),
          v.bytes(), sha, new JsonObject().put("privacyStatus", auditLock ? "private" : status.getString("privacyStatus"))
              .put("lockedPrivateByAudit", auditLock).put("tags", v.tags())
              .put("categoryId", s.snippet.getString("categoryId")).put("project", s.project));
    }
    answer.json(201, v.resource(s.parts, true));
  }

  private JsonObject video(UploadSession s) {
    return videos.get(s.videoId).map(v -> v.resource(s.parts, true)).orElseThrow();
  }

  private static void badRequest(HttpServerRequest req, Answer answer, String message) {
    discardThen(req, () -> answer.apiError(400, "global", "badRequest", message));
  }

  /** Reads and drops whatever body the request still carries, then answers. */
  private static void discardThen(HttpServerRequest req, Runnable answer) {
    if (req.isEnded()) {
      answer.run();
      return;
    }
    req.handler(b -> {});
    req.endHandler(v -> answer.run());
    req.resume();
  }
}
