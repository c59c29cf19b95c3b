package io.clipcast.platforms;

import java.util.Optional;
import io.vertx.core.Vertx;


/**
 * One platform's integration, found through {@link java.util.ServiceLoader} (one package per platform), so adding a
 * platform touches no core code. Every connector publishes; what else the platform offers is a capability type the
 * connector implements or not: {@link OAuthSignIn} or {@link TokenSignIn} (how a user connects an account),
 * {@link StatsReader} (post counters), {@link FeedRenderer} (a feed the platform pulls). Callers ask for the capability
 * ({@link #oauth()}, {@link ConnectorRegistry#oauth(String)}, …) and answer its absence themselves.
 *
 * <p>Failures a caller must act on are {@link CredentialsRejected} (connect: the user must fix the input) and
 * {@link PlatformFailure} (publish/stats/refresh: classified retryable, rate-limited, auth or permanent).
 * Content rules (caption length, size, duration) are data in the platform catalog, checked by the API.
 */
public interface PlatformConnector extends Publishing {
  /** The platform id, as in the catalog. */
  String id();

  /** Called once per node: the platform's endpoints from config (real API or the sandbox), OAuth client and rules. */
  void init(Vertx vertx, ConnectorSettings settings);

  /**
   * The object whose types are this connector's capabilities: the connector itself, unless it picks an implementation
   * at {@link #init} (TikTok's route: its own app or Blotato).
   */
  default Object capabilities() {
    return this;
  }

  default Optional<OAuthSignIn> oauth() {
    return capability(OAuthSignIn.class);
  }

  default Optional<TokenSignIn> tokenSignIn() {
    return capability(TokenSignIn.class);
  }

  default Optional<StatsReader> statsReader() {
    return capability(StatsReader.class);
  }

  default Optional<FeedRenderer> feedRenderer() {
    return capability(FeedRenderer.class);
  }

  private <T> Optional<T> capability(Class<T> type) {
    Object c = capabilities();
    return type.isInstance(c) ? Optional.of(type.cast(c)) : Optional.empty();
  }
}
