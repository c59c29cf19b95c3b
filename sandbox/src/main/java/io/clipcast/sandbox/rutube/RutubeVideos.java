package io.clipcast.sandbox.rutube;

import io.clipcast.sandbox.kit.Fault;
import io.clipcast.sandbox.kit.SandboxKit;
import io.clipcast.sandbox.kit.oauth.OAuthParams;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The videos and their life after {@code POST /api/video/}: pull the URL, convert for {@code processingMs}, then
 * {@code ready} (recorded in the ledger with the pulled bytes' size and sha256, then {@code callback_url} notified) or
 * {@code error} with the reason ({@code errback_url} notified).
 */
final class RutubeVideos {
  private final SandboxKit kit;
  private final RutubeSettings settings;
  private final MediaPuller puller;
  private final Map<String, RutubeVideo> byId = new ConcurrentHashMap<>();

  RutubeVideos(SandboxKit kit, RutubeSettings settings) {
    this.kit = kit;
    this.settings = settings;
    this.puller = new MediaPuller(kit.vertx());
  }

  /** Creates the video and starts pulling; {@code failConversion} = fault processing_failure taken by the create call. */
  RutubeVideo create(RutubeAccounts.Account owner, VideoCreateForm.Values form, boolean failConversion) {
    RutubeVideo video = new RutubeVideo(OAuthParams.random(32, "0123456789abcdef"), owner, form);
    byId.put(video.id, video);
    Fault pullFault = kit.faults().take("rutube", "pull").orElse(null);
    boolean fail = failConversion || (pullFault != null && pullFault.kind().equals("processing_failure"));
    if (pullFault != null && pullFault.kind().equals("hang")) {
      if (pullFault.delayMs() > 0) kit.vertx().setTimer(pullFault.delayMs(), t -> process(video, null, fail));
    } else {
      process(video, pullFault, fail);
    }
    return video;
  }

  Optional<RutubeVideo> get(String id) {
    return Optional.ofNullable(byId.get(id));
  }

  /** A user's videos, newest first. */
  List<RutubeVideo> ofOwner(long userId) {
    return byId.values().stream().filter(v -> v.owner.userId() == userId)
        .sorted(Comparator.comparing((RutubeVideo v) -> v.created).reversed()).toList();
  }

  private void process(RutubeVideo video, Fault pullFault, boolean failConversion) {
    puller.pull(video.form.url(), settings.maxFileBytes, pullFault).onComplete(pulled -> {
      if (pulled.failed()) {
        fail(video, pulled.cause() instanceof MediaPuller.PullFailed p ? p.reason : "download_error");
        return;
      }
      video.status = "converting";
      kit.vertx().setTimer(Math.max(1, settings.processingMs), t -> {
        if (failConversion) {
          fail(video, "conversion_error");
          return;
        }
        video.readyAt = Instant.now();
        video.status = "ready";
        kit.ledger().record("rutube", Long.toString(video.owner.userId()), video.id, video.form.description(), video.form.title(),
            pulled.result().bytes(), pulled.result().sha256(), new JsonObject().put("url", video.form.url())
                .put("isHidden", video.form.hidden()).put("categoryId", video.form.categoryId()));
        notify(video.form.callbackUrl(), video);
      });
    });
  }

  private void fail(RutubeVideo video, String reason) {
    video.errorReason = reason;
    video.status = "error";
    notify(video.form.errbackUrl(), video);
  }

  /** Best effort, like Rutube's own callbacks (docs/platforms/rutube.md: "did not fire reliably"). */
  private void notify(String url, RutubeVideo video) {
    if (url == null) return;
    RequestOptions post = new RequestOptions().setMethod(HttpMethod.POST).setAbsoluteURI(url).setIdleTimeout(10_000)
        .putHeader("Content-Type", "application/json");
    puller.client().request(post)
        .compose(req -> req.send(Buffer.buffer(video.toJson(settings.hitsPerSecond).encode())))
        .compose(resp -> resp.body())
        .onFailure(e -> { /* an unreachable callback does not change the video */ });
  }
}
