package io.clipcast.sandbox.linkedin;

import io.clipcast.sandbox.kit.oauth.OAuthParams;
import io.clipcast.sandbox.kit.oauth.TokenBook;

import java.util.Set;

/**
 * LinkedIn's token formats; grants are to a member id. Access tokens live {@code accessTokenTtlSeconds}; refresh tokens
 * (approved apps only) live {@code refreshTokenTtlSeconds} from the first consent and are <em>not</em> rotated:
 * refreshing returns the same refresh token with its remaining lifetime, as LinkedIn does.
 */
final class LinkedInTokens {
  final TokenBook<String> book;

  LinkedInTokens(LinkedInSettings settings) {
    book = new TokenBook<>(() -> "AQV" + random(96), () -> "AQW" + random(48), () -> settings.accessTokenTtlSeconds,
        () -> settings.refreshTokenTtlSeconds);
  }

  /** New tokens after a consent; a refresh token (else null) only for apps approved for programmatic refresh. */
  TokenBook.Pair<String> issue(String memberId, String clientId, Set<String> scopes, boolean withRefresh) {
    return new TokenBook.Pair<>(book.issueAccess(memberId, clientId, scopes), withRefresh ? book.issueRefresh(memberId, clientId, scopes) : null);
  }

  static String random(int chars) {
    return OAuthParams.random(chars).substring(0, chars);
  }
}
