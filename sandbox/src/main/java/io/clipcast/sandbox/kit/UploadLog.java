package io.clipcast.sandbox.kit;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The last uploads any simulator received in full, timed by the receiving server ({@code /_sandbox/uploads}, docs/sandbox.md). */
public final class UploadLog {
  private static final int KEEP = 1000;
  private static final Map<Vertx, UploadLog> BY_SANDBOX = new ConcurrentHashMap<>();

  private final Deque<JsonObject> uploads = new ArrayDeque<>();

  /** The log of the sandbox running on {@code vertx} (one per sandbox, found by every receiver without wiring). */
  public static UploadLog of(Vertx vertx) {
    return BY_SANDBOX.computeIfAbsent(vertx, v -> new UploadLog());
  }

  public void mount(Router router) {
    router.get("/_sandbox/uploads").handler(ctx -> {
      JsonArray items = new JsonArray();
      synchronized (uploads) {
        uploads.forEach(u -> items.add(u.copy()));
      }
      ctx.json(new JsonObject().put("items", items));
    });
  }

  void record(String path, long bytes, String sha256, double receiveMs) {
    JsonObject u = new JsonObject().put("path", path).put("bytes", bytes).put("sha256", sha256).put("receiveMs", receiveMs)
        .put("at", Instant.now().toString());
    synchronized (uploads) {
      uploads.addLast(u);
      if (uploads.size() > KEEP) uploads.removeFirst();
    }
  }

  /** Forgets the sandbox's log when its Vert.x closes. */
  public static void forget(Vertx vertx) {
    BY_SANDBOX.remove(vertx);
  }
}
