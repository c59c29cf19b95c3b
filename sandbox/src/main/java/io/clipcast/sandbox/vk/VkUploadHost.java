package io.clipcast.sandbox.vk;

import io.clipcast.sandbox.kit.Reply;
import io.clipcast.sandbox.kit.Fault;
import io.clipcast.sandbox.kit.FaultActions;
import io.clipcast.sandbox.kit.Received;
import io.clipcast.sandbox.kit.ReceivedFile;
import io.clipcast.sandbox.kit.SandboxKit;
import io.clipcast.sandbox.kit.UploadReceiver;
import io.vertx.core.AsyncResult;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.time.Instant;
import java.util.Locale;
import java.util.Set;

/**
 * The upload host behind {@code video.save}'s {@code upload_url}: {@code POST /vk/upload/upload.do?sig=…} with the file
 * as a {@code multipart/form-data} part (documented field {@code video_file}; like the real host, any single file
 * part is taken). Streams and hashes the body (no BodyHandler), answers {@code {video_hash, size, video_id,
 * owner_id}}; the URL then stops working. Refusals and faults: docs/platforms/vk.md, "Sandbox control routes".
 */
record VkUploadHost(SandboxKit kit, VkVideos videos, VkWall wall, VkApiSettings settings) {
  private static final Set<String> FORMATS = Set.of("avi", "mp4", "3gp", "mpeg", "mpg", "mov", "mp3", "flv", "wmv");

  void mount(Router router) {
    router.post("/vk/upload/upload.do").handler(this::upload);
  }

  private void upload(RoutingContext ctx) {
    FaultActions.upload(kit, "vk", "upload", ctx, this::receive);
  }

  private void receive(RoutingContext ctx, Fault f) {
    Reply reply = new Reply(ctx, f);
    new UploadReceiver(kit.vertx(), settings.maxUploadBytes, f).multipart(ctx.request()).onComplete(ar -> answer(ctx, reply, ar));
  }

  private void answer(RoutingContext ctx, Reply reply, AsyncResult<Received> ar) {
    if (ar.failed()) {
      if (ar.cause() instanceof UploadReceiver.TooLarge) error(reply, 413, "file is too large");
      else if (ar.cause() instanceof IllegalArgumentException) error(reply, 400, "the file must be sent as multipart/form-data");
      return;   // otherwise the connection is gone: nobody to answer
    }
    if (reply.drawn("http_error")) {
      reply.html(reply.fault().status(), "<html><body><h1>" + reply.fault().status() + "</h1></body></html>");
      return;
    }
    if (reply.drawn("rate_limit")) {
      ctx.response().putHeader("Retry-After", Integer.toString(reply.fault().retryAfterSeconds()));
      error(reply, 429, "too many uploads, retry later");
      return;
    }
    VkVideos.Video v = videos.bySig(ctx.request().getParam("sig")).orElse(null);
    if (v == null || Instant.now().isAfter(v.urlExpiresAt()) || reply.drawn("token_expired")) {
      error(reply, 404, "upload url is invalid, expired or already used; call video.save again");
      return;
    }
    Received r = ar.result();
    ReceivedFile file = null;
    if (v.link() == null) {
      if (r.files().isEmpty()) {
        error(reply, 400, "no file in the request (expected the multipart field video_file)");
        return;
      }
      if (r.files().size() > 1) {
        error(reply, 400, "one file per upload");
        return;
      }
      file = r.files().get(0);
      if (file.size() == 0) {
        error(reply, 400, "the file is empty");
        return;
      }
      if (!isVideo(file)) {
        error(reply, 400, "unsupported format: send AVI, MP4, 3GP, MPEG, MOV, MP3, FLV or WMV");
        return;
      }
    }
    if (!videos.complete(v, file, reply.drawn("processing_failure"))) {
      error(reply, 404, "upload url is invalid, expired or already used; call video.save again");
      return;
    }
    if (v.wallpost()) wall.autoPost(v);
    reply.json(200, new JsonObject().put("video_hash", v.upload().sha256 == null ? VkTokens.hex(9) : v.upload().sha256.substring(0, 18))
        .put("size", v.upload().bytes).put("video_id", v.id()).put("owner_id", v.ownerId()));
  }

  private static boolean isVideo(ReceivedFile file) {
    String name = file.fileName() == null ? "" : file.fileName().toLowerCase(Locale.ROOT);
    int dot = name.lastIndexOf('.');
    if (dot >= 0 && FORMATS.contains(name.substring(dot + 1))) return true;
    String type = file.contentType() == null ? "" : file.contentType().toLowerCase(Locale.ROOT);
    return dot < 0 && (type.startsWith("video/") || type.equals("audio/mpeg"));
  }

  private static void error(Reply reply, int status, String message) {
    reply.json(status, new JsonObject().put("error", message));
  }
}
