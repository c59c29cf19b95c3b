package io.clipcast.api.feeds;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

/**
 * Where this deployment's feeds are reachable from the internet: {@code http.publicUrl}, or, when that is blank,
 * {@code http://<http.host>:<http.port>} (a wildcard host read as 127.0.0.1), which is right for dev mode and tests on
 * any port; production sets the public HTTPS origin.
 */
public final class FeedLinks {
  private FeedLinks() {}

  public static String publicUrl(JsonObject config) {
    JsonObject http = config.getJsonObject("http", new JsonObject());
    String url = http.getString("publicUrl", "");
    if (!url.isBlank()) return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    String host = http.getString("host", "127.0.0.1");
    if (host.isBlank() || host.equals("0.0.0.0") || host.equals("::")) host = "127.0.0.1";
    return "http://" + host + ":" + http.getInteger("port", 8080);
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
