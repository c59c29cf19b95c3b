package io.clipcast.sandbox.tiktok;

import io.clipcast.sandbox.kit.Control;
import io.clipcast.sandbox.kit.SandboxKit;
import io.clipcast.sandbox.kit.Simulator;
import io.vertx.ext.web.Router;

/**
 * TikTok as described in {@code docs/platforms/tiktok.md}: Login Kit under {@code /tiktok/oauth} (browser) and
 * {@code /tiktok/api/v2/oauth} ({@link TikTokOAuth}), the Content Posting, video and user API under {@code /tiktok/api}
 * ({@link TikTokContentApi}), the chunk upload host under {@code /tiktok/upload} ({@link TikTokUploadHost}), and
 * control under {@code /tiktok/_sandbox}: {@code settings} ({@link TikTokSettings}), {@code clients}, {@code oauth},
 * {@code tokens}.
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
    Control.settings(router, "/tiktok/_sandbox/settings", settings::apply, settings::toJson);
    new TikTokOAuth(kit, accounts, settings).mount(router);
    new TikTokContentApi(kit, accounts, settings, posts, new TikTokPuller(kit, posts)).mount(router);
    new TikTokUploadHost(kit, posts).mount(router);
  }
}
