package io.clipcast.sandbox.youtube;

import io.clipcast.sandbox.kit.Fault;
import io.clipcast.sandbox.kit.Reply;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * A {@link Reply} in Google's shapes: the API error envelope {@code {"error":{"code","message","errors":[{"domain",
 * "reason","message"}]}}} ({@link #apiError}); OAuth errors are the kit's {@code {"error","error_description"}}.
 */
final class Answer extends Reply {
  /** An API error thrown from a handler's checks; {@link YouTubeFaults#run} answers it. */
  static final class Refusal extends RuntimeException {
    final int status;
    final String domain;
    final String reason;

    Refusal(int status, String domain, String reason, String message) {
      super(message, null, false, false);
      this.status = status;
      this.domain = domain;
      this.reason = reason;
    }
  }

  Answer(RoutingContext ctx, Fault fault) {
    super(ctx, fault, "application/json; charset=UTF-8");
  }

  void apiError(int status, String domain, String reason, String message) {
    json(status, envelope(status, domain, reason, message));
  }

  @Override
  protected String encode(JsonObject body) {
    return body.encodePrettily();
  }

  static JsonObject envelope(int status, String domain, String reason, String message) {
    return new JsonObject().put("error", new JsonObject().put("code", status).put("message", message)
        .put("errors", new JsonArray().add(new JsonObject().put("message", message).put("domain", domain).put("reason", reason))));
  }

  /** The {@code part} parameter as a set, or null after answering why it is refused. */
  Set<String> parts(String part, Set<String> known) {
    if (part == null || part.isBlank()) {
      apiError(400, "global", "required", "Required parameter: part");
      return null;
    }
    Set<String> out = new LinkedHashSet<>();
    for (String p : part.split(",")) {
      if (!known.contains(p.trim())) {
        apiError(400, "youtube.part", "unknownPart", "'" + p.trim() + "'");
        return null;
      }
      out.add(p.trim());
    }
    return out;
  }

  static Refusal quotaExceeded() {
    return new Refusal(403, "youtube.quota", "quotaExceeded", "The request cannot be completed because you have exceeded your "
        + "<a href=\"/youtube/v3/getting-started#quota\">quota</a>.");
  }
}
