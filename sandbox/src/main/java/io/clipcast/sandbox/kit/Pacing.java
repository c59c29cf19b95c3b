package io.clipcast.sandbox.kit;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Per-platform pacing, set through {@code /_sandbox/pacing} (docs/sandbox.md): a fixed processing time per post
 * ({@code latencyMs}, acted out like a {@code hang} with that delay on the platform's upload operation), and an app-wide
 * rate limit on the platform's post-creating operation, for all accounts together: a token bucket of {@code appPerSecond}
 * calls a second holding up to {@code appBurst} (default: one second's worth), refused with the platform's own
 * rate-limit answer (a drawn {@code rate_limit}, status 429). Consulted by {@link Faults#take} when no injected fault fires.
 */
public final class Pacing {
  /** The operation that receives a post's media, one call per post for a small clip: where the latency goes. */
  static final Map<String, String> LATENCY_OPERATION = Map.of("vk", "upload", "telegram", "sendVideo", "youtube", "upload",
      "tiktok", "upload.chunk1");
  /** The one call per post that an app-wide limit counts. */
  static final Map<String, String> APP_OPERATION = Map.of("vk", "video.save", "telegram", "sendVideo", "youtube", "videos.insert",
      "tiktok", "video.init");

  private record Setting(long latencyMs, String latencyMatch, double appPerSecond, int appBurst, String appMatch) {
    JsonObject toJson() {
      return new JsonObject().put("latencyMs", latencyMs).put("latencyMatch", latencyMatch).put("appPerSecond", appPerSecond)
          .put("appBurst", appBurst).put("appMatch", appMatch);
    }
  }

  /** The app's bucket: {@code tokens} left at {@code atNanos}. */
  private static final class Bucket {
    double tokens;
    long atNanos;

    Bucket(double tokens) {
      this.tokens = tokens;
      this.atNanos = System.nanoTime();
    }
  }

  private final Map<String, Setting> settings = new TreeMap<>();
  private final Map<String, Bucket> appBuckets = new TreeMap<>();
  private final Map<String, Long> appRefused = new TreeMap<>();

  void mount(Router router) {
    Control.post(router, "/_sandbox/pacing", 200, this::apply);
    router.get("/_sandbox/pacing").handler(ctx -> ctx.json(view()));
    router.delete("/_sandbox/pacing").handler(ctx -> {
      String platform = ctx.request().getParam("platform");
      synchronized (this) {
        if (platform == null) {
          settings.clear();
          appBuckets.clear();
          appRefused.clear();
        } else {
          settings.remove(platform);
          appBuckets.remove(platform);
          appRefused.remove(platform);
        }
      }
      ctx.response().setStatusCode(204).end();
    });
  }

  /** {@code {"platform", "latencyMs"?, "latencyMatch"?, "appPerSecond"?, "appBurst"?, "appMatch"?}}; absent keys keep their value. */
  private synchronized JsonObject apply(JsonObject b) {
    String platform = b.getString("platform");
    if (platform == null || platform.isBlank()) throw new IllegalArgumentException("need {platform, latencyMs?, appPerSecond?}");
    Setting old = settings.getOrDefault(platform, new Setting(0, LATENCY_OPERATION.get(platform), 0, 0, APP_OPERATION.get(platform)));
    long latency = b.getLong("latencyMs", old.latencyMs());
    double perSecond = b.getDouble("appPerSecond", old.appPerSecond());
    int burst = b.getInteger("appBurst", b.containsKey("appPerSecond") ? Math.max(1, (int) Math.ceil(perSecond)) : old.appBurst());
    String latencyMatch = b.getString("latencyMatch", old.latencyMatch());
    String appMatch = b.getString("appMatch", old.appMatch());
    if (latency < 0 || latency > 600_000) throw new IllegalArgumentException("latencyMs must be between 0 and 600000");
    if (perSecond < 0) throw new IllegalArgumentException("appPerSecond must be 0 (no limit) or more");
    if (perSecond > 0 && burst < 1) throw new IllegalArgumentException("appBurst must be at least 1");
    if (latency > 0 && latencyMatch == null) {
      throw new IllegalArgumentException("no default operation for " + platform + "'s latency: give latencyMatch (an operation name, as in faults' match)");
    }
    if (perSecond > 0 && appMatch == null) {
      throw new IllegalArgumentException("no default operation for " + platform + "'s app limit: give appMatch (an operation name, as in faults' match)");
    }
    settings.put(platform, new Setting(latency, latencyMatch, perSecond, burst, appMatch));
    appBuckets.remove(platform);   // a new limit starts full
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
    if (s.appPerSecond() > 0 && operation.contains(s.appMatch()) && !admit(platform, s)) {
      appRefused.merge(platform, 1L, Long::sum);
      return Optional.of(new Fault("pacing-" + UUID.randomUUID(), platform, "rate_limit", s.appMatch(), 429, 1, 0, 0, 0));
    }
    if (s.latencyMs() > 0 && operation.contains(s.latencyMatch())) {
      return Optional.of(new Fault("pacing-" + UUID.randomUUID(), platform, "hang", s.latencyMatch(), 503, 1, 0, 1_000_000L, s.latencyMs()));
    }
    return Optional.empty();
  }

  /** Takes a token from the app's bucket (refilled at appPerSecond, holding at most appBurst); false when it is empty. */
  private boolean admit(String platform, Setting s) {
    Bucket b = appBuckets.computeIfAbsent(platform, k -> new Bucket(s.appBurst()));
    long now = System.nanoTime();
    b.tokens = Math.min(s.appBurst(), b.tokens + (now - b.atNanos) / 1e9 * s.appPerSecond());
    b.atNanos = now;
    if (b.tokens < 1) return false;
    b.tokens -= 1;
    return true;
  }
}
