package io.clipcast.sandbox.meta;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Tokens Facebook Login hands out: short-lived user tokens (from a code), long-lived ones ({@code fb_exchange_token},
 * ~60 days) and Page tokens (from {@code /me/accounts}: no expiry when derived from a long-lived user token, the user
 * token's expiry otherwise). A user token sees only the Pages granted in the dialog.
 */
public final class MetaTokens {
  public enum Kind { USER_SHORT, USER_LONG, PAGE }

  public record Token(String value, Kind kind, String appId, String userId, String pageId, Set<String> pages, Set<String> scopes,
                      Instant expiresAt) {
    public boolean expired() {
      return expiresAt != null && Instant.now().isAfter(expiresAt);
    }

    public boolean user() {
      return kind != Kind.PAGE;
    }
  }

  private static final SecureRandom RANDOM = new SecureRandom();
  private final Map<String, Token> tokens = new ConcurrentHashMap<>();

  public Token issueUser(Kind kind, String appId, String userId, Set<String> pages, Set<String> scopes, long ttlSeconds) {
    String value = "EAA" + random(kind == Kind.USER_SHORT ? 48 : 64);
    Token t = new Token(value, kind, appId, userId, null, Set.copyOf(pages), Set.copyOf(scopes), Instant.now().plusSeconds(ttlSeconds));
    tokens.put(value, t);
    return t;
  }

  /** The Page token {@code user} gets for {@code pageId}; the same one each time while the user token lives. */
  public Token pageToken(Token user, String pageId) {
    Instant expires = user.kind() == Kind.USER_LONG ? null : user.expiresAt();
    return tokens.values().stream().filter(t -> t.kind() == Kind.PAGE && t.pageId().equals(pageId) && t.userId().equals(user.userId())
        && t.appId().equals(user.appId()) && java.util.Objects.equals(t.expiresAt(), expires)).findFirst().orElseGet(() -> {
          String value = "EAAP" + Integer.toHexString((user.value() + pageId).hashCode()) + random(40);
          Token t = new Token(value, Kind.PAGE, user.appId(), user.userId(), pageId, Set.of(pageId), user.scopes(), expires);
          tokens.put(value, t);
          return t;
        });
  }

  public Optional<Token> find(String value) {
    return value == null ? Optional.empty() : Optional.ofNullable(tokens.get(value));
  }

  /** The token of a call, or the Graph error the call gets: 104 none, 190 unknown, 190/463 expired. */
  public Token require(String value) {
    if (value == null || value.isBlank()) throw GraphError.noToken();
    Token t = tokens.get(value);
    if (t == null) throw GraphError.badToken();
    if (t.expired()) throw GraphError.expiredToken();
    return t;
  }

  public static String random(int bytes) {
    byte[] b = new byte[bytes];
    RANDOM.nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b).replace("-", "Z").replace("_", "Q");
  }
}
