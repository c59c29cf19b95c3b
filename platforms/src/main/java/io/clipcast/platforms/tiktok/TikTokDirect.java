package io.clipcast.platforms.tiktok;

import io.clipcast.platforms.ConnectedAccount;
import io.clipcast.platforms.ConnectorSettings;
import io.clipcast.platforms.OAuthCallback;
import io.clipcast.platforms.OAuthSignIn;
import io.clipcast.platforms.OAuthStart;
import io.clipcast.platforms.PlatformFailure;
import io.clipcast.platforms.PostStats;
import io.clipcast.platforms.PublishContext;
import io.clipcast.platforms.PublishResult;
import io.clipcast.platforms.StatsReader;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;

/**
 * TikTok through this server's own TikTok app: Login Kit ({@link TikTokLogin}), Direct Post ({@link TikTokPublisher})
 * and {@code video/query} counters. {@code oauth.clients.tiktok.audited} says whether the app passed TikTok's audit
 * (until then every post is SELF_ONLY).
 */
final class TikTokDirect implements TikTokRoute, OAuthSignIn, StatsReader {
  private final TikTokApi api;
  private final TikTokLogin login;
  private final TikTokPublisher publisher;

  TikTokDirect(Vertx vertx, ConnectorSettings settings, TikTokTimeouts timeouts) {
    WebClient web = WebClient.create(vertx, new WebClientOptions().setConnectTimeout(timeouts.connectMs()).setIdleTimeout(60));
    this.api = new TikTokApi(web, settings.endpoint("api"), timeouts.callMs());
    this.login = new TikTokLogin(vertx, web, settings, api, timeouts.callMs());
    ChunkUploader uploader = new ChunkUploader(vertx.createHttpClient(new HttpClientOptions().setConnectTimeout(timeouts.connectMs())
        .setIdleTimeout(timeouts.uploadIdleSeconds())), timeouts.connectMs());
    this.publisher = new TikTokPublisher(api, uploader, settings.client().getBoolean("audited", false));
  }


  @Override
  public String authorizationUrl(OAuthStart start) {
    return login.authorizationUrl(start);
  }

  @Override
  public Future<ConnectedAccount> exchangeCode(OAuthCallback callback) {
    return login.exchangeCode(callback);
  }

  @Override
  public Future<ConnectedAccount> refresh(ConnectedAccount current) {
    return login.refresh(current);
  }

  @Override
  public Future<PublishResult> publish(PublishContext ctx) {
    return publisher.publish(ctx);
  }

  /** TikTok names no video for a post that is not public (and video.list reads public videos only): it has no counters. */
  @Override
  public boolean readable(String externalId, JsonObject uploadState) {
    return TikTokResume.from(uploadState).videoId() != null;
  }

  /** {@code POST /v2/video/query/} for the published video (scope video.list). */
  @Override
  public Future<PostStats> stats(ConnectedAccount account, String externalId, JsonObject uploadState) {
    String videoId = TikTokResume.from(uploadState).videoId();
    if (videoId == null) {
      return Future.failedFuture(PlatformFailure.permanent(null, "Post " + externalId + " has no counters: "
          + TikTokPublisher.NO_STATS + "."));
    }
    return api.post(account.accessToken(), "/v2/video/query/?fields=id,view_count,like_count,comment_count,share_count",
        new JsonObject().put("filters", new JsonObject().put("video_ids", new JsonArray().add(videoId))), "reading the video's counters", null)
        .compose(data -> {
          JsonObject v = data.getJsonArray("videos", new JsonArray()).stream().map(o -> (JsonObject) o)
              .filter(x -> videoId.equals(String.valueOf(x.getValue("id")))).findFirst().orElse(null);
          if (v == null) {
            return Future.failedFuture(PlatformFailure.permanent(null, "TikTok no longer shows video " + videoId + " (deleted or hidden)."));
          }
          return Future.succeededFuture(new PostStats(v.getLong("view_count"), v.getLong("like_count"), v.getLong("comment_count"),
              v.getLong("share_count"), v));
        });
  }
}
