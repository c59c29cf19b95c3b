package io.clipcast.sandbox.youtube;

import io.clipcast.sandbox.kit.Control;
import io.clipcast.sandbox.kit.SandboxKit;
import io.clipcast.sandbox.kit.Simulator;
import io.vertx.ext.web.Router;

/**
 * YouTube as described in {@code docs/platforms/youtube.md}: {@link GoogleOAuthServer}, {@link ResumableUploads},
 * {@link YouTubeDataApi} and the control routes listed in that doc's "Sandbox control routes".
 */
public final class YouTubeSimulator implements Simulator {
  static final String ID = "youtube";

  @Override
  public String id() {
    return ID;
  }

  @Override
  public void mount(Router router, SandboxKit kit) {
    YouTubeSettings settings = new YouTubeSettings();
    YouTubeQuota quota = new YouTubeQuota(settings);
    GoogleTokens tokens = new GoogleTokens();
    YouTubeChannels channels = new YouTubeChannels();
    YouTubeVideos videos = new YouTubeVideos();
    AuditedProjects projects = new AuditedProjects();
    Control.settings(router, "/youtube/_sandbox/settings", settings::apply, settings::toJson);
    router.get("/youtube/_sandbox/quota").handler(ctx -> ctx.json(quota.toJson()));
    router.delete("/youtube/_sandbox/quota").handler(ctx -> {
      quota.reset();
      videos.forgetUploadCounts();
      ctx.response().setStatusCode(204).end();
    });
    new GoogleOAuthServer(kit, tokens, channels, projects).mount(router);
    new ResumableUploads(kit, settings, quota, tokens, channels, videos, projects).mount(router);
    new YouTubeDataApi(kit, tokens, quota, videos, channels).mount(router);
  }
}
