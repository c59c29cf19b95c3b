package io.clipcast.launcher;

import io.clipcast.ops.ClusterView;
import io.clipcast.ops.NodeActivity;
import io.clipcast.ops.NodeAddresses;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;

import java.time.Instant;

/**
 * Answers "who are you, what do you run and what are you doing" on this node's event-bus address (used by
 * {@code /cluster}): the claims, in-flight uploads and breaker states come from {@link NodeActivity}.
 */
final class NodeInfoService {
  private NodeInfoService() {}

  static Future<MessageConsumer<Object>> register(Vertx vertx, JsonObject config, JsonObject verticleCounts) {
    String nodeId = config.getJsonObject("node").getString("id");
    Instant started = Instant.now();
    MessageConsumer<Object> consumer = vertx.eventBus().consumer(
        NodeAddresses.info(ClusterView.localNodeId(vertx, nodeId)),
        msg -> msg.reply(new JsonObject()
            .put("nodeId", nodeId)
            .put("pid", ProcessHandle.current().pid())
            .put("startedAt", started.toString())
            .put("uptimeMs", java.time.Duration.between(started, Instant.now()).toMillis())
            .put("verticles", verticleCounts.copy())
            .mergeIn(NodeActivity.of(vertx).toJson())));
    return consumer.completion().map(consumer);
  }
}
