package io.clipcast.sandbox.kit;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.util.Map;
import java.util.TreeMap;

/**
 * How many rate-limit refusals the sandbox gave, per platform ({@code GET /_sandbox/refusals}): every HTTP 429 answer
 * under {@code /<platform>/...} (TikTok, Telegram's flood wait, YouTube's 429, the Meta and LinkedIn 429s), plus the
 * refusals a platform gives with another status, counted by its simulator through {@link #count} (VK's error 6 comes
 * in an HTTP 200).
 */
public final class RateRefusals {
  private final Map<String, Long> byPlatform = new TreeMap<>();

  /** Counts this request's answer if it is a 429; mounted before every simulator route. */
  void observe(RoutingContext ctx) {
    String path = ctx.request().path();
    if (path != null && path.length() > 1 && !path.startsWith("/_sandbox")) {
      int slash = path.indexOf('/', 1);
      String platform = slash < 0 ? path.substring(1) : path.substring(1, slash);
      ctx.addHeadersEndHandler(v -> {
        if (ctx.response().getStatusCode() == 429) count(platform);
      });
    }
    ctx.next();
  }

  /** One refusal given by {@code platform} (for refusals that are not an HTTP 429). */
  public synchronized void count(String platform) {
    byPlatform.merge(platform, 1L, Long::sum);
  }

  public synchronized long total() {
    return byPlatform.values().stream().mapToLong(Long::longValue).sum();
  }

  void mount(Router router) {
    router.route().handler(this::observe);
    router.get("/_sandbox/refusals").handler(ctx -> ctx.json(view()));
    router.delete("/_sandbox/refusals").handler(ctx -> {
      synchronized (this) {
        byPlatform.clear();
      }
      ctx.response().setStatusCode(204).end();
    });
  }

  private synchronized JsonObject view() {
    JsonObject platforms = new JsonObject();
    byPlatform.forEach(platforms::put);
    return new JsonObject().put("total", total()).put("platforms", platforms);
  }
}
