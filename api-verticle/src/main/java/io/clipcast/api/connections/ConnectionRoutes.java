package io.clipcast.api.connections;

import io.clipcast.api.auth.Authenticator;
import io.clipcast.api.auth.PathIds;
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
  private static final String COLUMNS = "id, platform, external_account_id, display_name, avatar_url, status, expires_at, scopes, created_at";
  private static final String CANCEL_PENDING =
      "WITH c AS (UPDATE publications SET status = 'cancelled', updated_at = now(), version = version + 1"
          + " WHERE connection_id = $1 AND user_id = $2 AND status IN ('scheduled', 'queued', 'retrying', 'waiting_reconnect')"
          + " RETURNING id, status, attempts, platform, (SELECT s.status FROM publications s WHERE s.id = publications.id) AS old)"
          + " INSERT INTO publication_events (publication_id, from_status, to_status, attempt, detail)"
          + " SELECT id, old, 'cancelled', attempts, '{\"by\":\"disconnect\"}'::jsonb FROM c RETURNING id, publication_id, from_status, attempt, at";

  private final Pool pg;
  private final JobQueue queue;
  private final Transitions transitions;

  public ConnectionRoutes(Pool pg, JobQueue queue, Transitions transitions) {
    this.pg = pg;
    this.queue = queue;
    this.transitions = transitions;
  }

  public void mount(Router router, Handler<RoutingContext> auth) {
    router.get("/api/v1/connections").handler(auth).handler(this::list);
    router.delete("/api/v1/connections/:id").handler(auth).handler(this::disconnect);
  }

  private void list(RoutingContext ctx) {
    pg.preparedQuery("SELECT " + COLUMNS + " FROM platform_connections WHERE user_id = $1 AND status <> 'revoked' ORDER BY created_at")
        .execute(Tuple.of(Authenticator.user(ctx))).onSuccess(rows -> {
          JsonArray items = new JsonArray();
          rows.forEach(r -> items.add(json(r)));
          ctx.response().putHeader("Content-Type", "application/json; charset=utf-8").end(new JsonObject().put("items", items).encode());
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
        .onSuccess(n -> ctx.response().putHeader("Content-Type", "application/json; charset=utf-8")
            .end(new JsonObject().put("disconnected", id.toString()).put("cancelledPublications", n).encode()))
        .onFailure(ctx::fail);
  }

  private static JsonObject json(Row r) {
    return new JsonObject().put("id", r.getUUID("id").toString()).put("platform", r.getString("platform"))
        .put("externalAccountId", r.getString("external_account_id")).put("displayName", r.getString("display_name"))
        .put("avatarUrl", r.getString("avatar_url")).put("status", r.getString("status"))
        .put("expiresAt", r.getOffsetDateTime("expires_at") == null ? null : r.getOffsetDateTime("expires_at").toInstant().toString())
        .put("scopes", new JsonArray(java.util.Arrays.asList(r.getArrayOfStrings("scopes"))))
        .put("createdAt", r.getOffsetDateTime("created_at").toInstant().toString());
  }
}
