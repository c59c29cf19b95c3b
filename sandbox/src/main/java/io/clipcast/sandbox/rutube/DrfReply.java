package io.clipcast.sandbox.rutube;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.util.List;
import java.util.Map;

/**
 * Answers in the shapes of Rutube's Django REST Framework API (platforms/rutube.md §Errors): {@code {"detail": …}} for
 * auth/throttle/not-found, field → list of messages for validation, Django's bare HTML pages for 5xx and unknown paths.
 * A call marked {@link #LOST} (fault {@code lost_response}) has done its work and drops the connection instead.
 */
final class DrfReply {
  static final String LOST = "rutube.lostResponse";

  private DrfReply() {}

  static void json(RoutingContext ctx, int status, Object body) {
    send(ctx, status, "application/json", body instanceof JsonArray a ? a.encode() : ((JsonObject) body).encode());
  }

  static void detail(RoutingContext ctx, int status, String message) {
    json(ctx, status, new JsonObject().put("detail", message));
  }

  static void fieldErrors(RoutingContext ctx, Map<String, List<String>> errors) {
    JsonObject body = new JsonObject();
    errors.forEach((field, messages) -> body.put(field, new JsonArray(List.copyOf(messages))));
    json(ctx, 400, body);
  }

  /** DRF's TokenAuthentication answers 401 with a {@code WWW-Authenticate: Token} challenge. */
  static void unauthorized(RoutingContext ctx, String message) {
    ctx.response().putHeader("WWW-Authenticate", "Token");
    detail(ctx, 401, message);
  }

  static void throttled(RoutingContext ctx, int seconds) {
    ctx.response().putHeader("Retry-After", Integer.toString(seconds));
    detail(ctx, 429, "Request was throttled. Expected available in " + seconds + " seconds.");
  }

  static void methodNotAllowed(RoutingContext ctx) {
    detail(ctx, 405, "Method \"" + ctx.request().method().name() + "\" not allowed.");
  }

  /** Unhandled errors and gateway failures are HTML pages, not JSON: clients must not assume a JSON body on 5xx. */
  static void serverError(RoutingContext ctx, int status) {
    String body = status == 500 ? "<h1>Server Error (500)</h1>"
        : "<html><head><title>" + status + "</title></head><body><center><h1>" + status + "</h1></center><hr><center>nginx</center></body></html>";
    send(ctx, status, "text/html; charset=utf-8", body);
  }

  /** Django's page for a URL no view serves. */
  static void noSuchPath(RoutingContext ctx) {
    send(ctx, 404, "text/html; charset=utf-8", "<h1>Not Found</h1><p>The requested resource was not found on this server.</p>");
  }

  private static void send(RoutingContext ctx, int status, String type, String body) {
    if (Boolean.TRUE.equals(ctx.get(LOST))) {
      ctx.request().connection().close();
      return;
    }
    ctx.response().setStatusCode(status).putHeader("Content-Type", type).end(body);
  }
}
