package io.clipcast.platforms.tiktok;

import io.clipcast.platforms.ConnectorSettings;
import io.clipcast.platforms.PlatformConnector;
import io.clipcast.platforms.PublishContext;
import io.clipcast.platforms.ResumeState;
import io.clipcast.platforms.PublishResult;
import io.clipcast.platforms.tiktok.blotato.BlotatoRoute;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.core.Vertx;

/**
 * TikTok. {@code oauth.clients.tiktok.route} picks how: {@code direct} (default: this server's TikTok app — OAuth
 * connect, Direct Post with chunked upload or pull by URL, status polling, video/query stats) or {@code blotato} (the
 * Blotato API with {@code oauth.clients.tiktok.blotatoApiKey}; accounts connect with their Blotato {@code accountId}; no
 * stats). The chosen route carries the capabilities. See the catalog's tiktok {@code route} notes.
 */
public final class TikTokConnector implements PlatformConnector {
  private final TikTokTimeouts timeouts;
  private TikTokRoute route;

  public TikTokConnector() {
    this(TikTokTimeouts.DEFAULT);
  }

  public TikTokConnector(TikTokTimeouts timeouts) {
    this.timeouts = timeouts;
  }

  @Override
  public String id() {
    return "tiktok";
  }

  @Override
  public void init(Vertx vertx, ConnectorSettings settings) {
    String via = settings.client().getString("route", "direct");
    this.route = switch (via) {
      case "direct" -> new TikTokDirect(vertx, settings, timeouts);
      case "blotato" -> new BlotatoRoute(vertx, settings, timeouts.connectMs(), timeouts.callMs());
      default -> throw new IllegalStateException("oauth.clients.tiktok.route must be 'direct' or 'blotato', not '" + via + "'");
    };
  }

  @Override
  public Object capabilities() {
    return route;
  }

  @Override
  public Future<PublishResult> publish(PublishContext ctx) {
    return route.publish(ctx);
  }

  /** Accepted once TikTok has every chunk, or pulls the clip by URL. */
  @Override
  public boolean uploadAccepted(JsonObject uploadState) {
    return ResumeState.holds(uploadState, TikTokResume::from, r -> r.publishId() != null && (r.uploaded() || r.pulled()));
  }
}
