package io.clipcast.platforms;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.util.List;

/**
 * One platform's integration (DESIGN §6). Implementations live in {@code publish-verticle}, one package per platform,
 * and are found through {@link java.util.ServiceLoader}, so adding a platform touches no core code.
 *
 * <p>Failures a caller must act on are {@link CredentialsRejected} (connect: the user must fix the input) and
 * {@link PlatformFailure} (publish/status/stats/refresh: classified retryable, rate-limited, auth or permanent).
 * Content rules (caption length, size, duration) are data in {@code conf/platforms/<id>.json}, checked by the API.
 */
public interface PlatformConnector {
  /** The platform id, as in {@code conf/platforms/<id>.json}. */
  String id();

  /** {@code oauth2}, {@code token} or {@code bot}: how a user connects an account. */
  String authKind();

  /** Called once per node: the platform's endpoints from config (real API or the sandbox) and its OAuth client. */
  void init(Vertx vertx, ConnectorSettings settings);

  /** OAuth kinds: the URL to send the user's browser to. */
  default String authorizationUrl(OAuthStart start) {
    throw new NotOfferedByPlatform(id() + " does not connect through OAuth");
  }

  /** OAuth kinds: trades the callback's code (with the PKCE verifier) for tokens and the account they belong to. */
  default Future<ConnectedAccount> exchangeCode(OAuthCallback callback) {
    return Future.failedFuture(new NotOfferedByPlatform(id() + " does not connect through OAuth"));
  }

  /**
   * OAuth kinds: new tokens for {@code current} (which has a refresh token). Fails with an {@link ErrorKind#AUTH}
   * {@link PlatformFailure} when the user must sign in again. Platforms that rotate refresh tokens return the new one.
   */
  default Future<ConnectedAccount> refresh(ConnectedAccount current) {
    return Future.failedFuture(PlatformFailure.auth(null, id() + " tokens cannot be refreshed; connect the account again."));
  }

  /**
   * Token kinds: checks the credentials against the platform before anything is stored, and says which account
   * they give access to. Fails with {@link CredentialsRejected} (a message for the user) when the platform says no.
   */
  default Future<ConnectedAccount> validateCredentials(JsonObject credentials) {
    return Future.failedFuture(new NotOfferedByPlatform(id() + " connects through OAuth"));
  }

  /**
   * Publishes {@code ctx}'s clip. Streams the file (never whole in memory), saves every platform id with
   * {@link PublishContext#checkpoint} before the next step, and on a retry resumes from
   * {@link PublishContext#uploadState()} (asking the platform whether the post exists before posting again).
   */
  Future<PublishResult> publish(PublishContext ctx);

  /**
   * Feed-based platforms (the platform has no publishing API and pulls posts from a feed Clipcast serves for the
   * connection): the feed document listing {@code items}, newest first, served at {@code selfUrl}. Null for every
   * other platform, which is also how the API tells whether a connection has a feed.
   */
  default String renderFeed(ConnectedAccount account, String selfUrl, List<FeedItem> items) {
    return null;
  }

  /** View/like/comment/share counters of a published post; platforms without stats fail with {@link NotOfferedByPlatform}. */
  default Future<PostStats> stats(ConnectedAccount account, String externalId, JsonObject uploadState) {
    return Future.failedFuture(new NotOfferedByPlatform(id() + " offers no post statistics"));
  }
}
