package io.clipcast.sandbox.vk;

import io.clipcast.sandbox.kit.oauth.OAuthParams;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Tokens VK ID has issued. Access tokens are what the method API accepts; refresh tokens rotate: using one revokes it
 * and issues a new pair (VK ID behaviour, platforms/vk.md "Refresh").
 */
final class VkTokens {
  record Access(String token, long userId, String clientId, Set<String> scopes, Instant expiresAt) {
    boolean expired() {
      return Instant.now().isAfter(expiresAt);
    }
  }

  record Refresh(String token, long userId, String clientId, String deviceId, Set<String> scopes, Instant expiresAt) {}

  record Pair(Access access, Refresh refresh) {}

  private static final SecureRandom RANDOM = new SecureRandom();

  private final Map<String, Access> access = new ConcurrentHashMap<>();
  private final Map<String, Refresh> refresh = new ConcurrentHashMap<>();
  volatile long accessTtlSeconds = 3600;
  volatile long refreshTtlSeconds = 180L * 24 * 3600;

  Pair issue(long userId, String clientId, String deviceId, Set<String> scopes) {
    Access a = new Access("vk2.a." + random(48), userId, clientId, Set.copyOf(scopes), Instant.now().plusSeconds(accessTtlSeconds));
    Refresh r = new Refresh("vk2.r." + random(48), userId, clientId, deviceId, Set.copyOf(scopes),
        Instant.now().plus(Duration.ofSeconds(refreshTtlSeconds)));
    access.put(a.token(), a);
    refresh.put(r.token(), r);
    return new Pair(a, r);
  }

  Optional<Access> access(String token) {
    return token == null ? Optional.empty() : Optional.ofNullable(access.get(token));
  }

  /** The refresh token, when it exists (not yet used) and has not expired. */
  Optional<Refresh> refresh(String token) {
    Refresh r = token == null ? null : refresh.get(token);
    return r == null || Instant.now().isAfter(r.expiresAt()) ? Optional.empty() : Optional.of(r);
  }

  /** Uses up {@code r}; false when a concurrent refresh got there first. */
  boolean consume(Refresh r) {
    return refresh.remove(r.token(), r);
  }

  static String hex(int bytes) {
    byte[] b = new byte[bytes];
    RANDOM.nextBytes(b);
    return java.util.HexFormat.of().formatHex(b);
  }

  static String random(int bytes) {
    return OAuthParams.random(bytes);
  }
}
