package io.clipcast.sandbox.kit;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Every completed post on every simulator, so tests can assert "published exactly once, byte-exact" (docs/sandbox.md). */
public final class Ledger {
  private final List<JsonObject> posts = new ArrayList<>();

  public void mount(Router router) {
    router.get("/_sandbox/posts").handler(ctx -> {
      String platform = ctx.request().getParam("platform");
      JsonArray items = new JsonArray();
      synchronized (posts) {
        posts.stream().filter(p -> platform == null || platform.equals(p.getString("platform"))).forEach(p -> items.add(p.copy()));
      }
      ctx.json(new JsonObject().put("items", items));
    });
    router.delete("/_sandbox/posts").handler(ctx -> {
      synchronized (posts) {
        posts.clear();
      }
      ctx.response().setStatusCode(204).end();
    });
  }

  /** Records a post that is now live on the simulated platform. */
  public void record(String platform, String account, String externalId, String caption, String title, long bytes, String sha256,
                     JsonObject extra) {
    JsonObject post = new JsonObject().put("platform", platform).put("account", account).put("externalId", externalId)
        .put("caption", caption).put("title", title).put("bytes", bytes).put("sha256", sha256).put("at", Instant.now().toString())
        .put("extra", extra == null ? new JsonObject() : extra);
    synchronized (posts) {
      posts.add(post);
    }
  }
}
