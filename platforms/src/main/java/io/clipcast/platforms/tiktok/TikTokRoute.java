package io.clipcast.platforms.tiktok;

import io.clipcast.platforms.ConnectedAccount;
import io.clipcast.platforms.NotOfferedByPlatform;
import io.clipcast.platforms.OAuthCallback;
import io.clipcast.platforms.OAuthStart;
import io.clipcast.platforms.PostStats;
import io.clipcast.platforms.PublishContext;
import io.clipcast.platforms.PublishResult;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/**
 * How this server reaches TikTok, chosen by {@code oauth.clients.tiktok.route}: {@code direct} (its own TikTok app,
 * {@link TikTokDirect}) or {@code blotato} (the Blotato publishing API, {@code publish.tiktok.blotato}). Users see
 * platform {@code tiktok} either way; only how an account is connected differs.
 */
public interface TikTokRoute {
  String authKind();

  default String authorizationUrl(OAuthStart start) {
    throw new NotOfferedByPlatform("TikTok is connected through Blotato on this server, not by signing in to TikTok");
  }

  default Future<ConnectedAccount> exchangeCode(OAuthCallback callback) {
    return Future.failedFuture(new NotOfferedByPlatform("TikTok is connected through Blotato on this server"));
  }

  default Future<ConnectedAccount> refresh(ConnectedAccount current) {
    return Future.failedFuture(new NotOfferedByPlatform("Blotato connections have no tokens to renew"));
  }

  default Future<ConnectedAccount> validateCredentials(JsonObject credentials) {
    return Future.failedFuture(new NotOfferedByPlatform("TikTok is connected by signing in to TikTok on this server"));
  }

  Future<PublishResult> publish(PublishContext ctx);

  Future<PostStats> stats(ConnectedAccount account, String externalId, JsonObject uploadState);
}
