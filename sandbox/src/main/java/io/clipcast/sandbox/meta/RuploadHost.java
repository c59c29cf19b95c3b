package io.clipcast.sandbox.meta;

import io.clipcast.sandbox.kit.Fault;
import io.clipcast.sandbox.kit.FaultActions;
import io.clipcast.sandbox.kit.SandboxKit;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.util.function.BiConsumer;
import java.util.function.BiFunction;

/**
 * rupload.facebook.com: raw bytes at {@code offset} of {@code file_size}, or a {@code file_url} to fetch, hashed into an
 * {@link UploadSession} (docs/platforms/instagram.md, "Sandbox control routes").
 */
public final class RuploadHost {
  /**
   * Who the upload is for: {@code session} gives the session to write into, or null when the token may not upload to
   * this id (answered as an auth error); {@code completed} is called once the last byte is in.
   */
  public record Target(BiFunction<String, MetaTokens.Token, UploadSession> session, BiConsumer<String, UploadSession> completed) {}

  private final SandboxKit kit;
  private final String platform;
  private final MetaTokens tokens;
  private final MetaSettings settings;
  private final MediaPuller puller;
  private final boolean restartAtZero;

  /** {@code restartAtZero}: an {@code offset: 0} request starts the upload over (Instagram) instead of being refused. */
  public RuploadHost(SandboxKit kit, String platform, MetaTokens tokens, MetaSettings settings, MediaPuller puller, boolean restartAtZero) {
    this.kit = kit;
    this.platform = platform;
    this.tokens = tokens;
    this.settings = settings;
    this.puller = puller;
    this.restartAtZero = restartAtZero;
  }

  public void handle(RoutingContext ctx, String id, Target target, JsonObject success) {
    HttpServerRequest req = ctx.request();
    Fault f = kit.faults().take(platform, "upload").orElse(null);
    if (f != null && f.kind().equals("http_error")) {
      fail(ctx, f.status(), true, "ProcessingFailedError", "Upload failed, please retry.");
      return;
    }
    if (f != null && f.kind().equals("hang")) {
      FaultActions.hang(kit.vertx(), f, () -> fail(ctx, 504, true, "TimeoutError", "The upload timed out."));
      return;
    }
    String auth = req.getHeader("Authorization");
    if (auth == null || !auth.regionMatches(true, 0, "OAuth ", 0, 6)) {
      fail(ctx, 401, false, "AuthError", "The Authorization header must be 'OAuth <access token>'.");
      return;
    }
    MetaTokens.Token token = tokens.find(auth.substring(6).trim()).orElse(null);
    if (token == null || token.expired() || (f != null && f.kind().equals("token_expired"))) {
      fail(ctx, 401, false, "AuthError", "Invalid OAuth access token.");
      return;
    }
    UploadSession s = target.session().apply(id, token);
    if (s == null) {
      fail(ctx, 400, false, "NotFoundError", "No upload session " + id + " for this token.");
      return;
    }
    if (s.complete()) {
      fail(ctx, 400, false, "AlreadyUploadedError", "The file for " + id + " was already uploaded.");
      return;
    }
    String fileUrl = req.getHeader("file_url");
    if (fileUrl != null) {
      pull(ctx, id, target, s, fileUrl, success, f);
      return;
    }
    long offset;
    long fileSize;
    try {
      offset = Long.parseLong(req.getHeader("offset"));
      fileSize = Long.parseLong(req.getHeader("file_size"));
    } catch (NumberFormatException | NullPointerException e) {
      fail(ctx, 400, false, "BadRequestError", "The offset and file_size headers are required and must be integers.");
      return;
    }
    if (fileSize <= 0 || fileSize > settings.maxUploadBytes) {
      fail(ctx, 400, false, "FileSizeError", "file_size must be between 1 and " + settings.maxUploadBytes + " bytes.");
      return;
    }
    if (s.fileSize() >= 0 && s.fileSize() != fileSize) {
      fail(ctx, 400, false, "FileSizeError", "file_size " + fileSize + " differs from the " + s.fileSize() + " this upload started with.");
      return;
    }
    if (offset == 0 && restartAtZero) s.restart();
    if (offset != s.received()) {
      fail(ctx, 400, false, "OffsetInvalidError", "offset " + offset + " does not match the " + s.received() + " bytes received so far.");
      return;
    }
    s.declare(fileSize);
    long[] seen = {0};
    boolean[] tooMuch = {false};
    long began = System.nanoTime();
    req.handler(buf -> {
      if (tooMuch[0]) return;
      if (s.received() + buf.length() > fileSize) {
        tooMuch[0] = true;
        return;
      }
      s.accept(buf.getBytes());
      seen[0] += buf.length();
      // the last byte completes the file even if the connection then drops before the answer
      if (!s.complete() && s.finishIfWhole()) target.completed().accept(id, s);
      FaultActions.midStream(kit.vertx(), req, f, seen[0], began, () -> req.connection().close());
    });
    req.endHandler(v -> {
      if (tooMuch[0]) {
        fail(ctx, 400, false, "FileSizeError", "The body goes past file_size " + fileSize + ".");
        return;
      }
      succeed(ctx, f, success);
    });
  }

  private void pull(RoutingContext ctx, String id, Target target, UploadSession s, String url, JsonObject success, Fault f) {
    if (url.contains("fbcdn")) {
      fail(ctx, 400, false, "FileUrlError", "fbcdn URLs are not accepted as file_url.");
      return;
    }
    puller.pull(url, settings.maxUploadBytes).onComplete(r -> {
      if (r.failed()) {
        fail(ctx, 400, true, "FileUrlError", "Could not fetch file_url: " + r.cause().getMessage());
        return;
      }
      s.pulledFrom(r.result().size(), r.result().sha256());
      target.completed().accept(id, s);
      succeed(ctx, f, success);
    });
  }

  /** The success answer, dropped under {@code lost_response} (the bytes are taken all the same). */
  private static void succeed(RoutingContext ctx, Fault f, JsonObject success) {
    if (f != null && f.kind().equals("lost_response")) FaultActions.dropConnection(ctx);
    else ctx.response().setStatusCode(200).putHeader("Content-Type", "application/json").end(success.encode());
  }

  private static void fail(RoutingContext ctx, int status, boolean retriable, String type, String message) {
    // whatever body is still coming is read and dropped, so the client sees the answer instead of a reset
    ctx.request().handler(b -> { });
    ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(new JsonObject()
        .put("debug_info", new JsonObject().put("retriable", retriable).put("type", type).put("message", message)).encode());
  }
}
