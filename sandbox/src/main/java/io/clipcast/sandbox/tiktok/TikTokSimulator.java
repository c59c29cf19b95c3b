package io.clipcast.sandbox.tiktok;

import io.clipcast.sandbox.kit.Control;
import io.clipcast.sandbox.kit.SandboxKit;
import io.clipcast.sandbox.kit.Simulator;
import io.vertx.ext.web.Router;

/**
 * TikTok as described in {@code docs/platforms/tiktok.md}: {@link TikTokOAuth}, {@link TikTokContentApi},
 * {@link TikTokUploadHost} and the control routes listed in that doc's "Sandbox control routes".
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
    Control.post(router, "/tiktok/_sandbox/accounts/privacy", 200, accounts::setPrivacy);
    new TikTokOAuth(kit, accounts).mount(router);
    new TikTokContentApi(kit, accounts, settings, posts, new TikTokPuller(kit, posts)).mount(router);
    new TikTokUploadHost(kit, posts).mount(router);
  }
}
