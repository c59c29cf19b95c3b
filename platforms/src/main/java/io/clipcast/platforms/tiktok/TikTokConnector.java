package io.clipcast.platforms.tiktok;

import io.clipcast.platforms.ConnectedAccount;
import io.clipcast.platforms.ConnectorSettings;
import io.clipcast.platforms.OAuthCallback;
import io.clipcast.platforms.OAuthStart;
import io.clipcast.platforms.PlatformConnector;
import io.clipcast.platforms.PostStats;
import io.clipcast.platforms.PublishContext;
import io.clipcast.platforms.PublishResult;
import io.clipcast.platforms.tiktok.blotato.BlotatoRoute;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

/**
 * TikTok (platforms/tiktok.md). {@code oauth.clients.tiktok.route} picks how: {@code direct} (default: this server's
 * TikTok app — OAuth connect, Direct Post with chunked upload or pull by URL, status polling, video/query stats) or
 * {@code blotato} (the Blotato API with {@code oauth.clients.tiktok.blotatoApiKey}; accounts connect with their Blotato
 * {@code accountId}). See {@code conf/platforms/tiktok.json} "route".
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
  public String authKind() {
    return route.authKind();
  }

  @Override
  public void init(Vertx vertx, ConnectorSettings settings) {
    String via = settings.client().getString("route", "direct");
    this.route = switch (via) {
      case "direct" -> new TikTokDirect(vertx, settings, timeouts);
      case "blotato" -> new BlotatoRoute(vertx, settings, timeouts.connectMs(), timeouts.callMs(), timeouts.recheckMs());
      default -> throw new IllegalStateException("oauth.clients.tiktok.route must be 'direct' or 'blotato', not '" + via + "'");
    };
  }

  @Override
  public String authorizationUrl(OAuthStart start) {
    return route.authorizationUrl(start);
  }

  @Override
  public Future<ConnectedAccount> exchangeCode(OAuthCallback callback) {
    return route.exchangeCode(callback);
  }

  @Override
  public Future<ConnectedAccount> refresh(ConnectedAccount current) {
    return route.refresh(current);
  }

  @Override
  public Future<ConnectedAccount> validateCredentials(JsonObject credentials) {
    return route.validateCredentials(credentials);
  }

  @Override
  public Future<PublishResult> publish(PublishContext ctx) {
    return route.publish(ctx);
  }

  @Override
  public Future<PostStats> stats(ConnectedAccount account, String externalId, JsonObject uploadState) {
    return route.stats(account, externalId, uploadState);
  }
}
