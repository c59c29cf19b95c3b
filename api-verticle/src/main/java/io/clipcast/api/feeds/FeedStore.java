package io.clipcast.api.feeds;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;

import java.time.Instant;
import java.util.UUID;

/** The feed's reads and its one write: which connection a token opens, its feed's publications, when the feed was fetched. */
final class FeedStore {
  /** Newest first; a publication belongs in the feed from the moment it is being published. */
  private static final String ITEMS = "SELECT p.id, p.title, p.caption, p.clip_id, c.content_type, c.size_bytes,"
      + " coalesce(p.scheduled_for, p.created_at) AS at FROM publications p JOIN clips c ON c.id = p.clip_id"
      + " WHERE p.connection_id = $1 AND p.user_id = $2 AND p.status IN ('publishing', 'published') AND c.status = 'ready'"
      + " ORDER BY p.created_at DESC, p.id LIMIT $3";

  private static final String SELECT = "SELECT id, user_id, platform, external_account_id, display_name, avatar_url, metadata"
      + " FROM platform_connections";

  private final Pool pg;
  private final FeedTokens tokens;

  FeedStore(Pool pg, FeedTokens tokens) {
    this.pg = pg;
    this.tokens = tokens;
  }

  /**
   * The connected account {@code token} opens (a token of {@link FeedTokens}, or a secret stored before tokens, kept
   * only as its SHA-256); null when none does.
   */
  Future<FeedConnection> connection(String token) {
    UUID id = FeedTokens.connectionOf(token);
    Future<FeedConnection> byToken = id == null ? Future.succeededFuture(null)
        : pg.preparedQuery(SELECT + " WHERE id = $1 AND status = 'connected'").execute(Tuple.of(id)).map(FeedStore::only)
            .map(c -> c != null && tokens.opens(token, c.id(), c.metadata().getString("feedNonce")) ? c : null);
    return byToken.compose(c -> c != null ? Future.succeededFuture(c)
        : pg.preparedQuery(SELECT + " WHERE metadata->>'legacyFeedSecretSha256' = $1 AND status = 'connected'")
            .execute(Tuple.of(sha256(token))).map(FeedStore::only));
  }

  private static FeedConnection only(RowSet<Row> rows) {
    if (rows.size() != 1) return null;
    Row r = rows.iterator().next();
    return new FeedConnection(r.getUUID("id"), r.getUUID("user_id"), r.getString("platform"), r.getString("external_account_id"),
        r.getString("display_name"), r.getString("avatar_url"), r.getJsonObject("metadata"));
  }

  private static String sha256(String s) {
    try {
      return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
          .digest(s.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  Future<RowSet<Row>> items(FeedConnection c, int limit) {
    return pg.preparedQuery(ITEMS).execute(Tuple.of(c.id(), c.userId(), limit));
  }

  /**
   * The platform's verified fetcher fetched the feed: {@code feedFetchedAt} (what the connection shows as the
   * platform's last fetch, and what the connector compares with a post's {@code feedSince}) and who it was. Merged into
   * the metadata, so nothing else kept there is touched.
   */
  Future<Void> recordFetch(UUID connectionId, Instant at, FeedFetchers.Fetcher by) {
    return merge(connectionId, new JsonObject().put("feedFetchedAt", at.toString()).put("feedFetchedBy", by.toJson()));
  }

  /**
   * Someone else fetched the feed (a browser, a reader, an agent that only claims to be the platform's robot): kept
   * apart, so it never counts as the platform's fetch, but the connector can say the feed is reachable. No address is
   * stored: it may be a person's.
   */
  Future<Void> recordOtherFetch(UUID connectionId, Instant at, String userAgent) {
    String agent = userAgent == null ? null
        : userAgent.length() > FeedFetchers.AGENT_CHARS ? userAgent.substring(0, FeedFetchers.AGENT_CHARS) : userAgent;
    return merge(connectionId, new JsonObject().put("feedOtherFetch", new JsonObject().put("at", at.toString()).put("userAgent", agent)));
  }

  private Future<Void> merge(UUID connectionId, JsonObject fields) {
    return pg.preparedQuery("UPDATE platform_connections SET metadata = metadata || $2::jsonb WHERE id = $1")
        .execute(Tuple.of(connectionId, fields)).mapEmpty();
  }
}
