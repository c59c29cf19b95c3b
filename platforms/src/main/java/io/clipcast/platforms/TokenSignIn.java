package io.clipcast.platforms;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/** A platform whose users connect by handing over credentials (a bot token, a login, an account id), not by signing in. */
public interface TokenSignIn {
  /**
   * Checks the credentials against the platform before anything is stored, and says which account they give access
   * to. Fails with {@link CredentialsRejected} (a message for the user) when the platform says no.
   */
  Future<ConnectedAccount> validateCredentials(JsonObject credentials);
}
