package io.clipcast.api.connections;

import io.clipcast.api.auth.Authenticator;
import io.clipcast.api.auth.PathIds;
import io.clipcast.api.http.Fields;
import io.clipcast.api.http.JsonBodies;
import io.clipcast.api.http.Replies;
import io.clipcast.api.plans.Plans;
import io.clipcast.platforms.ConnectorRegistry;
import io.clipcast.platforms.CredentialsRejected;
import io.clipcast.crypto.TokenCipher;
import io.clipcast.platforms.TokenSignIn;
import io.clipcast.publication.PublicationStatus;
import io.clipcast.publication.StatusChange;
import io.clipcast.publication.PublicationLifecycle;
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
import java.util.Set;
import java.util.UUID;

/**
 * Connected platform accounts: list (status, account name, avatar, expiry; never tokens) and disconnect. Disconnect
 * deletes the tokens and cancels the connection's publications that have not started, reporting how many, in one
 * transaction; the queue entries are removed after commit (a lost removal is harmless: the worker re-reads the row).
 */
public final class ConnectionRoutes {
  private final Pool pg;
  private final JobQueue queue;
  private final PublicationLifecycle lifecycle;

  private final ConnectGate gate;
  private final ConnectionStore store;
  private final OAuthConnect oauth;

  /** @param cipher null when no token keys are configured: connecting is then refused with 503 */
  public ConnectionRoutes(Pool pg, JobQueue queue, PublicationLifecycle lifecycle, ConnectorRegistry connectors, TokenCipher cipher, Plans plans,
                          JsonObject oauthConfig) {
    this.pg = pg;
    this.queue = queue;
    this.lifecycle = lifecycle;
    this.gate = new ConnectGate(pg, connectors, cipher, plans);
    this.store = new ConnectionStore(pg, cipher, oauthConfig.getInteger("expiringDays"));
    this.oauth = new OAuthConnect(pg, gate, store, oauthConfig, this::resumeWaiting);
  }

  public void mount(Router router, Handler<RoutingContext> json, Handler<RoutingContext> auth) {
    router.post("/api/v1/connections").handler(json).handler(auth).handler(this::connect);
    router.post("/api/v1/connections/oauth/start").handler(json).handler(auth).handler(oauth::start);
    router.post("/api/v1/connections/oauth/callback").handler(json).handler(auth).handler(oauth::callback);
    router.get("/api/v1/connections").handler(auth).handler(this::list);
    router.delete("/api/v1/connections/:id").handler(auth).handler(this::disconnect);
  }

  /**
   * Token-kind connect: the connector checks the credentials with the platform first; only then is the account stored,
   * its token encrypted and bound to the row (reconnecting the same account replaces the token in place).
   */
  private void connect(RoutingContext ctx) {
    UUID user = Authenticator.user(ctx);
    JsonObject body = JsonBodies.object(ctx, Set.of("platform", "credentials"));
    String platform = Fields.string(body, "platform", true, 32);
    JsonObject credentials = CredentialFields.check(body.getValue("credentials"));
    TokenSignIn connector = gate.tokenSignIn(platform);
    gate.planAllows(user, platform).compose(v -> connector.validateCredentials(credentials).recover(e -> Future.failedFuture(
        e instanceof CredentialsRejected r ? ApiError.invalid(r.field(), r.getMessage())
            : new ApiError(503, "platform_unavailable", platform + " did not answer the credential check; try again in a minute.", null))))
        .compose(account -> store.save(user, platform, account))
        .compose(row -> resumeWaiting(row, user))
        .onSuccess(row -> Replies.json(ctx, 201, store.json(row))).onFailure(ctx::fail);
  }

  /**
   * After a (re)connect: the connection's publications that waited for it go back to the queue by themselves. Postgres
   * first; a lost queue write is restored by the reconciler.
   */
  Future<Row> resumeWaiting(Row connection, UUID user) {
    UUID id = connection.getUUID("id");
    return lifecycle.resumeAfterReconnect(id, user).map(changes -> {
      for (StatusChange c : changes) queue.schedule(c.publicationId(), c.platform(), user.toString(), id.toString(), 0);
      return connection;
    });
  }

  private void list(RoutingContext ctx) {
    pg.preparedQuery("SELECT " + ConnectionStore.COLUMNS + " FROM platform_connections WHERE user_id = $1 AND status <> 'revoked' ORDER BY created_at")
        .execute(Tuple.of(Authenticator.user(ctx))).onSuccess(rows -> {
          JsonArray items = new JsonArray();
          rows.forEach(r -> items.add(store.json(r)));
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
            : lifecycle.cancelForDisconnect(tx, id, user)))
        .compose(changes -> {
          List<Future<?>> removals = new ArrayList<>();
          for (StatusChange c : changes) {
            lifecycle.announce(c);
            removals.add(queue.cancel(c.publicationId()).otherwiseEmpty());
          }
          return Future.join(removals).otherwiseEmpty().map(changes.size());
        })
        .onSuccess(n -> Replies.json(ctx, 200, new JsonObject().put("disconnected", id.toString()).put("cancelledPublications", n)))
        .onFailure(ctx::fail);
  }
}
