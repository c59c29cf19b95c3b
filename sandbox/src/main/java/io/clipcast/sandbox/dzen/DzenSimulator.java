package io.clipcast.sandbox.dzen;

import io.clipcast.sandbox.kit.SandboxKit;
import io.clipcast.sandbox.kit.Simulator;
import io.vertx.ext.web.Router;

/**
 * Dzen (docs/platforms/dzen.md). Dzen has no publishing API, so the simulator is what a Dzen integration really meets:
 * Yandex OAuth ({@code /dzen/oauth/…}, endpoint {@code oauth}) and Yandex ID user info ({@code /dzen/login/info},
 * endpoint {@code login}) for connecting the account, and Dzen's RSS importer, which pulls the feed a publisher serves
 * and imports its videos ({@code /dzen/_sandbox/feeds}). Faults: operations {@code token}, {@code info}, {@code poll}.
 */
public final class DzenSimulator implements Simulator {
  @Override
  public String id() {
    return "dzen";
  }

  @Override
  public void mount(Router router, SandboxKit kit) {
    YandexAccounts accounts = new YandexAccounts();
    new YandexOAuthServer(kit, accounts).mount(router);
    new YandexIdInfo(kit, accounts).mount(router);
    new FeedPoller(kit).mount(router);
  }
}
