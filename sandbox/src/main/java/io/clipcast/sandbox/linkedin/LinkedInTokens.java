package io.clipcast.sandbox.linkedin;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Issued tokens. Access tokens live {@code accessTokenTtlSeconds}; refresh tokens (approved apps only) live
 * {@code refreshTokenTtlSeconds} from the first consent and are <em>not</em> rotated: refreshing returns the same refresh
 * token with its remaining lifetime, as LinkedIn does.
 */
final class LinkedInTokens {
  record Access(String token, String memberId, String clientId, Set<String> scopes, Instant expiresAt) {
    boolean expired() {
      return Instant.now().isAfter(expiresAt);
    }
  }

  record Refresh(String token, String memberId, String clientId, Set<String> scopes, Instant expiresAt) {}

  record Issued(Access access, Refresh refresh) {}

  private static final SecureRandom RANDOM = new SecureRandom();
  private final Map<String, Access> access = new ConcurrentHashMap<>();
  private final Map<String, Refresh> refresh = new ConcurrentHashMap<>();
  private final LinkedInSettings settings;

  LinkedInTokens(LinkedInSettings settings) {
    this.settings = settings;
  }

  /** New tokens after a consent; a refresh token only for apps approved for programmatic refresh. */
  Issued issue(String memberId, String clientId, Set<String> scopes, boolean withRefresh) {
    Access a = newAccess(memberId, clientId, scopes);
    Refresh r = null;
    if (withRefresh) {
      r = new Refresh("AQW" + random(48), memberId, clientId, scopes, Instant.now().plusSeconds(settings.refreshTokenTtlSeconds));
      refresh.put(r.token(), r);
    }
    return new Issued(a, r);
  }

  /** A new access token for a valid refresh token; the refresh token stays the same. */
  Access renew(Refresh r) {
    return newAccess(r.memberId(), r.clientId(), r.scopes());
  }

  private Access newAccess(String memberId, String clientId, Set<String> scopes) {
    Access a = new Access("AQV" + random(96), memberId, clientId, Set.copyOf(scopes), Instant.now().plusSeconds(settings.accessTokenTtlSeconds));
    access.put(a.token(), a);
    return a;
  }

  Optional<Access> access(String token) {
    return token == null ? Optional.empty() : Optional.ofNullable(access.get(token));
  }

  Optional<Refresh> refresh(String token) {
    Refresh r = token == null ? null : refresh.get(token);
    return r == null || Instant.now().isAfter(r.expiresAt()) ? Optional.empty() : Optional.of(r);
  }

  static String random(int chars) {
    byte[] b = new byte[chars];
    RANDOM.nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b).substring(0, chars);
  }
}
