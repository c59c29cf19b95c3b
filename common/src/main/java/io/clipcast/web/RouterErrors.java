package io.clipcast.web;

import io.clipcast.db.DependencyOutage;

import io.clipcast.ops.RequestIds;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;

import static net.logstash.logback.argument.StructuredArguments.kv;

/**
 * Maps what the router and its handlers reject with a bare status (unknown route, wrong method, oversize body,
 * {@code Expect} the server cannot meet, crash) to {@link ErrorReply}, so no answer of ours is an empty or
 * plain-text page. A crash caused by Postgres or Redis being out of reach is a 503, not a 500.
 */
public final class RouterErrors {
  private static final Logger log = LoggerFactory.getLogger(RouterErrors.class);

  private record Meaning(String code, String message) {}

  /** Statuses Vert.x Web handlers fail with on their own (ctx.fail(status)), and what the client should do. */
  private static final Map<Integer, Meaning> BARE = Map.ofEntries(
      Map.entry(400, new Meaning("bad_request", "The request could not be read: check its syntax and headers.")),
      Map.entry(401, new Meaning("unauthorized", "Sign in and send Authorization: Bearer <token>.")),
      Map.entry(403, new Meaning("forbidden", "This request is not allowed for your account.")),
      Map.entry(406, new Meaning("not_acceptable", "This endpoint answers in JSON; accept application/json.")),
      Map.entry(408, new Meaning("request_timeout", "The request did not arrive in time; send it again.")),
      Map.entry(411, new Meaning("length_required", "Send a Content-Length header with the body.")),
      Map.entry(413, new Meaning("payload_too_large", "The request body is larger than this endpoint accepts; send a smaller body.")),
      Map.entry(414, new Meaning("uri_too_long", "The URL is longer than this server reads; shorten it.")),
      Map.entry(415, new Meaning("unsupported_media_type", "Send the body with the content type this endpoint documents.")),
      Map.entry(417, new Meaning("expectation_failed", "Only 'Expect: 100-continue' is supported; drop the other Expect header.")),
      Map.entry(429, new Meaning("too_many_requests", "Too many requests; wait a moment and try again.")),
      Map.entry(431, new Meaning("headers_too_large", "The request headers are too large; send fewer or shorter headers.")));

  private RouterErrors() {}

  public static void install(Router router) {
    router.errorHandler(404, ctx -> ErrorReply.send(ctx, 404, "not_found",
        "No endpoint at " + ctx.request().method() + " " + ctx.request().path() + ". Check the path against /api/v1/openapi.json."));
    router.errorHandler(405, ctx -> ErrorReply.send(ctx, 405, "method_not_allowed",
        "This path does not accept " + ctx.request().method() + "."));
    BARE.forEach((status, meaning) -> router.errorHandler(status, ctx -> failed(ctx, status, meaning)));
    router.errorHandler(500, RouterErrors::crashed);
  }

  /** An {@link ApiError} a handler failed with speaks for itself, whatever bare status the router filed it under. */
  private static void failed(RoutingContext ctx, int status, Meaning meaning) {
    if (ctx.failure() instanceof ApiError || ctx.failure() instanceof io.vertx.core.json.DecodeException) {
      crashed(ctx);
      return;
    }
    ErrorReply.send(ctx, status, meaning.code(), meaning.message());
  }

  private static void crashed(RoutingContext ctx) {
    if (ctx.failure() instanceof ApiError e) {
      if (e.retryAfterSeconds() > 0) ctx.response().putHeader("Retry-After", Long.toString(e.retryAfterSeconds()));
      ErrorReply.send(ctx, e.status(), e.code(), e.getMessage(), e.field(), e.details());
      return;
    }
    if (ctx.failure() instanceof io.vertx.core.json.DecodeException) {
      ErrorReply.send(ctx, 400, "invalid_json", "The request body is not valid JSON: fix its syntax and send it again.");
      return;
    }
    if (DependencyOutage.causedBy(ctx.failure())) {
      log.warn("database or queue unreachable: {}", kv("requestId", RequestIds.of(ctx)), ctx.failure());
      ctx.response().putHeader("Retry-After", "5");
      ErrorReply.send(ctx, 503, "service_unavailable", "Clipcast cannot reach its database or queue right now, so nothing was"
          + " changed. Send the request again in a few seconds (with the same Idempotency-Key when publishing).");
      return;
    }
    log.error("unhandled error", kv("requestId", RequestIds.of(ctx)), ctx.failure());
    ErrorReply.send(ctx, 500, "internal",
        "Something went wrong on our side. Retry; if it keeps failing, report request id " + RequestIds.of(ctx) + ".");
  }
}
