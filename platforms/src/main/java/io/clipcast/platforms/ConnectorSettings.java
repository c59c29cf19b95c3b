package io.clipcast.platforms;

import io.clipcast.platforms.catalog.PlatformRules;
import io.vertx.core.json.JsonObject;

import java.util.Map;

/**
 * What a connector is told about its platform at start: named base URLs ({@code platformApis.<id>}, e.g. {@code api},
 * {@code oauth}; the sandbox in dev and tests), the OAuth client registered with the platform
 * ({@code oauth.clients.<id>}; blank for token kinds), the exact redirect URI registered there ({@code oauth.redirectUri}),
 * the platform's typed rules (from the catalog) and the whole {@code oauth.clients.<id>} block
 * ({@code client}: settings of the platform app beyond its id and secret, e.g. whether it passed the platform's audit).
 */
public record ConnectorSettings(Map<String, String> endpoints, String clientId, String clientSecret, String redirectUri,
                                PlatformRules rules, JsonObject client) {

  /** Settings without extra client keys. */
  public ConnectorSettings(Map<String, String> endpoints, String clientId, String clientSecret, String redirectUri, PlatformRules rules) {
    this(endpoints, clientId, clientSecret, redirectUri, rules, new JsonObject());
  }

  /** The base URL named {@code name}, without a trailing slash. */
  public String endpoint(String name) {
    String url = endpoints.get(name);
    if (url == null) throw new IllegalStateException("no platformApis endpoint '" + name + "' configured");
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }
}
