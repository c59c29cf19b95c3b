package io.clipcast.web;

import io.vertx.core.json.JsonObject;

/**
 * Where this deployment's API is reachable from outside (signed media URLs, feeds): {@code http.publicUrl}, or, when that
 * is blank, {@code http://<http.host>:<http.port>} (a wildcard host read as 127.0.0.1), which is right for dev mode and
 * tests on any port; production sets the public HTTPS origin.
 */
public final class PublicUrl {
  private PublicUrl() {}

  public static String of(JsonObject config) {
    JsonObject http = config.getJsonObject("http", new JsonObject());
    String url = http.getString("publicUrl", "");
    if (!url.isBlank()) return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    String host = http.getString("host", "127.0.0.1");
    if (host.isBlank() || host.equals("0.0.0.0") || host.equals("::")) host = "127.0.0.1";
    return "http://" + host + ":" + http.getInteger("port", 8080);
  }
}
