package io.clipcast.api.connections;

import io.clipcast.api.feeds.FeedLinks;
import io.clipcast.platforms.ConnectedAccount;
import io.clipcast.crypto.TokenAad;
import io.clipcast.crypto.TokenCipher;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.UUID;

/**
 * Stores a connected account — tokens encrypted and bound to the row, user and platform — and renders connection rows
 * for the API (never tokens). Reconnecting the same platform account replaces its tokens in place, so publications that
 * wait for a reconnect keep pointing at the same connection.
 */
final class ConnectionStore {
  static final String COLUMNS = "id, platform, external_account_id, display_name, avatar_url, status, expires_at, scopes, created_at,"
      + " refresh_token_enc IS NOT NULL AS refreshable, metadata";

  private final Pool pg;
  private final TokenCipher cipher;
  private final Duration expiringWithin;

  /** {@code expiringDays}: how long before it must be reconnected a connection shows {@code expiring} ({@code oauth.expiringDays}). */
  ConnectionStore(Pool pg, TokenCipher cipher, int expiringDays) {
    this.pg = pg;
    this.cipher = cipher;
    this.expiringWithin = Duration.ofDays(expiringDays);
  }

  Future<Row> save(UUID user, String platform, ConnectedAccount a) {
    return pg.withTransaction(tx -> tx.preparedQuery("SELECT id FROM platform_connections WHERE user_id = $1 AND platform = $2"
            + " AND external_account_id = $3 FOR UPDATE").execute(Tuple.of(user, platform, a.externalAccountId()))
        .compose(existing -> {
          UUID id = existing.size() == 0 ? UUID.randomUUID() : existing.iterator().next().getUUID("id");
          TokenAad aad = new TokenAad(id, user, platform);
          byte[] access = cipher.encrypt(a.accessToken(), aad);
          byte[] refresh = a.refreshToken() == null ? null : cipher.encrypt(a.refreshToken(), aad);
          OffsetDateTime expires = a.expiresAt() == null ? null : a.expiresAt().atOffset(ZoneOffset.UTC);
          return tx.preparedQuery("INSERT INTO platform_connections (id, user_id, platform, external_account_id, display_name, avatar_url,"
                  + " access_token_enc, refresh_token_enc, key_id, expires_at, scopes, status, metadata)"
                  + " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, 'connected', $12)"
                  + " ON CONFLICT (id) DO UPDATE SET display_name = $5, avatar_url = $6, access_token_enc = $7, refresh_token_enc = $8,"
                  + " key_id = $9, expires_at = $10, scopes = $11, status = 'connected', updated_at = now(),"
                  // a feed URL the user pasted into the platform must survive a reconnect
                  + " metadata = $12::jsonb || jsonb_strip_nulls(jsonb_build_object('feedNonce', platform_connections.metadata->'feedNonce',"
                  + " 'legacyFeedSecretSha256', platform_connections.metadata->'legacyFeedSecretSha256'))"
                  + " RETURNING " + COLUMNS)
              .execute(Tuple.from(new Object[] {id, user, platform, a.externalAccountId(), a.displayName(), a.avatarUrl(),
                  Buffer.buffer(access), refresh == null ? null : Buffer.buffer(refresh), TokenCipher.keyIdOf(access), expires,
                  a.scopes().toArray(String[]::new), a.metadata() == null ? new JsonObject() : a.metadata()}))
              .map(rows -> rows.iterator().next());
        }));
  }

  /** A timestamp a connector wrote into metadata; null (no hard limit shown) rather than a failed listing if it is not one. */
  private static OffsetDateTime parsed(String at) {
    try {
      return OffsetDateTime.parse(at);
    } catch (java.time.format.DateTimeParseException e) {
      return null;
    }
  }

  /**
   * The API form of a connection row. {@code reconnectBy}: when the user must connect the account again — the platform's
   * hard limit the connector recorded ({@code metadata.reconnectBy}: Instagram's user token without a Page token), or the
   * token's expiry when it cannot be refreshed. Within {@code oauth.expiringDays} of it a connected account is shown
   * {@code expiring}, after it {@code expired}.
   */
  JsonObject json(Row r) {
    OffsetDateTime expiresAt = r.getOffsetDateTime("expires_at");
    JsonObject metadata = r.getJsonObject("metadata");
    String hardLimit = metadata == null ? null : metadata.getString("reconnectBy");
    OffsetDateTime reconnectBy = hardLimit != null ? parsed(hardLimit) : r.getBoolean("refreshable") ? null : expiresAt;
    String status = r.getString("status");
    OffsetDateTime now = OffsetDateTime.now();
    if ("connected".equals(status) && reconnectBy != null) {
      if (reconnectBy.isBefore(now)) status = "expired";
      else if (reconnectBy.isBefore(now.plus(expiringWithin))) status = "expiring";
    }
    JsonObject j = new JsonObject().put("id", r.getUUID("id").toString()).put("platform", r.getString("platform"))
        .put("externalAccountId", r.getString("external_account_id")).put("displayName", r.getString("display_name"))
        .put("avatarUrl", r.getString("avatar_url")).put("status", status)
        .put("expiresAt", expiresAt == null ? null : expiresAt.toInstant().toString())
        .put("reconnectBy", reconnectBy == null ? null : reconnectBy.toInstant().toString())
        .put("scopes", new JsonArray(Arrays.asList(r.getArrayOfStrings("scopes"))))
        .put("createdAt", r.getOffsetDateTime("created_at").toInstant().toString());
    String feedUrl = FeedLinks.feedUrl(r.getUUID("id"), metadata);
    if (feedUrl != null) j.put("feedUrl", feedUrl).put("feedFetchedAt", metadata.getString("feedFetchedAt"));
    return j;
  }
}
