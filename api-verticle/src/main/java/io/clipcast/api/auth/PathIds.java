package io.clipcast.api.auth;

import io.clipcast.web.ApiError;
import io.vertx.ext.web.RoutingContext;

import java.util.UUID;

/** Ids in paths: anything that is not a UUID cannot name an object, so it is "not found", like another user's id. */
public final class PathIds {
  private PathIds() {}

  public static UUID uuid(RoutingContext ctx, String param, String what) {
    String raw = ctx.pathParam(param);
    try {
      UUID id = UUID.fromString(raw);
      if (id.toString().equalsIgnoreCase(raw)) return id;
    } catch (IllegalArgumentException ignored) {
      // falls through to not found
    }
    throw ApiError.notFound(what + " " + raw);
  }
}
