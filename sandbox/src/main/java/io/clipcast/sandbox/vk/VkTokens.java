package io.clipcast.sandbox.vk;

import io.clipcast.sandbox.kit.oauth.OAuthParams;
import io.clipcast.sandbox.kit.oauth.TokenBook;

/**
 * VK ID's token formats and lifetimes; grants are to a user id. Access tokens are what the method API accepts; refresh
 * tokens rotate: using one revokes it and issues a new pair (VK ID behaviour, docs/platforms/vk.md).
 */
final class VkTokens {
  volatile long accessTtlSeconds = 3600;
  volatile long refreshTtlSeconds = 180L * 24 * 3600;
  final TokenBook<Long> book = new TokenBook<>(() -> "vk2.a." + random(48), () -> "vk2.r." + random(48), () -> accessTtlSeconds,
      () -> refreshTtlSeconds);

  static String hex(int bytes) {
    return OAuthParams.random(bytes * 2, "0123456789abcdef");
  }

  static String random(int bytes) {
    return OAuthParams.random(bytes);
  }
}
