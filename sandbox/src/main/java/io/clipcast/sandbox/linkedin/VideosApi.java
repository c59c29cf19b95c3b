package io.clipcast.sandbox.linkedin;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * The Videos API (docs/platforms/linkedin.md) under {@code /linkedin/api/rest/videos}:
 * {@code POST ?action=initializeUpload} (one pre-signed part URL per {@code partSizeBytes} of the file),
 * {@code POST ?action=finalizeUpload} (the upload token echoed, every part's ETag in order) and
 * {@code GET /{url-encoded video URN}}.
 */
final class VideosApi {
  private final RestGate gate;
  private final LinkedInDirectory directory;
  private final LinkedInVideos videos;
  private final LinkedInSettings settings;
  private final String uploadBase;

  VideosApi(RestGate gate, LinkedInDirectory directory, LinkedInVideos videos, LinkedInSettings settings, String publicBase) {
    this.gate = gate;
    this.directory = directory;
    this.videos = videos;
    this.settings = settings;
    this.uploadBase = publicBase + "/linkedin/oauth/dms-uploads/sp/";
  }

  void mount(Router router) {
    router.post("/linkedin/api/rest/videos").handler(BodyHandler.create().setBodyLimit(64 * 1024)).handler(ctx -> {
      String action = ctx.request().getParam("action");
      if ("initializeUpload".equals(action)) gate.rest(ctx, "videos.initializeUpload", (c, r) -> initialize(ctx, c, r));
      else if ("finalizeUpload".equals(action)) gate.rest(ctx, "videos.finalizeUpload", (c, r) -> finalizeUpload(ctx, c, r));
      else new Reply(ctx, null).error(400, "ILLEGAL_ARGUMENT", null, "Unsupported action '" + action
          + "': use action=initializeUpload or action=finalizeUpload");
    });
    router.get("/linkedin/api/rest/videos/:urn").handler(ctx -> gate.rest(ctx, "videos.get", (c, r) -> get(ctx, c, r)));
  }

  private void initialize(RoutingContext ctx, RestGate.Caller caller, Reply reply) {
    JsonObject body = JsonBodies.object(ctx, reply);
    if (body == null) return;
    JsonObject req = body.getValue("initializeUploadRequest") instanceof JsonObject o ? o : null;
    if (req == null) {
      reply.error(400, "ILLEGAL_ARGUMENT", null, "ERROR :: /initializeUploadRequest :: field is required but not found and has no default value");
      return;
    }
    String owner = req.getValue("owner") instanceof String s ? s : null;
    if (!Authorship.valid(owner)) {
      reply.error(400, "ILLEGAL_ARGUMENT", null, "ERROR :: /initializeUploadRequest/owner :: must be a urn:li:person or urn:li:organization URN");
      return;
    }
    if (!(req.getValue("fileSizeBytes") instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue())) {
      reply.error(400, "ILLEGAL_ARGUMENT", null, "ERROR :: /initializeUploadRequest/fileSizeBytes :: field is required and must be a whole number");
      return;
    }
    for (String flag : new String[] {"uploadCaptions", "uploadThumbnail"}) {
      if (req.containsKey(flag) && !(req.getValue(flag) instanceof Boolean)) {
        reply.error(400, "ILLEGAL_ARGUMENT", null, "ERROR :: /initializeUploadRequest/" + flag + " :: must be a boolean");
        return;
      }
    }
    long size = n.longValue();
    if (size < settings.minFileBytes || size > settings.maxFileBytes) {
      reply.error(400, "ILLEGAL_ARGUMENT", null, "fileSizeBytes " + size + " is outside the allowed range " + settings.minFileBytes
          + " - " + settings.maxFileBytes + " bytes");
      return;
    }
    if (!caller.has(Authorship.scopeFor(owner))) {
      reply.error(403, "ACCESS_DENIED", 100, "Not enough permissions to access: videos.ACTION.initializeUpload (scope "
          + Authorship.scopeFor(owner) + " not granted)");
      return;
    }
    if (!Authorship.mayActAs(caller, owner, directory)) {
      reply.json(403, new JsonObject().put("message", Authorship.FORBIDDEN_VIDEO).put("status", 403));
      return;
    }
    LinkedInVideos.Video v = videos.create(owner, size, settings.partSizeBytes, settings.uploadUrlTtlSeconds * 1000);
    JsonArray instructions = new JsonArray();
    v.parts.forEach(p -> instructions.add(new JsonObject().put("uploadUrl", uploadBase + v.id + "/" + p.index + "?ca=vector_feedshare&cn=uploads"
        + "&sync=0&v=beta&ut=" + p.signature).put("firstByte", p.firstByte).put("lastByte", p.lastByte)));
    JsonObject value = new JsonObject().put("uploadUrlsExpireAt", v.urlsExpireAtMs).put("video", v.urn())
        .put("uploadInstructions", instructions).put("uploadToken", v.uploadToken);
    if (Boolean.TRUE.equals(req.getBoolean("uploadThumbnail"))) value.put("thumbnailUploadUrl", uploadBase + v.id + "/thumbnail");
    if (Boolean.TRUE.equals(req.getBoolean("uploadCaptions"))) value.put("captionsUploadUrl", uploadBase + v.id + "/captions");
    reply.json(200, new JsonObject().put("value", value));
  }

  private void finalizeUpload(RoutingContext ctx, RestGate.Caller caller, Reply reply) {
    JsonObject body = JsonBodies.object(ctx, reply);
    if (body == null) return;
    JsonObject req = body.getValue("finalizeUploadRequest") instanceof JsonObject o ? o : null;
    if (req == null) {
      reply.error(400, "ILLEGAL_ARGUMENT", null, "ERROR :: /finalizeUploadRequest :: field is required but not found and has no default value");
      return;
    }
    LinkedInVideos.Video v = videos.byUrn(req.getValue("video") instanceof String s ? s : null).orElse(null);
    if (v == null) {
      reply.error(404, "NOT_FOUND", null, "No video " + req.getValue("video"));
      return;
    }
    if (!Authorship.mayActAs(caller, v.owner, directory)) {
      reply.json(403, new JsonObject().put("message", Authorship.FORBIDDEN_VIDEO).put("status", 403));
      return;
    }
    if (!(req.getValue("uploadToken") instanceof String token)) {
      reply.error(400, "ILLEGAL_ARGUMENT", null, "ERROR :: /finalizeUploadRequest/uploadToken :: field is required (echo the value from initializeUpload)");
      return;
    }
    if (!(req.getValue("uploadedPartIds") instanceof JsonArray ids)) {
      reply.error(400, "ILLEGAL_ARGUMENT", null, "ERROR :: /finalizeUploadRequest/uploadedPartIds :: field is required but not found");
      return;
    }
    synchronized (v) {
      if (!v.status().equals(LinkedInVideos.WAITING_UPLOAD)) {
        reply.error(400, "ILLEGAL_ARGUMENT", null, "Video " + v.urn() + " is already finalized (status " + v.status() + ")");
        return;
      }
      if (!token.equals(v.uploadToken)) {
        reply.error(400, "ILLEGAL_ARGUMENT", null, "uploadToken does not match the one returned by initializeUpload");
        return;
      }
      if (v.received < v.parts.size()) {
        reply.error(400, "ILLEGAL_ARGUMENT", null, "Upload incomplete: " + v.received + " of " + v.parts.size() + " parts received");
        return;
      }
      if (ids.size() != v.parts.size()) {
        reply.error(400, "ILLEGAL_ARGUMENT", null, "uploadedPartIds has " + ids.size() + " ids; the upload has " + v.parts.size() + " parts");
        return;
      }
      for (int i = 0; i < ids.size(); i++) {
        if (!v.parts.get(i).etag.equals(ids.getValue(i))) {
          reply.error(400, "ILLEGAL_ARGUMENT", null, "uploadedPartIds[" + i + "] is not the ETag of part " + i + " (ids must be in upload order)");
          return;
        }
      }
      v.finalizeUpload(settings.processingMs, reply.drawn("processing_failure")
          ? "Video processing failed: the media could not be transcoded (unsupported or corrupt stream)" : null);
    }
    reply.empty(200);
  }

  private void get(RoutingContext ctx, RestGate.Caller caller, Reply reply) {
    String raw = rawLastSegment(ctx);
    if (raw.contains(":")) {
      reply.error(400, "ILLEGAL_ARGUMENT", null, "The URN in the path must be URL-encoded (urn%3Ali%3Avideo%3A...)");
      return;
    }
    LinkedInVideos.Video v = videos.byUrn(URLDecoder.decode(raw, StandardCharsets.UTF_8)).orElse(null);
    if (v == null) {
      reply.error(404, "NOT_FOUND", null, "Video not found");
      return;
    }
    if (!Authorship.mayActAs(caller, v.owner, directory)) {
      reply.json(403, new JsonObject().put("message", Authorship.FORBIDDEN_VIDEO).put("status", 403));
      return;
    }
    String status = v.status();
    JsonObject out = new JsonObject().put("id", v.urn()).put("owner", v.owner).put("status", status);
    if (status.equals(LinkedInVideos.AVAILABLE)) {
      out.put("downloadUrl", uploadBase + v.id + "/download").put("downloadUrlExpiresAt", System.currentTimeMillis() + 3_600_000L);
    }
    if (status.equals(LinkedInVideos.PROCESSING_FAILED)) out.put("processingFailureReason", v.failureReason);
    reply.json(200, out);
  }

  /** The last path segment as sent (not decoded), to tell an encoded URN from a raw one. */
  static String rawLastSegment(RoutingContext ctx) {
    String path = ctx.request().path();
    return path.substring(path.lastIndexOf('/') + 1);
  }
}
