package io.clipcast.platforms;

import io.clipcast.config.ConfigLayers;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * The connectors on the classpath for the enabled platforms, each given its endpoints ({@code platformApis.<id>}),
 * OAuth client ({@code oauth.clients.<id>}, when configured) and rules file.
 */
public final class ConnectorRegistry {
  private final Map<String, PlatformConnector> byId = new LinkedHashMap<>();

  public ConnectorRegistry(Vertx vertx, JsonObject config) {
    var enabled = config.getJsonObject("platforms").getJsonArray("enabled");
    for (PlatformConnector c : ServiceLoader.load(PlatformConnector.class)) {
      if (!enabled.contains(c.id())) continue;
      c.init(vertx, settings(config, c.id()));
      byId.put(c.id(), c);
    }
  }

  public static ConnectorSettings settings(JsonObject config, String id) {
    Map<String, String> endpoints = new LinkedHashMap<>();
    config.getJsonObject("platformApis").getJsonObject(id, new JsonObject()).forEach(e -> endpoints.put(e.getKey(), (String) e.getValue()));
    JsonObject oauth = config.getJsonObject("oauth");
    JsonObject client = oauth.getJsonObject("clients").getJsonObject(id, new JsonObject());
    return new ConnectorSettings(Map.copyOf(endpoints), client.getString("clientId", ""), client.getString("clientSecret", ""),
        oauth.getString("redirectUri"), ConfigLayers.readResource("conf/platforms/" + id + ".json"), client.copy());
  }

  public Optional<PlatformConnector> get(String platform) {
    return Optional.ofNullable(byId.get(platform));
  }

  public Collection<PlatformConnector> all() {
    return byId.values();
  }
}
