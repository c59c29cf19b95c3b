package io.clipcast.sandbox.linkedin;

import io.clipcast.sandbox.kit.Fault;
import io.clipcast.sandbox.kit.FaultActions;
import io.clipcast.sandbox.kit.SandboxKit;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;

/**
 * The pre-signed part URLs of {@code initializeUpload} (docs/platforms/linkedin.md), on the {@code www.linkedin.com}
 * host: {@code PUT /linkedin/oauth/dms-uploads/sp/{video}/{part}?…&ut=<signature>} with the part's bytes
 * ({@code Content-Type: application/octet-stream}) → 200, empty body, {@code ETag: <part id>}. The body is streamed and
 * hashed, never stored. Refusals and faults: docs/platforms/linkedin.md, "Sandbox control routes".
 */
record DmsUploads(SandboxKit kit, LinkedInVideos videos) {
  void mount(Router router) {
    router.put("/linkedin/oauth/dms-uploads/sp/:video/:part").handler(this::put);
  }

  private void put(RoutingContext ctx) {
    FaultActions.upload(kit, "linkedin", "upload", ctx, this::receive);
  }

  private void receive(RoutingContext ctx, Fault fault) {
    Reply reply = new Reply(ctx, fault);
    HttpServerRequest req = ctx.request();
    LinkedInVideos.Video v = videos.byId(ctx.pathParam("video")).orElse(null);
    LinkedInVideos.Part part = v == null ? null : part(v, ctx.pathParam("part"));
    // a refusal known before the body is still sent after reading it: clients stream the whole part first
    String refusal = refusal(v, part, req);
    long expected = part == null ? 0 : part.length();
    MessageDigest file = refusal == null ? v.digestBefore(part.index) : null;
    MessageDigest own = sha256();
    long[] size = {0};
    long started = System.nanoTime();
    req.handler(buf -> {
      size[0] += buf.length();
      if (file != null && size[0] <= expected) file.update(buf.getBytes());
      own.update(buf.getBytes());
      FaultActions.midStream(kit.vertx(), req, fault, size[0], started, () -> req.connection().close());
    });
    req.endHandler(end -> answer(reply, v, part, refusal, size[0], expected, file, own));
  }

  private void answer(Reply reply, LinkedInVideos.Video v, LinkedInVideos.Part part, String refusal, long size, long expected,
                      MessageDigest file, MessageDigest own) {
    if (reply.drawn("http_error")) {
      reply.error(reply.fault().status(), null, null, "Internal Server Error");
      return;
    }
    if (reply.drawn("rate_limit")) {
      RestGate.tooManyRequests(reply, reply.fault().retryAfterSeconds());
      return;
    }
    if (refusal == null && reply.drawn("token_expired")) refusal = "401";
    if (refusal != null) {
      switch (refusal) {
        case "404" -> reply.error(404, "NOT_FOUND", null, "Not Found");
        case "401" -> reply.error(401, "UNAUTHORIZED", null, "The upload URL has expired; call initializeUpload again");
        default -> reply.error(400, "BAD_REQUEST", null, refusal);
      }
      return;
    }
    if (size != expected) {
      reply.error(400, "BAD_REQUEST", null, "Part " + part.index + " must be exactly " + expected + " bytes (bytes " + part.firstByte
          + "-" + part.lastByte + "); received " + size);
      return;
    }
    // an opaque part id that changes with the part's bytes (a part sent again unchanged keeps its ETag)
    MessageDigest id = sha256();
    id.update((v.id + "/" + part.index + "/" + HexFormat.of().formatHex(own.digest())).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    String etag = "/AQ" + Base64.getUrlEncoder().withoutPadding().encodeToString(id.digest()).substring(0, 32);
    synchronized (v) {
      if (!v.status().equals(LinkedInVideos.WAITING_UPLOAD)) {
        reply.error(400, "BAD_REQUEST", null, "The upload is already finalized");
        return;
      }
      v.partReceived(part.index, etag, file);
    }
    reply.empty(200, "ETag", etag);
  }

  private static LinkedInVideos.Part part(LinkedInVideos.Video v, String index) {
    try {
      int i = Integer.parseInt(index);
      return i >= 0 && i < v.parts.size() ? v.parts.get(i) : null;
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** Why the part cannot be taken ("404", "401" or a 400 message), or null. */
  private static String refusal(LinkedInVideos.Video v, LinkedInVideos.Part part, HttpServerRequest req) {
    if (v == null || part == null || !part.signature.equals(req.getParam("ut"))) return "404";
    if (System.currentTimeMillis() > v.urlsExpireAtMs) return "401";
    String type = req.getHeader("Content-Type");
    if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("application/octet-stream")) {
      return "Content-Type must be application/octet-stream";
    }
    String range = req.getHeader("Content-Range");
    if (range != null && !range.trim().startsWith("bytes " + part.firstByte + "-" + part.lastByte + "/")) {
      return "Content-Range '" + range + "' does not match part " + part.index + " (bytes " + part.firstByte + "-" + part.lastByte + ")";
    }
    synchronized (v) {
      if (!v.status().equals(LinkedInVideos.WAITING_UPLOAD)) return "The upload is already finalized";
      if (part.index > v.received) return "Upload the parts in order: part " + v.received + " is the next one expected, not " + part.index;
    }
    return null;
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
