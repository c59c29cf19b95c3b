package io.clipcast.platforms.youtube;

import io.clipcast.platforms.ConnectedAccount;
import io.clipcast.platforms.ConnectorSettings;
import io.clipcast.platforms.OAuthCallback;
import io.clipcast.platforms.OAuthSignIn;
import io.clipcast.platforms.OAuthStart;
import io.clipcast.platforms.PlatformConnector;
import io.clipcast.platforms.PlatformFailure;
import io.clipcast.platforms.PostStats;
import io.clipcast.platforms.PublishContext;
import io.clipcast.platforms.ResumeState;
import io.clipcast.platforms.PublishResult;
import io.clipcast.platforms.StatsReader;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;

import java.util.Optional;
import java.time.ZoneOffset;

/**
 * YouTube Shorts (docs/platforms/youtube.md): channels connect through Google OAuth with offline access
 * ({@link GoogleOAuthClient}); a clip goes up with the resumable protocol, resumed across attempts, and is published
 * once YouTube has processed it ({@link YouTubePublisher}); the Google project's daily quota is counted per Pacific day
 * ({@link UploadQuota}); counters come from {@code videos.list?part=statistics}.
 */
public final class YouTubeConnector implements PlatformConnector, StatsReader {
  private final YouTubeTimeouts timeouts;
  private GoogleOAuthClient oauth;
  private YouTubePublisher publisher;
  private YouTubeData data;

  public YouTubeConnector() {
    this(YouTubeTimeouts.DEFAULT);
  }

  YouTubeConnector(YouTubeTimeouts timeouts) {
    this.timeouts = timeouts;
  }

  @Override
  public String id() {
    return "youtube";
  }


  @Override
  public void init(Vertx vertx, ConnectorSettings settings) {
    YouTubeRules rules = YouTubeRules.from(settings.rules());
    WebClient web = WebClient.create(vertx, new WebClientOptions().setConnectTimeout(timeouts.connectMs()).setIdleTimeout(60)
        .setFollowRedirects(false));
    // the Google project is the OAuth client: its quota is what every connection of this deployment shares
    UploadQuota quota = new UploadQuota(rules, settings.clientId().isBlank() ? "unconfigured" : settings.clientId());
    this.data = new YouTubeData(web, settings.endpoint("api"), timeouts.callMs(), quota);
    this.oauth = new GoogleOAuthClient(vertx, web, settings, data, timeouts.callMs());
    ResumableUpload upload = new ResumableUpload(web, vertx.createHttpClient(new HttpClientOptions().setConnectTimeout(timeouts.connectMs())
        .setIdleTimeout(timeouts.uploadIdleSeconds())), settings.endpoint("api"), timeouts, quota);
    // oauth.clients.youtube.audited: whether the Google project passed YouTube's API audit (it words the private-lock note)
    this.publisher = new YouTubePublisher(rules, quota, upload, data, new AuditLock(settings.client().getBoolean("audited", false)));
  }

  /** Sign-in is the OAuth client's own job: the connector hands it out. */
  @Override
  public Optional<OAuthSignIn> oauth() {
    return Optional.ofNullable(oauth);
  }

  @Override
  public Future<PublishResult> publish(PublishContext ctx) {
    return publisher.publish(ctx);
  }

  /** Accepted once the upload finished and YouTube named the video. */
  @Override
  public boolean uploadAccepted(JsonObject uploadState) {
    return ResumeState.holds(uploadState, YouTubeResume::from, r -> r.videoId() != null);
  }

  /** Views, likes and comments ({@code videos.list?part=statistics}; YouTube sends the counts as strings). */
  @Override
  public Future<PostStats> stats(ConnectedAccount account, String externalId, JsonObject uploadState) {
    return data.video(account.accessToken(), externalId, "statistics", ZoneOffset.UTC).compose(video -> {
      if (video == null) {
        return Future.failedFuture(PlatformFailure.permanent("deleted", "YouTube no longer lists video " + externalId + " (deleted or private)."));
      }
      JsonObject s = video.getJsonObject("statistics", new JsonObject());
      return Future.succeededFuture(new PostStats(count(s, "viewCount"), count(s, "likeCount"), count(s, "commentCount"), null, s));
    });
  }

  private static Long count(JsonObject statistics, String field) {
    Object v = statistics.getValue(field);
    if (v instanceof Number n) return n.longValue();
    try {
      return v == null ? null : Long.parseLong(v.toString());
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
