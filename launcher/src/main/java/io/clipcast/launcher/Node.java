package io.clipcast.launcher;

import io.clipcast.db.Migrations;
import io.clipcast.metrics.NodeMetrics;
import io.clipcast.metrics.RouteHistograms;
import io.clipcast.platforms.readiness.ApiSunsetWatch;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.micrometer.backends.BackendRegistries;
import io.vertx.core.Deployable;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import static net.logstash.logback.argument.StructuredArguments.kv;

/**
 * A running Clipcast node: one Vert.x (clustered or not), the schema migrated if this node migrates, and
 * the configured number of instances of each verticle kind. Instance counts come from config only.
 */
public final class Node {
  private static final Logger log = LoggerFactory.getLogger(Node.class);

  private final Vertx vertx;
  private final JsonObject config;
  private final Supplier<Deployable> sandbox;
  private final Map<String, String> deployments = new LinkedHashMap<>();

  private Node(Vertx vertx, JsonObject config, Supplier<Deployable> sandbox) {
    this.vertx = vertx;
    this.config = config;
    this.sandbox = sandbox;
  }

  /** A node without the platform sandbox: what the production jar runs ({@code sandbox.enabled} must be false). */
  public static Future<Node> start(JsonObject config) {
    return start(config, null);
  }

  /**
   * A node that also deploys {@code sandbox} when {@code sandbox.enabled}; the sandbox comes from the dev artifact
   * (launcher-dev) or a test, never from this module.
   */
  public static Future<Node> start(JsonObject config, Supplier<Deployable> sandbox) {
    boolean sandboxEnabled = config.getJsonObject("sandbox").getBoolean("enabled");
    if (sandboxEnabled && sandbox == null) {
      return Future.failedFuture(new IllegalStateException("sandbox.enabled is true, but the platform sandbox is only in "
          + "the dev artifact (clipcast-dev.jar, run by ./clipcast dev); this production jar has none"));
    }
    Supplier<Deployable> deployedSandbox = sandboxEnabled ? sandbox : null;
    // A context-free promise: on failure we close Vert.x, and a callback bound to its (then terminated)
    // event loop would never run.
    Promise<Node> started = Promise.promise();
    VertxFactory.create(config).onComplete(created -> {
      if (created.failed()) {
        started.fail(created.cause());
        return;
      }
      Node node = new Node(created.result(), config, deployedSandbox);
      node.enableRouteHistograms();
      node.deployAll().onComplete(deployed -> {
        if (deployed.succeeded()) {
          node.watchApiSunsets();
          started.complete(node);
        } else {
          started.fail(deployed.cause());
          node.vertx.close();
        }
      });
    });
    return started.future();
  }

  private Future<Void> deployAll() {
    JsonObject counts = config.getJsonObject("verticles");
    Future<?> chain = config.getJsonObject("db").getBoolean("migrate")
        ? Migrations.migrate(vertx, config.getJsonObject("db"))
        : Future.succeededFuture();
    chain = chain.compose(v -> NodeInfoService.register(vertx, config, counts));
    if (sandbox != null) {
      chain = chain.compose(v -> deploy("sandbox", sandbox, 1, config.getJsonObject("sandbox")));
    }
    for (var kind : VerticleCatalog.kinds().entrySet()) {
      int instances = counts.getInteger(kind.getKey());
      if (instances > 0) {
        chain = chain.compose(v -> deploy(kind.getKey(), kind.getValue(), instances, config));
      }
    }
    if (config.getJsonObject("ops").getBoolean("enabled")) {
      chain = chain.compose(v -> deploy("ops", OpsVerticle::new, 1, config));
    }
    return chain.onSuccess(v -> log.info("node started", kv("node", nodeId()), kv("clustered", vertx.isClustered()),
        kv("verticles", counts.getMap()))).mapEmpty();
  }

  private Future<String> deploy(String kind, Supplier<Deployable> factory,
                                int instances, JsonObject verticleConfig) {
    return vertx.deployVerticle(factory, new DeploymentOptions().setInstances(instances).setConfig(verticleConfig))
        .onSuccess(id -> deployments.put(kind, id))
        .recover(e -> Future.failedFuture(new IllegalStateException("Could not start the " + kind + " verticle: " + e.getMessage(), e)));
  }

  public Vertx vertx() {
    return vertx;
  }

  public JsonObject config() {
    return config;
  }

  public String nodeId() {
    return config.getJsonObject("node").getString("id");
  }

  /** Before any server listens: histogram buckets for the routes in {@code ops.histogramRoutes} ({@link RouteHistograms}). */
  private void enableRouteHistograms() {
    MeterRegistry registry = BackendRegistries.getNow(NodeMetrics.registryName(nodeId()));
    if (registry != null) {
      RouteHistograms.enable(registry, config.getJsonObject("ops").getJsonArray("histogramRoutes").getList());
    }
  }

  /** The gauge and warning of platform API versions near their sunset ({@link ApiSunsetWatch}), once per node. */
  private void watchApiSunsets() {
    MeterRegistry registry = BackendRegistries.getNow(NodeMetrics.registryName(nodeId()));
    ApiSunsetWatch.start(vertx, config, registry != null ? registry : new SimpleMeterRegistry(), Clock.systemUTC());
  }

  /** Verticle kind → deployment id, for the kinds this node runs. */
  public Map<String, String> deployments() {
    return Collections.unmodifiableMap(deployments);
  }

  /**
   * Stops the publish instances first: their attempts finish or are handed back (docs/operations/scaling.md) while the rest of the
   * node still runs — the shared database pool lives on the context of whichever verticle created it first, often the
   * scheduler. Then undeploys every other verticle (servers stop taking requests first) and leaves the cluster last.
   */
  public Future<Void> stop() {
    String publish = deployments.get("publish");
    Future<?> first = publish == null ? Future.succeededFuture() : vertx.undeploy(publish)
        .onFailure(e -> log.warn("the publish instances did not stop cleanly: {}", e.toString()));
    // a context-free promise: the undeploy's callbacks run on an event loop that closing Vert.x then terminates
    Promise<Void> stopped = Promise.promise();
    first.onComplete(ar -> vertx.close().onComplete(stopped));
    return stopped.future();
  }

  public void stopAndWait() {
    long timeout = config.getJsonObject("shutdown").getLong("timeoutMs");
    try {
      stop().await(timeout, TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      log.warn("node did not stop within {} ms: {}", timeout, e.toString());
    }
  }
}
