package io.clipcast.api.feeds;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.util.UUID;

/** Feed URLs of feed-based connections, under this deployment's {@link io.clipcast.web.PublicUrl}. */
public final class FeedLinks {
  private FeedLinks() {}

  public static String publicUrl(JsonObject config) {
    return io.clipcast.web.PublicUrl.of(config);
  }

  public static String feedUrl(String publicUrl, String token) {
    return publicUrl + "/feeds/" + token + ".xml";
  }

  /**
   * The feed URL of a connection whose metadata has a {@code feedNonce}, else null; for JSON built where only the
   * row is at hand, from the config of the verticle handling the request.
   */
  public static String feedUrl(UUID connectionId, JsonObject metadata) {
    String nonce = metadata == null ? null : metadata.getString("feedNonce");
    if (nonce == null) return null;
    Context ctx = Vertx.currentContext();
    return feedUrl(ctx == null ? new JsonObject() : ctx.config(), connectionId, nonce);
  }

  static String feedUrl(JsonObject config, UUID connectionId, String nonce) {
    String secret = config.getJsonObject("auth", new JsonObject()).getString("jwtSecret", "");
    return feedUrl(publicUrl(config), new FeedTokens(secret).token(connectionId, nonce));
  }
}
