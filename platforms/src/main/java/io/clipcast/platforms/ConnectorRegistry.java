package io.clipcast.platforms;

import io.clipcast.platforms.catalog.PlatformCatalog;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * The connectors on the classpath for the enabled platforms, each given its endpoints ({@code platformApis.<id>}),
 * OAuth client ({@code oauth.clients.<id>}, when configured) and rules from the {@link PlatformCatalog}.
 */
public final class ConnectorRegistry {
  private final Map<String, PlatformConnector> byId = new LinkedHashMap<>();

  public ConnectorRegistry(Vertx vertx, JsonObject config) {
    this(vertx, config, PlatformCatalog.shipped());
  }

  public ConnectorRegistry(Vertx vertx, JsonObject config, PlatformCatalog catalog) {
    catalog.enabled(config);   // every enabled platform has rules
    var enabled = config.getJsonObject("platforms").getJsonArray("enabled");
    for (PlatformConnector c : ServiceLoader.load(PlatformConnector.class)) {
      if (!enabled.contains(c.id())) continue;
      c.init(vertx, settings(config, catalog, c.id()));
      byId.put(c.id(), c);
    }
  }

  static ConnectorSettings settings(JsonObject config, PlatformCatalog catalog, String id) {
    Map<String, String> endpoints = new LinkedHashMap<>();
    config.getJsonObject("platformApis").getJsonObject(id, new JsonObject()).forEach(e -> endpoints.put(e.getKey(), (String) e.getValue()));
    JsonObject oauth = config.getJsonObject("oauth");
    JsonObject client = oauth.getJsonObject("clients").getJsonObject(id, new JsonObject());
    return new ConnectorSettings(Map.copyOf(endpoints), client.getString("clientId", ""), client.getString("clientSecret", ""),
        oauth.getString("redirectUri"), catalog.rules(id).forApp(client), client.copy());
  }

  public Optional<PlatformConnector> get(String platform) {
    return Optional.ofNullable(byId.get(platform));
  }

  /** The platform's OAuth sign-in; empty when it is not enabled or connects otherwise. */
  public Optional<OAuthSignIn> oauth(String platform) {
    return get(platform).flatMap(PlatformConnector::oauth);
  }

  /** The platform's credential check; empty when it is not enabled or connects by signing in. */
  public Optional<TokenSignIn> tokenSignIn(String platform) {
    return get(platform).flatMap(PlatformConnector::tokenSignIn);
  }

  /** The platform's post counters; empty when it is not enabled or shows none. */
  public Optional<StatsReader> statsReader(String platform) {
    return get(platform).flatMap(PlatformConnector::statsReader);
  }

  /** The platform's feed; empty when it is not enabled or takes posts through an API. */
  public Optional<FeedRenderer> feedRenderer(String platform) {
    return get(platform).flatMap(PlatformConnector::feedRenderer);
  }

  public Collection<PlatformConnector> all() {
    return byId.values();
  }
}
