package io.clipcast.sandbox.facebook;

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

/** Facebook Reels on Pages (docs/platforms/facebook.md, "Sandbox control routes"). */
public final class FacebookSimulator implements Simulator {
  static final String APP_ID = "710000000000002";
  static final String APP_SECRET = "sandbox-facebook-secret";

  @Override
  public String id() {
    return "facebook";
  }

  @Override
  public void mount(Router router, SandboxKit kit) {
    new GraphVersions().mount(router, id());   // first: every Graph call below is checked against its version's sunset
    MetaDirectory directory = new MetaDirectory();
    MetaTokens tokens = new MetaTokens();
    MetaSettings settings = new MetaSettings();
    new FacebookLoginServer(kit, id(), directory, tokens, settings, APP_ID, APP_SECRET).mount(router);
    Control.settings(router, "/facebook/_sandbox/api", settings::apply, settings::toJson);
    RuploadHost rupload = new RuploadHost(kit, id(), tokens, settings, new MediaPuller(kit.vertx()), false);
    new FbReelsApi(kit, directory, tokens, settings, rupload).mount(router);
  }
}
