package io.clipcast.sandbox.tiktok;

import io.clipcast.sandbox.kit.SandboxKit;
import io.clipcast.sandbox.kit.Simulator;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;

/**
 * TikTok as described in {@code platforms/tiktok.md}: Login Kit under {@code /tiktok/oauth} (browser) and
 * {@code /tiktok/api/v2/oauth} ({@link TikTokOAuth}), the Content Posting, video and user API under {@code /tiktok/api}
 * ({@link TikTokContentApi}), the chunk upload host under {@code /tiktok/upload} ({@link TikTokUploadHost}), and
 * control under {@code /tiktok/_sandbox}: {@code settings} ({@link TikTokSettings}), {@code clients}, {@code oauth},
 * {@code creators}, {@code tokens}.
 */
public final class TikTokSimulator implements Simulator {
  @Override
  public String id() {
    return "tiktok";
  }

  @Override
  public void mount(Router router, SandboxKit kit) {
    TikTokSettings settings = new TikTokSettings();
    TikTokAccounts accounts = new TikTokAccounts(settings);
    TikTokPosts posts = new TikTokPosts(kit.vertx(), kit.ledger(), settings, accounts);
    router.post("/tiktok/_sandbox/settings").handler(BodyHandler.create().setBodyLimit(64 * 1024)).handler(ctx -> {
      JsonObject b;
      try {
        b = ctx.body().length() == 0 ? new JsonObject() : ctx.body().asJsonObject();
      } catch (RuntimeException e) {
        ctx.response().setStatusCode(400);
        ctx.json(new JsonObject().put("error", "settings must be a JSON object"));
        return;
      }
      settings.apply(b);
      ctx.json(settings.toJson());
    });
    router.get("/tiktok/_sandbox/settings").handler(ctx -> ctx.json(settings.toJson()));
    new TikTokOAuth(kit, accounts, settings).mount(router);
    new TikTokContentApi(kit, accounts, settings, posts, new TikTokPuller(kit, posts)).mount(router);
    new TikTokUploadHost(kit, posts).mount(router);
  }
}
