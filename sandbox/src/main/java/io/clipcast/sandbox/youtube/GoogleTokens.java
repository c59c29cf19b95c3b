package io.clipcast.sandbox.youtube;

import io.clipcast.sandbox.kit.oauth.OAuthParams;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Tokens Google has issued: access tokens ({@code ya29.…}, ~1 h) that the YouTube API accepts, and refresh tokens
 * ({@code 1//…}) that do not rotate (a refresh returns a new access token only) and live until revoked — or, for an
 * app whose consent screen is in "Testing", {@link #refreshTtlSeconds} (7 days on Google).
 */
final class GoogleTokens {
  static final Set<String> UPLOAD_SCOPES = Set.of("https://www.googleapis.com/auth/youtube.upload",
      "https://www.googleapis.com/auth/youtube", "https://www.googleapis.com/auth/youtube.force-ssl");
  static final Set<String> READ_SCOPES = Set.of("https://www.googleapis.com/auth/youtube.readonly",
      "https://www.googleapis.com/auth/youtube", "https://www.googleapis.com/auth/youtube.force-ssl");

  record Access(String token, String channelId, String clientId, Set<String> scopes, Instant expiresAt) {
    boolean expired() {
      return Instant.now().isAfter(expiresAt);
    }

    boolean mayUpload() {
      return scopes.stream().anyMatch(UPLOAD_SCOPES::contains);
    }

    boolean mayRead() {
      return scopes.stream().anyMatch(READ_SCOPES::contains);
    }
  }

  record Refresh(String token, String channelId, String clientId, Set<String> scopes, Instant expiresAt) {
    boolean expired() {
      return expiresAt != null && Instant.now().isAfter(expiresAt);
    }
  }

  private final Map<String, Access> access = new ConcurrentHashMap<>();
  private final Map<String, Refresh> refresh = new ConcurrentHashMap<>();
  volatile long accessTtlSeconds = 3599;
  /** 0 = refresh tokens live until revoked; an app in "Testing" status gets 7 days (604800). */
  volatile long refreshTtlSeconds = 0;

  Access issueAccess(String channelId, String clientId, Set<String> scopes) {
    Access a = new Access("ya29." + random(60), channelId, clientId, Set.copyOf(scopes), Instant.now().plusSeconds(accessTtlSeconds));
    access.put(a.token(), a);
    return a;
  }

  Refresh issueRefresh(String channelId, String clientId, Set<String> scopes) {
    Refresh r = new Refresh("1//0g" + random(70), channelId, clientId, Set.copyOf(scopes),
        refreshTtlSeconds > 0 ? Instant.now().plusSeconds(refreshTtlSeconds) : null);
    refresh.put(r.token(), r);
    return r;
  }

  Optional<Access> access(String token) {
    return token == null ? Optional.empty() : Optional.ofNullable(access.get(token));
  }

  Optional<Refresh> refresh(String token) {
    return token == null ? Optional.empty() : Optional.ofNullable(refresh.get(token));
  }

  /** Revokes a token of either kind; revoking a refresh token also revokes the access tokens issued with its grant. */
  boolean revoke(String token) {
    Refresh r = refresh.remove(token);
    if (r != null) {
      access.values().removeIf(a -> a.channelId().equals(r.channelId()) && a.clientId().equals(r.clientId()));
      return true;
    }
    return access.remove(token) != null;
  }

  static String random(int bytes) {
    return OAuthParams.random(bytes);
  }
}
