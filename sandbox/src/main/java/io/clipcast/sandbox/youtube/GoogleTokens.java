package io.clipcast.sandbox.youtube;

import io.clipcast.sandbox.kit.oauth.OAuthParams;
import io.clipcast.sandbox.kit.oauth.TokenBook;

import java.util.Set;

/**
 * Google's token formats and lifetimes: access tokens ({@code ya29.…}, ~1 h) that the YouTube API accepts, and refresh
 * tokens ({@code 1//…}) that do not rotate (a refresh returns a new access token only) and live until revoked — or, for
 * an app whose consent screen is in "Testing", {@link #refreshTtlSeconds} (7 days on Google).
 */
final class GoogleTokens {
  static final Set<String> UPLOAD_SCOPES = Set.of("https://www.googleapis.com/auth/youtube.upload",
      "https://www.googleapis.com/auth/youtube", "https://www.googleapis.com/auth/youtube.force-ssl");
  static final Set<String> READ_SCOPES = Set.of("https://www.googleapis.com/auth/youtube.readonly",
      "https://www.googleapis.com/auth/youtube", "https://www.googleapis.com/auth/youtube.force-ssl");

  volatile long accessTtlSeconds = 3599;
  /** 0 = refresh tokens live until revoked; an app in "Testing" status gets 7 days (604800). */
  volatile long refreshTtlSeconds = 0;
  final TokenBook<String> book = new TokenBook<>(() -> "ya29." + random(60), () -> "1//0g" + random(70), () -> accessTtlSeconds,
      () -> refreshTtlSeconds > 0 ? refreshTtlSeconds : -1);

  static boolean mayUpload(TokenBook.Grant<String> a) {
    return a.scopes().stream().anyMatch(UPLOAD_SCOPES::contains);
  }

  static boolean mayRead(TokenBook.Grant<String> a) {
    return a.scopes().stream().anyMatch(READ_SCOPES::contains);
  }

  static String random(int bytes) {
    return OAuthParams.random(bytes);
  }
}
