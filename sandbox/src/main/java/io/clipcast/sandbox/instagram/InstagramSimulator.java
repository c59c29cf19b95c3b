package io.clipcast.sandbox.instagram;

import io.clipcast.sandbox.kit.Control;
import io.clipcast.sandbox.kit.SandboxKit;
import io.clipcast.sandbox.kit.Simulator;
import io.clipcast.sandbox.meta.FacebookLoginServer;
import io.clipcast.sandbox.meta.MediaPuller;
import io.clipcast.sandbox.meta.GraphVersions;
import io.clipcast.sandbox.meta.MetaDirectory;
import io.clipcast.sandbox.meta.MetaSettings;
import io.clipcast.sandbox.meta.MetaTokens;
import io.clipcast.sandbox.meta.RuploadHost;
import io.vertx.ext.web.Router;

/** Instagram Reels through the Instagram API with Facebook Login (docs/platforms/instagram.md, "Sandbox control routes"). */
public final class InstagramSimulator implements Simulator {
  static final String APP_ID = "710000000000001";
  static final String APP_SECRET = "sandbox-instagram-secret";

  @Override
  public String id() {
    return "instagram";
  }

  @Override
  public void mount(Router router, SandboxKit kit) {
    new GraphVersions().mount(router, id());   // first: every Graph call below is checked against its version's sunset
    MetaDirectory directory = new MetaDirectory();
    MetaTokens tokens = new MetaTokens();
    MetaSettings settings = new MetaSettings();
    new FacebookLoginServer(kit, id(), directory, tokens, settings, APP_ID, APP_SECRET).mount(router);
    Control.settings(router, "/instagram/_sandbox/api", settings::apply, settings::toJson);
    MediaPuller puller = new MediaPuller(kit.vertx());
    RuploadHost rupload = new RuploadHost(kit, id(), tokens, settings, puller, true);
    new IgGraphApi(kit, directory, tokens, settings, puller, rupload).mount(router);
  }
}
