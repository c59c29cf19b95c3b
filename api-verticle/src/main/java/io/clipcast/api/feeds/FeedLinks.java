package io.clipcast.api.feeds;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

/** Feed URLs of feed-based connections, under this deployment's {@link io.clipcast.web.PublicUrl}. */
public final class FeedLinks {
  private FeedLinks() {}

  public static String publicUrl(JsonObject config) {
    return io.clipcast.web.PublicUrl.of(config);
  }

  public static String feedUrl(String publicUrl, String secret) {
    return publicUrl + "/feeds/" + secret + ".xml";
  }

  /**
   * The feed URL of a connection whose metadata has a {@code feedSecret}, else null; for JSON built where only the
   * row is at hand, from the config of the verticle handling the request.
   */
  public static String feedUrl(JsonObject metadata) {
    String secret = metadata == null ? null : metadata.getString("feedSecret");
    if (secret == null) return null;
    Context ctx = Vertx.currentContext();
    return feedUrl(publicUrl(ctx == null ? new JsonObject() : ctx.config()), secret);
  }
}
