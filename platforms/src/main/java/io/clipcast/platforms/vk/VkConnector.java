package io.clipcast.platforms.vk;

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
import io.clipcast.platforms.catalog.ApiRules;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;

import java.util.Optional;

/**
 * VK (docs/platforms/vk.md): accounts connect through VK ID ({@link VkIdClient}); a clip is published as a video on the
 * user's page or a community's ({@code groupId} in the target options or the connection metadata) and posted to that
 * wall the way {@code oauth.clients.vk.route} picks ({@link VkRoute}, {@link VkPublisher}); counters come from
 * {@code video.get}.
 */
public final class VkConnector implements PlatformConnector, StatsReader {
  private final VkTimeouts timeouts;
  private VkIdClient id;
  private VkPublisher publisher;
  private VkVideoLookup lookup;

  public VkConnector() {
    this(VkTimeouts.DEFAULT);
  }

  VkConnector(VkTimeouts timeouts) {
    this.timeouts = timeouts;
  }

  @Override
  public String id() {
    return "vk";
  }


  @Override
  public void init(Vertx vertx, ConnectorSettings settings) {
    VkRoute route = VkRoute.of(settings.client().getString("route"));
    String version = settings.rules().api().map(ApiRules::version)
        .orElseThrow(() -> new IllegalStateException("conf/platforms/vk.json has no api.version: VK needs v on every call"));
    WebClient web = WebClient.create(vertx, new WebClientOptions().setConnectTimeout(timeouts.connectMs()).setIdleTimeout(60));
    VkApiClient api = new VkApiClient(vertx, web, settings.endpoint("api"), version, timeouts.callMs());
    this.id = new VkIdClient(vertx, web, settings, route.scope, timeouts.callMs());
    this.lookup = new VkVideoLookup(api);
    VkUploader uploader = new VkUploader(vertx.createHttpClient(new HttpClientOptions().setConnectTimeout(timeouts.connectMs())
        .setIdleTimeout(timeouts.uploadIdleSeconds())), timeouts);
    this.publisher = new VkPublisher(api, uploader, lookup, route);
  }

  /** Sign-in is the OAuth client's own job: the connector hands it out. */
  @Override
  public Optional<OAuthSignIn> oauth() {
    return Optional.ofNullable(id);
  }

  @Override
  public Future<PublishResult> publish(PublishContext ctx) {
    return publisher.publish(ctx);
  }

  /** Accepted once the file landed on the saved video. */
  @Override
  public boolean uploadAccepted(JsonObject uploadState) {
    return ResumeState.holds(uploadState, VkResume::from, r -> r.videoId() != null && r.uploaded());
  }

  /** Views, likes, comments and reposts of the published video ({@code video.get}); the video is named by the upload state. */
  @Override
  public Future<PostStats> stats(ConnectedAccount account, String externalId, JsonObject uploadState) {
    VkResume saved = VkResume.from(uploadState);
    Long owner = saved.ownerId();
    Long video = saved.videoId();
    if (owner == null || video == null) {
      return Future.failedFuture(PlatformFailure.permanent(null, "No VK video is recorded for post " + externalId + "; its counters cannot be read."));
    }
    return lookup.video(account.accessToken(), owner, video, saved.accessKey()).compose(item -> item == null
        ? Future.failedFuture(PlatformFailure.permanent(null, "VK no longer shows the video of post " + externalId + " (deleted or hidden)."))
        : Future.succeededFuture(new PostStats(item.getLong("views", 0L), count(item.getValue("likes")), count(item.getValue("comments")),
            count(item.getValue("reposts")), item)));
  }

  /** VK gives some counters as a number and others as {@code {"count": n, …}}. */
  private static Long count(Object v) {
    if (v instanceof Number n) return n.longValue();
    if (v instanceof JsonObject o) return o.getLong("count");
    return null;
  }
}
