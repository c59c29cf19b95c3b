package io.clipcast.sandbox.kit.oauth;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The access and refresh tokens an authorization server has issued, each standing for a {@link Grant} to subject
 * {@code S} (a channel, a user id, a member…). Lifetimes are read when a token is issued; a negative refresh
 * lifetime means until revoked. Rotation is the platform's choice: {@link #consume} uses a refresh token up, and only one concurrent refresh
 * can win it.
 */
public final class TokenBook<S> {
  /** What a token stands for; {@code device} is the client's device binding where the platform has one (VK ID). */
  public record Grant<S>(String token, S subject, String clientId, String device, Set<String> scopes, Instant expiresAt) {
    public boolean expired() {
      return expiresAt != null && Instant.now().isAfter(expiresAt);
    }
  }

  public record Pair<S>(Grant<S> access, Grant<S> refresh) {}

  private final Map<String, Grant<S>> access = new ConcurrentHashMap<>();
  private final Map<String, Grant<S>> refresh = new ConcurrentHashMap<>();
  private final Supplier<String> newAccess;
  private final Supplier<String> newRefresh;
  private final LongSupplier accessTtl;
  private final LongSupplier refreshTtl;

  /** Token values come from the suppliers (the platform's formats); lifetimes in seconds, read at issue time. */
  public TokenBook(Supplier<String> newAccess, Supplier<String> newRefresh, LongSupplier accessTtl, LongSupplier refreshTtl) {
    this.newAccess = newAccess;
    this.newRefresh = newRefresh;
    this.accessTtl = accessTtl;
    this.refreshTtl = refreshTtl;
  }

  public Grant<S> issueAccess(S subject, String clientId, Set<String> scopes) {
    return issueAccess(subject, clientId, null, scopes);
  }

  public Grant<S> issueRefresh(S subject, String clientId, Set<String> scopes) {
    return issueRefresh(subject, clientId, null, scopes);
  }

  public Pair<S> issue(S subject, String clientId, Set<String> scopes) {
    return issue(subject, clientId, null, scopes);
  }

  public Grant<S> issueAccess(S subject, String clientId, String device, Set<String> scopes) {
    return put(access, newAccess.get(), subject, clientId, device, scopes, Instant.now().plusSeconds(accessTtl.getAsLong()));
  }

  public Grant<S> issueRefresh(S subject, String clientId, String device, Set<String> scopes) {
    long ttl = refreshTtl.getAsLong();
    return put(refresh, newRefresh.get(), subject, clientId, device, scopes, ttl < 0 ? null : Instant.now().plusSeconds(ttl));
  }

  public Pair<S> issue(S subject, String clientId, String device, Set<String> scopes) {
    return new Pair<>(issueAccess(subject, clientId, device, scopes), issueRefresh(subject, clientId, device, scopes));
  }

  public Optional<Grant<S>> access(String token) {
    return token == null ? Optional.empty() : Optional.ofNullable(access.get(token));
  }

  /** The refresh token as issued (expired or not), until it is used up or revoked. */
  public Optional<Grant<S>> refresh(String token) {
    return token == null ? Optional.empty() : Optional.ofNullable(refresh.get(token));
  }

  /** Uses up {@code r} (rotation); false when a concurrent refresh got there first. */
  public boolean consume(Grant<S> r) {
    return refresh.remove(r.token(), r);
  }

  /** Revokes a token of either kind; revoking a refresh token also revokes the access tokens of its subject and client. */
  public boolean revoke(String token) {
    Grant<S> r = refresh.remove(token);
    if (r != null) {
      access.values().removeIf(a -> a.subject().equals(r.subject()) && a.clientId().equals(r.clientId()));
      return true;
    }
    return access.remove(token) != null;
  }

  /** Every token of {@code subject} for {@code clientId} stops working. */
  public void revokeAll(S subject, String clientId) {
    access.values().removeIf(a -> a.subject().equals(subject) && a.clientId().equals(clientId));
    refresh.values().removeIf(r -> r.subject().equals(subject) && r.clientId().equals(clientId));
  }

  /** How many access tokens {@code clientId} holds (control views). */
  public long accessCount(String clientId) {
    return access.values().stream().filter(a -> a.clientId().equals(clientId)).count();
  }

  private Grant<S> put(Map<String, Grant<S>> into, String token, S subject, String clientId, String device, Set<String> scopes,
                       Instant expiresAt) {
    Grant<S> g = new Grant<>(token, subject, clientId, device, Set.copyOf(scopes), expiresAt);
    into.put(token, g);
    return g;
  }
}
