package io.clipcast.connector;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;

/** The connectors on the classpath for the enabled platforms, each pointed at its base URL ({@code platformApis.<id>}). */
public final class ConnectorRegistry {
  private final Map<String, PlatformConnector> byId = new LinkedHashMap<>();

  public ConnectorRegistry(Vertx vertx, JsonObject config) {
    JsonObject apis = config.getJsonObject("platformApis");
    var enabled = config.getJsonObject("platforms").getJsonArray("enabled");
    for (PlatformConnector c : ServiceLoader.load(PlatformConnector.class)) {
      if (!enabled.contains(c.id())) continue;
      c.init(vertx, apis.getString(c.id()));
      byId.put(c.id(), c);
    }
  }

  public Optional<PlatformConnector> get(String platform) {
    return Optional.ofNullable(byId.get(platform));
  }
}
