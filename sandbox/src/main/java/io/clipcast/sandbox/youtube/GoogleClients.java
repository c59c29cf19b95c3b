package io.clipcast.sandbox.youtube;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * OAuth clients registered in the simulated Google Cloud console: id, secret and the exact redirect URIs allowed. One is
 * registered from the start, matching {@code oauth.clients.youtube} in {@code conf/dev.json}; tests register their own
 * with {@code POST /youtube/_sandbox/clients {"clientId","clientSecret","redirectUris":[…]}}.
 */
final class GoogleClients {
  static final String DEV_CLIENT_ID = "100000000001-clipcastsandbox.apps.googleusercontent.com";
  static final String DEV_CLIENT_SECRET = "GOCSPX-clipcast-sandbox-secret";

  record Client(String clientId, String clientSecret, List<String> redirectUris) {}

  private final Map<String, Client> clients = new ConcurrentHashMap<>();

  GoogleClients() {
    put(new Client(DEV_CLIENT_ID, DEV_CLIENT_SECRET, List.of("http://127.0.0.1:8080/oauth/callback")));
  }

  Client put(Client c) {
    clients.put(c.clientId(), c);
    return c;
  }

  Client get(String clientId) {
    return clientId == null ? null : clients.get(clientId);
  }

  /** The client if {@code secret} is its secret, else null (Google answers {@code invalid_client}). */
  Client authenticate(String clientId, String secret) {
    Client c = get(clientId);
    return c != null && c.clientSecret().equals(secret) ? c : null;
  }

  static Client parse(JsonObject b) {
    JsonArray uris = b.getJsonArray("redirectUris", new JsonArray());
    return new Client(b.getString("clientId"), b.getString("clientSecret"), uris.stream().map(Object::toString).toList());
  }
}
