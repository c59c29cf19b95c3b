package io.clipcast.sandbox.kit.oauth;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The apps registered with a simulated authorization server: id (client_id, TikTok's client_key), secret, the exact
 * redirect URIs allowed, and the scopes the app may ask for (empty = any the platform knows).
 */
public final class OAuthClients {
  public record Client(String clientId, String clientSecret, List<String> redirectUris, Set<String> scopes) {}

  private final Map<String, Client> clients = new ConcurrentHashMap<>();

  public Client put(Client c) {
    clients.put(c.clientId(), c);
    return c;
  }

  public Optional<Client> get(String clientId) {
    return clientId == null ? Optional.empty() : Optional.ofNullable(clients.get(clientId));
  }

  public Iterable<Client> all() {
    return clients.values();
  }
}
