package io.clipcast.sandbox.kit.oauth;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Authorization codes an authorization server has issued, each standing for {@code T} (the request and who approved it).
 * Codes are single use: {@link #take} removes the code whatever the exchange then decides.
 */
public final class AuthCodes<T> {
  /** What a code stood for, and whether it had expired when it was taken. */
  public record Taken<T>(T grant, Instant expiresAt) {
    public boolean expired() {
      return Instant.now().isAfter(expiresAt);
    }
  }

  private final Map<String, Taken<T>> codes = new ConcurrentHashMap<>();
  private final long ttlSeconds;

  public AuthCodes(long ttlSeconds) {
    this.ttlSeconds = ttlSeconds;
  }

  public long ttlSeconds() {
    return ttlSeconds;
  }

  /** Records {@code code} for {@code grant}; returns the code. */
  public String issue(String code, T grant) {
    codes.put(code, new Taken<>(grant, Instant.now().plusSeconds(ttlSeconds)));
    return code;
  }

  /** The code's grant, removed (single use), or empty for an unknown or spent code. */
  public Optional<Taken<T>> take(String code) {
    return code == null ? Optional.empty() : Optional.ofNullable(codes.remove(code));
  }
}
