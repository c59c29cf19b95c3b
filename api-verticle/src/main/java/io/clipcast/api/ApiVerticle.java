package io.clipcast.api;

import io.clipcast.api.auth.AccessTokens;
import io.clipcast.api.auth.AuthRoutes;
import io.clipcast.api.auth.Authenticator;
import io.clipcast.api.auth.LoginThrottle;
import io.clipcast.api.auth.PasswordWork;
import io.clipcast.api.auth.SignupLimit;
import io.clipcast.api.auth.UserStore;
import io.clipcast.api.http.JsonBodies;
import io.clipcast.api.clips.ClipRoutes;
import io.clipcast.api.connections.ConnectionRoutes;
import io.clipcast.api.events.EventStream;
import io.clipcast.storage.ClipStore;
import io.clipcast.storage.ClipStores;
import io.clipcast.api.plans.Plans;
import io.clipcast.api.publications.PublicationRoutes;
import io.clipcast.publication.PublicationLifecycle;
import io.clipcast.queue.JobQueue;
import io.clipcast.queue.QueueSettings;
import io.clipcast.queue.RateLimits;
import java.time.Clock;
import io.clipcast.api.platforms.PlatformRoutes;
import io.clipcast.config.ConfigLayers;
import io.clipcast.platforms.ConnectorRegistry;
import io.clipcast.crypto.KeyRing;
import io.clipcast.crypto.TokenCipher;
import io.clipcast.db.PgPools;
import io.clipcast.ops.OpsRoutes;
import io.clipcast.redis.RedisClients;
import io.vertx.redis.client.Redis;
import io.vertx.sqlclient.Pool;
import io.clipcast.ops.ReadinessProbe;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.clipcast.web.HttpServers;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;

/**
 * The HTTP API of a node: the REST surface under {@code /api/v1} plus the operational endpoints. Any number
 * of instances share the configured port (Vert.x spreads connections across them).
 */
public class ApiVerticle extends VerticleBase {
  private ReadinessProbe probe;
  private Pool pg;
  private Redis redis;
  private Router router;
  private ClipStore store;
  private ClipRoutes clips;

  @Override
  public Future<?> start() {
    JsonObject http = config().getJsonObject("http");
    probe = ReadinessProbe.fromConfig(vertx, config());

    router = OpsRoutes.apiRouter(vertx, probe, config());
    router.get("/api/v1").handler(ctx -> ctx.json(new JsonObject()
        .put("name", "clipcast")
        .put("version", ApiVerticle.class.getPackage().getImplementationVersion())));

    String openapi = ConfigLayers.readResource("openapi.json").encode();
    router.get("/api/v1/openapi.json").handler(ctx -> ctx.response().putHeader("Content-Type", "application/json")
        .putHeader("Cache-Control", "public, max-age=300").end(openapi));

    JsonObject auth = config().getJsonObject("auth");
    pg = PgPools.shared(vertx, config().getJsonObject("db"));
    redis = RedisClients.pooled(vertx, config().getJsonObject("redis"));
    UserStore users = new UserStore(pg);
    AccessTokens tokens = new AccessTokens(vertx, auth);
    Plans plans = Plans.load();
    Authenticator authenticate = new Authenticator(tokens, users);
    var json = JsonBodies.limit(http.getLong("maxJsonBytes"), http.getInteger("requestTimeoutSeconds") * 1000L);
    String redisPrefix = config().getJsonObject("redis").getString("keyPrefix");
    new AuthRoutes(users, tokens, new LoginThrottle(redis, redisPrefix, auth), new SignupLimit(redis, redisPrefix, auth),
        new PasswordWork(vertx, auth), plans).mount(router, json, authenticate);
    JobQueue queue = new JobQueue(redis, QueueSettings.fromConfig(config(), RateLimits.none()));
    PublicationLifecycle lifecycle = new PublicationLifecycle(pg, vertx.eventBus());
    new PublicationRoutes(pg, queue, lifecycle, plans, config(), Clock.systemUTC()).mount(vertx, router, json, authenticate);
    new EventStream(vertx, pg, redis, config()).mount(router, authenticate);
    TokenCipher cipher = config().getJsonObject("crypto").getJsonArray("keys").isEmpty() ? null
        : new TokenCipher(KeyRing.fromConfig(config()));
    ConnectorRegistry connectors = new ConnectorRegistry(vertx, config());
    new PlatformRoutes(config(), users, plans, connectors, Clock.systemUTC()).mount(router, authenticate);
    new ConnectionRoutes(pg, queue, lifecycle, connectors, cipher, plans, config().getJsonObject("oauth")).mount(router, json, authenticate);
    new io.clipcast.api.feeds.FeedRoutes(pg, queue, lifecycle, connectors, config(), Clock.systemUTC()).mount(router);
    new io.clipcast.api.stats.StatsRoutes(pg).mount(router, authenticate);
    store = ClipStores.fromConfig(vertx, config());
    clips = new ClipRoutes(vertx, pg, store, config(), Clock.systemUTC(), new io.clipcast.api.clips.PullRechecks(lifecycle, queue));
    clips.mount(router, json, authenticate);

    return HttpServers.listen(vertx, http, http.getString("host"), http.getInteger("port"), router);
  }


  /** The routes this instance serves (the OpenAPI test walks them). */
  public Router router() {
    return router;
  }

  @Override
  public Future<?> stop() {
    redis.close();
    // uploads in flight end first: releasing each one updates its row, so the pool closes after
    return clips.close().transform(ar -> Future.join(probe.close(), pg.close(), store.close()));
  }
}
