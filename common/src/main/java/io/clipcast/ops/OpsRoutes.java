package io.clipcast.ops;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.micrometer.PrometheusScrapingHandler;
import io.vertx.micrometer.backends.BackendRegistries;
import io.clipcast.metrics.NodeMetrics;
import io.clipcast.web.ErrorReply;
import io.clipcast.web.RouterErrors;
import io.clipcast.web.SecurityHeaders;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code /health} (alive), {@code /ready} (dependencies reachable; 503 naming what failed), {@code /metrics}
 * (Prometheus text) and {@code /cluster} (members and what each runs). The public API port serves only the first two
 * (load balancers probe them); metrics and the cluster view tell outsiders too much and are served on the ops port
 * ({@code ops.enabled}, {@code ops.port}), behind {@code ops.token} when one is set.
 */
public final class OpsRoutes {
  private final Vertx vertx;
  private final ReadinessProbe probe;
  private final String nodeId;
  private final long timeoutMs;
  private final String token;

  public OpsRoutes(Vertx vertx, ReadinessProbe probe, JsonObject config) {
    this.vertx = vertx;
    this.probe = probe;
    this.nodeId = config.getJsonObject("node").getString("id");
    this.timeoutMs = config.getJsonObject("readiness").getLong("timeoutMs");
    this.token = config.getJsonObject("ops").getString("token", "");
  }

  /**
   * The router of the public API port: correlation ids, security headers, access log, {@code /health} and
   * {@code /ready}, and the JSON error model for what the router itself rejects. Feature routes are added by the caller.
   */
  public static Router apiRouter(Vertx vertx, ReadinessProbe probe, JsonObject config) {
    Router router = base(vertx);
    OpsRoutes ops = new OpsRoutes(vertx, probe, config);
    ops.mountProbes(router);
    router.route("/metrics").handler(OpsRoutes::onOpsPort);
    router.route("/cluster").handler(OpsRoutes::onOpsPort);
    return router;
  }

  /** The router of the ops port: every ops endpoint. */
  public static Router opsRouter(Vertx vertx, ReadinessProbe probe, JsonObject config) {
    Router router = base(vertx);
    OpsRoutes ops = new OpsRoutes(vertx, probe, config);
    ops.mountProbes(router);
    ops.mountOperatorViews(router);
    return router;
  }

  private static Router base(Vertx vertx) {
    Router router = Router.router(vertx);
    router.route().handler(new RequestIds()).handler(new SecurityHeaders()).handler(new AccessLog());
    RouterErrors.install(router);
    return router;
  }

  private static void onOpsPort(RoutingContext ctx) {
    ErrorReply.send(ctx, 404, "not_found", ctx.request().path() + " is not served on the API port: it is on this node's ops port"
        + " (ops.enabled, ops.port).");
  }

  private void mountProbes(Router router) {
    router.get("/health").handler(this::health);
    router.get("/ready").handler(this::ready);
  }

  private void mountOperatorViews(Router router) {
    if (!token.isEmpty()) {
      router.route("/metrics").handler(this::requireToken);
      router.route("/cluster").handler(this::requireToken);
    }
    router.get("/cluster").handler(this::cluster);
    var registry = BackendRegistries.getNow(NodeMetrics.registryName(nodeId));
    if (registry != null) {
      router.get("/metrics").handler(PrometheusScrapingHandler.create(NodeMetrics.registryName(nodeId)));
    } else {
      router.get("/metrics").handler(ctx -> ErrorReply.send(ctx, 503, "metrics_disabled",
          "Metrics are not enabled on this node; start it through the launcher."));
    }
  }

  /** Constant-time check of {@code Authorization: Bearer <ops.token>}. */
  private void requireToken(RoutingContext ctx) {
    String given = ctx.request().getHeader("Authorization");
    byte[] expected = ("Bearer " + token).getBytes(java.nio.charset.StandardCharsets.UTF_8);
    if (given == null || !java.security.MessageDigest.isEqual(expected, given.getBytes(java.nio.charset.StandardCharsets.UTF_8))) {
      ctx.response().putHeader("WWW-Authenticate", "Bearer");
      ErrorReply.send(ctx, 401, "unauthorized", "Send Authorization: Bearer <ops.token> to read this endpoint.");
      return;
    }
    ctx.next();
  }

  private void health(RoutingContext ctx) {
    json(ctx, 200, new JsonObject().put("status", "up").put("node", nodeId));
  }

  private void ready(RoutingContext ctx) {
    probe.check().onComplete(ar -> {
      JsonObject r = ar.result();
      boolean ok = r.getBoolean("ready");
      JsonObject body = r.put("status", ok ? "ready" : "not_ready").put("node", nodeId);
      if (!ok) {
        body.put("error", ErrorReply.body("dependency_unavailable",
            "Not ready: " + String.join(", ", r.getJsonArray("failed").getList()) + " unreachable from this node.", null)
            .getJsonObject("error"));
      }
      json(ctx, ok ? 200 : 503, body);
    });
  }

  /** Asks every member over the event bus what it runs; a member that does not answer is listed as such. */
  private void cluster(RoutingContext ctx) {
    List<String> members = ClusterView.members(vertx, nodeId);
    List<Future<JsonObject>> answers = new ArrayList<>();
    DeliveryOptions opts = new DeliveryOptions().setSendTimeout(timeoutMs);
    for (String member : members) {
      answers.add(vertx.eventBus().<JsonObject>request(NodeAddresses.info(member), null, opts)
          .map(m -> m.body().put("memberId", member).put("reachable", true))
          .otherwise(e -> new JsonObject().put("memberId", member).put("reachable", false).put("error", e.getMessage())));
    }
    Future.join(answers).onComplete(ar -> {
      JsonArray nodes = new JsonArray();
      answers.forEach(f -> nodes.add(f.result()));
      json(ctx, 200, new JsonObject()
          .put("clustered", vertx.isClustered())
          .put("self", ClusterView.localNodeId(vertx, nodeId))
          .put("nodes", nodes));
    });
  }

  private static void json(RoutingContext ctx, int status, JsonObject body) {
    ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json; charset=utf-8")
        .putHeader("Cache-Control", "no-store").end(body.encode());
  }
}
