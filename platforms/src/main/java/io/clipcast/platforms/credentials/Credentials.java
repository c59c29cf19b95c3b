package io.clipcast.platforms.credentials;

import io.clipcast.crypto.TokenAad;
import io.clipcast.crypto.TokenCipher;
import io.clipcast.platforms.ConnectedAccount;
import io.clipcast.platforms.ErrorKind;
import io.clipcast.platforms.PlatformConnector;
import io.clipcast.platforms.PlatformFailure;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

/**
 * A connection's credentials for publish and stats alike: decrypted in memory only, refreshed when near expiry. A refresh
 * runs under the connection's row lock ({@code SELECT ... FOR UPDATE}) and re-reads the row first, so two workers or
 * nodes never spend one (rotating) refresh token twice; the new tokens are stored encrypted before they are used. When
 * the platform refuses, the connection is marked {@code expired}: the user must connect it again.
 */
public final class Credentials {
  private final Pool pg;
  private final TokenCipher cipher;
  private final CredentialSettings settings;

  Credentials(Pool pg, TokenCipher cipher, CredentialSettings settings) {
    this.pg = pg;
    this.cipher = cipher;
    this.settings = settings;
  }

  /** False when the node has no token keys ({@code crypto.keys} empty): nothing can be decrypted. */
  public boolean available() {
    return cipher != null;
  }

  /** The decrypted account; fails as AUTH when the connection holds no token any more (disconnected). */
  public ConnectedAccount open(StoredConnection c) {
    if (c.accessTokenEnc() == null) throw PlatformFailure.auth(null, "The " + c.platform() + " account was disconnected; connect it again.");
    TokenAad aad = aad(c);
    return new ConnectedAccount(c.externalAccountId(), c.displayName(), c.avatarUrl(), cipher.decrypt(c.accessTokenEnc(), aad),
        c.refreshTokenEnc() == null ? null : cipher.decrypt(c.refreshTokenEnc(), aad), c.expiresAt(), c.scopes(), c.metadata());
  }

  /** The account, refreshed first when its token expires within {@code refreshAheadSeconds} (or {@code force}). */
  public Future<ConnectedAccount> fresh(StoredConnection c, ConnectedAccount account, PlatformConnector connector, boolean force) {
    boolean due = account.expiresAt() != null && account.expiresAt().isBefore(Instant.now().plusSeconds(settings.refreshAheadSeconds()));
    if (!force && !due) return Future.succeededFuture(account);
    if (account.refreshToken() == null) {
      return force || account.expiresAt().isBefore(Instant.now())
          ? Future.failedFuture(PlatformFailure.auth(null, "The " + c.platform() + " sign-in has expired; connect the account again."))
          : Future.succeededFuture(account);
    }
    UUID id = c.id();
    TokenAad aad = aad(c);
    return pg.withTransaction(tx -> tx.preparedQuery("SELECT access_token_enc, refresh_token_enc, expires_at FROM platform_connections"
            + " WHERE id = $1 AND status = 'connected' FOR UPDATE").execute(Tuple.of(id)).compose(rows -> {
          if (rows.size() == 0) return Future.failedFuture(PlatformFailure.auth(null, "The " + c.platform() + " account was disconnected."));
          Row r = rows.iterator().next();
          OffsetDateTime expires = r.getOffsetDateTime("expires_at");
          String storedAccess = cipher.decrypt(r.getBuffer("access_token_enc").getBytes(), aad);
          if (!storedAccess.equals(account.accessToken())) {   // another worker refreshed meanwhile: use its tokens
            Buffer rt = r.getBuffer("refresh_token_enc");
            return Future.succeededFuture(with(account, storedAccess, rt == null ? null : cipher.decrypt(rt.getBytes(), aad),
                expires == null ? null : expires.toInstant()));
          }
          Future<ConnectedAccount> renewed = connector.oauth().map(o -> o.refresh(account)).orElseGet(() -> Future.failedFuture(
              PlatformFailure.auth(null, c.platform() + " tokens cannot be refreshed; connect the account again.")));
          return renewed.compose(next -> {
            byte[] access = cipher.encrypt(next.accessToken(), aad);
            String refresh = next.refreshToken() != null ? next.refreshToken() : account.refreshToken();
            return tx.preparedQuery("UPDATE platform_connections SET access_token_enc = $2, refresh_token_enc = $3, key_id = $4,"
                    + " expires_at = $5, metadata = metadata || $6::jsonb, updated_at = now() WHERE id = $1")
                .execute(Tuple.from(new Object[] {id, Buffer.buffer(access), Buffer.buffer(cipher.encrypt(refresh, aad)),
                    TokenCipher.keyIdOf(access), next.expiresAt() == null ? null : next.expiresAt().atOffset(ZoneOffset.UTC),
                    next.metadata() == null ? new JsonObject() : next.metadata()}))
                .map(v -> with(account, next.accessToken(), refresh, next.expiresAt()));
          });
        }));
  }

  /** The user must sign in again: the connection shows {@code expired} (its publications wait for the reconnect). */
  public Future<Void> markNeedsReconnect(UUID connectionId) {
    return pg.preparedQuery("UPDATE platform_connections SET status = 'expired', updated_at = now() WHERE id = $1 AND status = 'connected'")
        .execute(Tuple.of(connectionId)).mapEmpty();
  }

  /** The platform refused the credentials: only a new sign-in helps. */
  public static boolean isAuth(Throwable e) {
    return e instanceof PlatformFailure f && f.kind() == ErrorKind.AUTH;
  }

  private static TokenAad aad(StoredConnection c) {
    return new TokenAad(c.id(), c.userId(), c.platform());
  }

  private static ConnectedAccount with(ConnectedAccount a, String access, String refresh, Instant expires) {
    return new ConnectedAccount(a.externalAccountId(), a.displayName(), a.avatarUrl(), access, refresh, expires, a.scopes(), a.metadata());
  }
}
