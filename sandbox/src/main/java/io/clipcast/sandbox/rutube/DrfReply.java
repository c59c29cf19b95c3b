package io.clipcast.sandbox.rutube;

import io.clipcast.sandbox.kit.Fault;
import io.clipcast.sandbox.kit.Reply;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.util.List;
import java.util.Map;

/**
 * A kit reply in the shapes of Rutube's Django REST Framework API (docs/platforms/rutube.md): {@code {"detail": …}}
 * for auth/throttle/not-found, field → list of messages for validation, Django's bare HTML pages for 5xx and unknown
 * paths. Under {@code lost_response} the work is done and the connection dropped instead of any answer.
 */
final class DrfReply extends Reply {
  DrfReply(RoutingContext ctx, Fault fault) {
    super(ctx, fault, "application/json");
  }

  void json(int status, JsonArray body) {
    send(status, "application/json", body.encode());
  }

  void detail(int status, String message) {
    json(status, new JsonObject().put("detail", message));
  }

  void fieldErrors(Map<String, List<String>> errors) {
    JsonObject body = new JsonObject();
    errors.forEach((field, messages) -> body.put(field, new JsonArray(List.copyOf(messages))));
    json(400, body);
  }

  /** DRF's TokenAuthentication answers 401 with a {@code WWW-Authenticate: Token} challenge. */
  void unauthorized(String message) {
    ctx().response().putHeader("WWW-Authenticate", "Token");
    detail(401, message);
  }

  void throttled(int seconds) {
    ctx().response().putHeader("Retry-After", Integer.toString(seconds));
    detail(429, "Request was throttled. Expected available in " + seconds + " seconds.");
  }

  void methodNotAllowed() {
    detail(405, "Method \"" + ctx().request().method().name() + "\" not allowed.");
  }

  /** Unhandled errors and gateway failures are HTML pages, not JSON: clients must not assume a JSON body on 5xx. */
  void serverError(int status) {
    send(status, "text/html; charset=utf-8", status == 500 ? "<h1>Server Error (500)</h1>"
        : "<html><head><title>" + status + "</title></head><body><center><h1>" + status + "</h1></center><hr><center>nginx</center></body></html>");
  }

  /** Django's page for a URL no view serves. */
  void noSuchPath() {
    send(404, "text/html; charset=utf-8", "<h1>Not Found</h1><p>The requested resource was not found on this server.</p>");
  }
}
