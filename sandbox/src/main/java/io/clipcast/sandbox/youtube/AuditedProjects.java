package io.clipcast.sandbox.youtube;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which Google projects (OAuth clients) passed YouTube's API compliance audit. Videos that an unaudited project uploads
 * through videos.insert are locked to private (docs/platforms/youtube.md, "Registering the app"): the simulator shows the
 * lock once processing ends. The dev client (conf/dev.json) is audited, so dev mode publishes as asked; every other
 * client starts unaudited until {@code POST /youtube/_sandbox/projects} says otherwise.
 */
final class AuditedProjects {
  private final Set<String> audited = ConcurrentHashMap.newKeySet();

  AuditedProjects() {
    audited.add(GoogleOAuthServer.DEV_CLIENT_ID);
  }

  boolean audited(String clientId) {
    return audited.contains(clientId);
  }

  void set(String clientId, boolean passed) {
    if (passed) audited.add(clientId);
    else audited.remove(clientId);
  }

  JsonObject toJson() {
    return new JsonObject().put("audited", new JsonArray(new TreeSet<>(audited).stream().map(Object.class::cast).toList()));
  }
}
