package io.clipcast.api.feeds;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;

import java.time.Instant;
import java.util.UUID;

/** The feed's reads and its one write: which connection a secret opens, its feed's publications, when the feed was fetched. */
final class FeedStore {
  /** Newest first; a publication belongs in the feed from the moment it is being published. */
  private static final String ITEMS = "SELECT p.id, p.title, p.caption, p.clip_id, c.content_type, c.size_bytes,"
      + " coalesce(p.scheduled_for, p.created_at) AS at FROM publications p JOIN clips c ON c.id = p.clip_id"
      + " WHERE p.connection_id = $1 AND p.user_id = $2 AND p.status IN ('publishing', 'published') AND c.status = 'ready'"
      + " ORDER BY p.created_at DESC, p.id LIMIT $3";

  private final Pool pg;

  FeedStore(Pool pg) {
    this.pg = pg;
  }

  /** The connected account whose metadata holds {@code secret}; null when none does. */
  Future<FeedConnection> connection(String secret) {
    return pg.preparedQuery("SELECT id, user_id, platform, external_account_id, display_name, avatar_url, metadata FROM platform_connections"
            + " WHERE metadata->>'feedSecret' = $1 AND status = 'connected'")
        .execute(Tuple.of(secret))
        .map(rows -> {
          if (rows.size() != 1) return null;
          Row r = rows.iterator().next();
          return new FeedConnection(r.getUUID("id"), r.getUUID("user_id"), r.getString("platform"), r.getString("external_account_id"),
              r.getString("display_name"), r.getString("avatar_url"), r.getJsonObject("metadata"));
        });
  }

  Future<RowSet<Row>> items(FeedConnection c, int limit) {
    return pg.preparedQuery(ITEMS).execute(Tuple.of(c.id(), c.userId(), limit));
  }

  /** Merged into the metadata, so nothing else kept there is touched. */
  Future<Void> recordFetch(UUID connectionId, Instant at) {
    return pg.preparedQuery("UPDATE platform_connections SET metadata = metadata || $2::jsonb WHERE id = $1")
        .execute(Tuple.of(connectionId, new JsonObject().put("feedFetchedAt", at.toString()))).mapEmpty();
  }
}
