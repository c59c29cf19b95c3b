package io.clipcast.web;

import io.clipcast.ops.RequestIds;
import io.vertx.ext.web.Router;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static net.logstash.logback.argument.StructuredArguments.kv;

/** Maps what the router itself rejects (unknown route, wrong method, oversize body, crash) to {@link ErrorReply}. */
public final class RouterErrors {
  private static final Logger log = LoggerFactory.getLogger(RouterErrors.class);

  private RouterErrors() {}

  public static void install(Router router) {
    router.errorHandler(404, ctx -> ErrorReply.send(ctx, 404, "not_found",
        "No endpoint at " + ctx.request().method() + " " + ctx.request().path() + ". Check the path against /api/v1/openapi.json."));
    router.errorHandler(405, ctx -> ErrorReply.send(ctx, 405, "method_not_allowed",
        "This path does not accept " + ctx.request().method() + "."));
    router.errorHandler(413, ctx -> ErrorReply.send(ctx, 413, "payload_too_large",
        "The request body is larger than this endpoint accepts; send a smaller body."));
    router.errorHandler(400, ctx -> ErrorReply.send(ctx, 400, "bad_request", "The request could not be read: check its syntax and headers."));
    router.errorHandler(500, ctx -> {
      if (ctx.failure() instanceof ApiError e) {
        if (e.retryAfterSeconds() > 0) ctx.response().putHeader("Retry-After", Long.toString(e.retryAfterSeconds()));
        ErrorReply.send(ctx, e.status(), e.code(), e.getMessage(), e.field(), e.details());
        return;
      }
      if (ctx.failure() instanceof io.vertx.core.json.DecodeException) {
        ErrorReply.send(ctx, 400, "invalid_json", "The request body is not valid JSON: fix its syntax and send it again.");
        return;
      }
      log.error("unhandled error", kv("requestId", RequestIds.of(ctx)), ctx.failure());
      ErrorReply.send(ctx, 500, "internal",
          "Something went wrong on our side. Retry; if it keeps failing, report request id " + RequestIds.of(ctx) + ".");
    });
  }
}
