package io.clipcast.sandbox.youtube;

import io.clipcast.sandbox.kit.SandboxKit;
import io.clipcast.sandbox.kit.Simulator;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;

/**
 * YouTube as described in {@code platforms/youtube.md}, on the endpoints {@code platformApis.youtube} names: Google
 * OAuth under {@code /youtube/oauth} (authorize page) and {@code /youtube/token} (token, revoke) —
 * {@link GoogleOAuthServer}; the resumable upload under {@code /youtube/api/upload/youtube/v3/videos}
 * ({@link ResumableUploads}); videos.list and channels.list under {@code /youtube/api/youtube/v3}
 * ({@link YouTubeDataApi}). Control under {@code /youtube/_sandbox}: {@code oauth}, {@code clients}, {@code tokens},
 * {@code settings} ({@link YouTubeSettings}), {@code GET|DELETE quota} (per-project usage today; reset also forgets
 * the channels' 24 h upload counts).
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
    router.post("/youtube/_sandbox/settings").handler(BodyHandler.create().setBodyLimit(64 * 1024)).handler(ctx -> {
      JsonObject b;
      try {
        b = ctx.body().length() == 0 ? new JsonObject() : ctx.body().asJsonObject();
      } catch (RuntimeException e) {
        b = null;
      }
      String problem = b == null ? "the body must be a JSON object" : settings.apply(b);
      if (problem != null) {
        ctx.response().setStatusCode(400);
        ctx.json(new JsonObject().put("error", problem));
        return;
      }
      ctx.json(settings.toJson());
    });
    router.get("/youtube/_sandbox/quota").handler(ctx -> ctx.json(quota.toJson()));
    router.delete("/youtube/_sandbox/quota").handler(ctx -> {
      quota.reset();
      videos.forgetUploadCounts();
      ctx.response().setStatusCode(204).end();
    });
    new GoogleOAuthServer(kit, new GoogleClients(), tokens, channels).mount(router);
    new ResumableUploads(kit, settings, quota, tokens, channels, videos).mount(router);
    new YouTubeDataApi(kit, tokens, quota, videos, channels).mount(router);
  }
}
