package io.clipcast.api.connections;

import io.clipcast.api.auth.Authenticator;
import io.clipcast.api.auth.PathIds;
import io.clipcast.api.feeds.FeedLinks;
import io.clipcast.api.http.Fields;
import io.clipcast.api.http.JsonBodies;
import io.clipcast.api.http.Replies;
import io.clipcast.api.plans.Plans;
import io.clipcast.connector.ConnectedAccount;
import io.clipcast.connector.ConnectorRegistry;
import io.clipcast.connector.CredentialsRejected;
import io.clipcast.connector.PlatformConnector;
import io.clipcast.crypto.TokenAad;
import io.clipcast.crypto.TokenCipher;
import io.clipcast.publication.PublicationStatus;
import io.clipcast.publication.StatusChange;
import io.clipcast.publication.Transitions;
import io.clipcast.queue.JobQueue;
import io.clipcast.web.ApiError;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Connected platform accounts: list (status, account name, avatar, expiry; never tokens) and disconnect. Disconnect
 * deletes the tokens and cancels the connection's publications that have not started, reporting how many, in one
 * transaction; the queue entries are removed after commit (a lost removal is harmless: the worker re-reads the row).
 */
public final class ConnectionRoutes {
  private static final String COLUMNS = "id, platform, external_account_id, display_name, avatar_url, status, expires_at, scopes, created_at, metadata";
  private static final String CANCEL_PENDING =
      "WITH c AS (UPDATE publications SET status = 'cancelled', updated_at = now(), version = version + 1"
          + " WHERE connection_id = $1 AND user_id = $2 AND status IN ('scheduled', 'queued', 'retrying', 'waiting_reconnect')"
          + " RETURNING id, status, attempts, platform, (SELECT s.status FROM publications s WHERE s.id = publications.id) AS old)"
          + " INSERT INTO publication_events (publication_id, from_status, to_status, attempt, detail)"
          + " SELECT id, old, 'cancelled', attempts, '{\"by\":\"disconnect\"}'::jsonb FROM c RETURNING id, publication_id, from_status, attempt, at";

  private final Pool pg;
  private final JobQueue queue;
  private final Transitions transitions;

  private final ConnectorRegistry connectors;
  private final TokenCipher cipher;
  private final Plans plans;

  /** @param cipher null when no token keys are configured: connecting is then refused with 503 */
  public ConnectionRoutes(Pool pg, JobQueue queue, Transitions transitions, ConnectorRegistry connectors, TokenCipher cipher, Plans plans) {
    this.pg = pg;
    this.queue = queue;
    this.transitions = transitions;
    this.connectors = connectors;
    this.cipher = cipher;
    this.plans = plans;
  }

  public void mount(Router router, Handler<RoutingContext> json, Handler<RoutingContext> auth) {
    router.post("/api/v1/connections").handler(json).handler(auth).handler(this::connect);
    router.get("/api/v1/connections").handler(auth).handler(this::list);
    router.delete("/api/v1/connections/:id").handler(auth).handler(this::disconnect);
  }

  /**
   * Token-kind connect: the connector checks the credentials with the platform first; only then is the account stored,
   * its token encrypted and bound to the row (reconnecting the same account replaces the token in place).
   */
  private void connect(RoutingContext ctx) {
    UUID user = Authenticator.user(ctx);
    JsonObject body = JsonBodies.object(ctx, java.util.Set.of("platform", "credentials"));
    String platform = Fields.string(body, "platform", true, 32);
    if (!(body.getValue("credentials") instanceof JsonObject credentials)) {
      throw ApiError.invalid("credentials", "'credentials' must be an object, e.g. {\"botToken\": \"…\", \"chat\": \"@mychannel\"}.");
    }
    PlatformConnector connector = connectors.get(platform).orElseThrow(() ->
        ApiError.invalid("platform", "Unknown or disabled platform '" + platform + "'; see GET /api/v1/platforms."));
    if (!connector.authKind().equals("token") && !connector.authKind().equals("bot")) {
      throw new ApiError(400, "oauth_required", platform + " is connected by signing in on the platform (OAuth), not with a token.", "platform");
    }
    if (cipher == null) {
      throw new ApiError(503, "encryption_not_configured", "This server has no token encryption key (crypto.keys), so it cannot store"
          + " platform credentials; ask its operator to set CLIPCAST_CRYPTO_KEYS.", null);
    }
    pg.preparedQuery("SELECT plan FROM users WHERE id = $1").execute(Tuple.of(user)).compose(rows -> {
      String plan = rows.iterator().next().getString("plan");
      if (!plans.allows(plan, platform)) {
        return Future.failedFuture(new ApiError(403, "plan_forbids_platform", "Your plan does not include " + platform + ". "
            + plans.upgradeHint(plan), "platform"));
      }
      return connector.validateCredentials(credentials).recover(e -> Future.failedFuture(e instanceof CredentialsRejected r
          ? ApiError.invalid(r.field(), r.getMessage())
          : new ApiError(503, "platform_unavailable", platform + " did not answer the credential check; try again in a minute.", null)));
    }).compose(account -> store(user, platform, account)).onSuccess(row -> Replies.json(ctx, 201, json(row))).onFailure(ctx::fail);
  }

  private Future<Row> store(UUID user, String platform, ConnectedAccount a) {
    return pg.withTransaction(tx -> tx.preparedQuery("SELECT id FROM platform_connections WHERE user_id = $1 AND platform = $2"
            + " AND external_account_id = $3 FOR UPDATE").execute(Tuple.of(user, platform, a.externalAccountId()))
        .compose(existing -> {
          UUID id = existing.size() == 0 ? UUID.randomUUID() : existing.iterator().next().getUUID("id");
          TokenAad aad = new TokenAad(id, user, platform);
          byte[] access = cipher.encrypt(a.accessToken(), aad);
          byte[] refresh = a.refreshToken() == null ? null : cipher.encrypt(a.refreshToken(), aad);
          String keyId = TokenCipher.keyIdOf(access);
          java.time.OffsetDateTime expires = a.expiresAt() == null ? null : a.expiresAt().atOffset(java.time.ZoneOffset.UTC);
          String[] scopes = a.scopes().toArray(String[]::new);
          return tx.preparedQuery("INSERT INTO platform_connections (id, user_id, platform, external_account_id, display_name, avatar_url,"
                  + " access_token_enc, refresh_token_enc, key_id, expires_at, scopes, status, metadata)"
                  + " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, 'connected', $12)"
                  + " ON CONFLICT (id) DO UPDATE SET display_name = $5, avatar_url = $6, access_token_enc = $7, refresh_token_enc = $8,"
                  + " key_id = $9, expires_at = $10, scopes = $11, status = 'connected', metadata = $12, updated_at = now()"
                  + " RETURNING " + COLUMNS)
              .execute(Tuple.from(new Object[] {id, user, platform, a.externalAccountId(), a.displayName(), a.avatarUrl(),
                  io.vertx.core.buffer.Buffer.buffer(access), refresh == null ? null : io.vertx.core.buffer.Buffer.buffer(refresh),
                  keyId, expires, scopes, a.metadata()}))
              .map(rows -> rows.iterator().next());
        }));
  }

  private void list(RoutingContext ctx) {
    pg.preparedQuery("SELECT " + COLUMNS + " FROM platform_connections WHERE user_id = $1 AND status <> 'revoked' ORDER BY created_at")
        .execute(Tuple.of(Authenticator.user(ctx))).onSuccess(rows -> {
          JsonArray items = new JsonArray();
          rows.forEach(r -> items.add(json(r)));
          Replies.json(ctx, 200, new JsonObject().put("items", items));
        }).onFailure(ctx::fail);
  }

  private void disconnect(RoutingContext ctx) {
    UUID user = Authenticator.user(ctx);
    UUID id = PathIds.uuid(ctx, "id", "Connection");
    pg.withTransaction(tx -> tx.preparedQuery("UPDATE platform_connections SET access_token_enc = NULL, refresh_token_enc = NULL,"
            + " status = 'revoked', updated_at = now() WHERE id = $1 AND user_id = $2 AND status <> 'revoked' RETURNING platform")
        .execute(Tuple.of(id, user)).compose(rows -> rows.size() == 0
            ? Future.failedFuture(ApiError.notFound("Connection " + id))
            : tx.preparedQuery(CANCEL_PENDING).execute(Tuple.of(id, user)).map(events -> {
              List<StatusChange> changes = new ArrayList<>();
              String platform = rows.iterator().next().getString("platform");
              for (Row e : events) {
                changes.add(new StatusChange(e.getLong("id"), e.getUUID("publication_id").toString(), user.toString(), platform,
                    e.getString("from_status"), PublicationStatus.CANCELLED.value(), e.getInteger("attempt"),
                    e.getOffsetDateTime("at").toInstant().toString(), new JsonObject().put("by", "disconnect")));
              }
              return changes;
            })))
        .compose(changes -> {
          List<Future<?>> removals = new ArrayList<>();
          for (StatusChange c : changes) {
            transitions.announce(c);
            removals.add(queue.cancel(c.publicationId()).otherwiseEmpty());
          }
          return Future.join(removals).otherwiseEmpty().map(changes.size());
        })
        .onSuccess(n -> Replies.json(ctx, 200, new JsonObject().put("disconnected", id.toString()).put("cancelledPublications", n)))
        .onFailure(ctx::fail);
  }

  private static JsonObject json(Row r) {
    JsonObject j = new JsonObject().put("id", r.getUUID("id").toString()).put("platform", r.getString("platform"))
        .put("externalAccountId", r.getString("external_account_id")).put("displayName", r.getString("display_name"))
        .put("avatarUrl", r.getString("avatar_url")).put("status", r.getString("status"))
        .put("expiresAt", r.getOffsetDateTime("expires_at") == null ? null : r.getOffsetDateTime("expires_at").toInstant().toString())
        .put("scopes", new JsonArray(java.util.Arrays.asList(r.getArrayOfStrings("scopes"))))
        .put("createdAt", r.getOffsetDateTime("created_at").toInstant().toString());
    JsonObject metadata = r.getJsonObject("metadata");
    String feedUrl = FeedLinks.feedUrl(metadata);
    if (feedUrl != null) j.put("feedUrl", feedUrl).put("feedFetchedAt", metadata.getString("feedFetchedAt"));
    return j;
  }
}
