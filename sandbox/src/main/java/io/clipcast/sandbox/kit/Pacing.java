package io.clipcast.sandbox.kit;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Per-platform pacing, set through {@code /_sandbox/pacing} (docs/sandbox.md): a fixed processing time per post
 * ({@code latencyMs}, acted out like a {@code hang} with that delay on the platform's upload operation), and an app-wide
 * rate limit ({@code appPerSecond}: at most that many calls of the platform's post-creating operation in any one-second
 * window, for all accounts together) refused with the platform's own rate-limit answer (a drawn {@code rate_limit},
 * status 429). Consulted by {@link Faults#take} when no injected fault fires.
 */
public final class Pacing {
  /** The operation that receives a post's media, one call per post for a small clip: where the latency goes. */
  static final Map<String, String> LATENCY_OPERATION = Map.of("vk", "upload", "telegram", "sendVideo", "youtube", "upload",
      "tiktok", "upload.chunk1");
  /** The one call per post that an app-wide limit counts. */
  static final Map<String, String> APP_OPERATION = Map.of("vk", "video.save", "telegram", "sendVideo", "youtube", "videos.insert",
      "tiktok", "video.init");

  private record Setting(long latencyMs, String latencyMatch, int appPerSecond, String appMatch) {
    JsonObject toJson() {
      return new JsonObject().put("latencyMs", latencyMs).put("latencyMatch", latencyMatch).put("appPerSecond", appPerSecond)
          .put("appMatch", appMatch);
    }
  }

  private final Map<String, Setting> settings = new TreeMap<>();
  private final Map<String, Deque<Long>> appCalls = new TreeMap<>();
  private final Map<String, Long> appRefused = new TreeMap<>();

  void mount(Router router) {
    Control.post(router, "/_sandbox/pacing", 200, this::apply);
    router.get("/_sandbox/pacing").handler(ctx -> ctx.json(view()));
    router.delete("/_sandbox/pacing").handler(ctx -> {
      String platform = ctx.request().getParam("platform");
      synchronized (this) {
        if (platform == null) {
          settings.clear();
          appCalls.clear();
          appRefused.clear();
        } else {
          settings.remove(platform);
          appCalls.remove(platform);
          appRefused.remove(platform);
        }
      }
      ctx.response().setStatusCode(204).end();
    });
  }

  /** {@code {"platform", "latencyMs"?, "latencyMatch"?, "appPerSecond"?, "appMatch"?}}; absent keys keep their value. */
  private synchronized JsonObject apply(JsonObject b) {
    String platform = b.getString("platform");
    if (platform == null || platform.isBlank()) throw new IllegalArgumentException("need {platform, latencyMs?, appPerSecond?}");
    Setting old = settings.getOrDefault(platform, new Setting(0, LATENCY_OPERATION.get(platform), 0, APP_OPERATION.get(platform)));
    long latency = b.getLong("latencyMs", old.latencyMs());
    int perSecond = b.getInteger("appPerSecond", old.appPerSecond());
    String latencyMatch = b.getString("latencyMatch", old.latencyMatch());
    String appMatch = b.getString("appMatch", old.appMatch());
    if (latency < 0 || latency > 600_000) throw new IllegalArgumentException("latencyMs must be between 0 and 600000");
    if (perSecond < 0) throw new IllegalArgumentException("appPerSecond must be 0 (no limit) or more");
    if (latency > 0 && latencyMatch == null) {
      throw new IllegalArgumentException("no default operation for " + platform + "'s latency: give latencyMatch (an operation name, as in faults' match)");
    }
    if (perSecond > 0 && appMatch == null) {
      throw new IllegalArgumentException("no default operation for " + platform + "'s app limit: give appMatch (an operation name, as in faults' match)");
    }
    settings.put(platform, new Setting(latency, latencyMatch, perSecond, appMatch));
    return view();
  }

  private synchronized JsonObject view() {
    JsonObject platforms = new JsonObject();
    settings.forEach((p, s) -> platforms.put(p, s.toJson().put("appRefused", appRefused.getOrDefault(p, 0L))));
    return new JsonObject().put("platforms", platforms);
  }

  /** A refusal (over the app-wide rate) or the post's processing time for this call, when pacing is set for it. */
  synchronized Optional<Fault> take(String platform, String operation) {
    Setting s = settings.get(platform);
    if (s == null) return Optional.empty();
    if (s.appPerSecond() > 0 && operation.contains(s.appMatch()) && !admit(platform, s.appPerSecond())) {
      appRefused.merge(platform, 1L, Long::sum);
      return Optional.of(new Fault("pacing-" + UUID.randomUUID(), platform, "rate_limit", s.appMatch(), 429, 1, 0, 0, 0));
    }
    if (s.latencyMs() > 0 && operation.contains(s.latencyMatch())) {
      return Optional.of(new Fault("pacing-" + UUID.randomUUID(), platform, "hang", s.latencyMatch(), 503, 1, 0, 1_000_000L, s.latencyMs()));
    }
    return Optional.empty();
  }

  /** A sliding one-second window for the whole app (all tokens), like VK's per-token window in vk/VkMethodApi.java. */
  private boolean admit(String platform, int perSecond) {
    long now = System.currentTimeMillis();
    Deque<Long> calls = appCalls.computeIfAbsent(platform, k -> new ArrayDeque<>());
    while (!calls.isEmpty() && calls.peekFirst() <= now - 1000) calls.pollFirst();
    if (calls.size() >= perSecond) return false;
    calls.addLast(now);
    return true;
  }
}
