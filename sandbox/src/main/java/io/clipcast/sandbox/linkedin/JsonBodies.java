package io.clipcast.sandbox.linkedin;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.util.Locale;

/** The JSON object body of a Rest.li call, or null after answering 400 when there is none. */
final class JsonBodies {
  private JsonBodies() {}

  static JsonObject object(RoutingContext ctx, Reply reply) {
    String type = ctx.request().getHeader("Content-Type");
    if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("application/json")) {
      reply.error(400, "ILLEGAL_ARGUMENT", null, "Content-Type must be application/json");
      return null;
    }
    try {
      JsonObject b = ctx.body().asJsonObject();
      if (b != null) return b;
    } catch (RuntimeException e) {
      // answered below
    }
    reply.error(400, "ILLEGAL_ARGUMENT", null, "The request body must be a JSON object");
    return null;
  }
}
