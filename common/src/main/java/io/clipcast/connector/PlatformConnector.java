package io.clipcast.connector;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

/**
 * One platform's integration (DESIGN §6). Implementations live in {@code publish-verticle}, one package per platform,
 * and are found through {@link java.util.ServiceLoader}, so adding a platform touches no core code. This issue's
 * part of the SPI: identity and token-kind credential checks; publishing, status and stats come with the
 * publishing pipeline.
 */
public interface PlatformConnector {
  /** The platform id, as in {@code conf/platforms/<id>.json}. */
  String id();

  /** {@code oauth2}, {@code token} or {@code bot}: how a user connects an account. */
  String authKind();

  /** Called once per node with the platform's API base URL from config (real API or the sandbox). */
  void init(Vertx vertx, String baseUrl);

  /**
   * Token-kind connect: checks the credentials against the platform before anything is stored, and says which account
   * they give access to. Fails with {@link CredentialsRejected} (a message for the user) when the platform says no.
   */
  Future<ConnectedAccount> validateCredentials(JsonObject credentials);
}
