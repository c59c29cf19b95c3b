package io.clipcast.api.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * API keys: {@code cc_} + 32 random bytes, shown once; only their SHA-256 is stored (they are high-entropy, so a
 * fast hash is enough and lets every request be checked with one indexed lookup).
 */
public final class ApiKeys {
  public static final String PREFIX = "cc_";
  private static final SecureRandom RANDOM = new SecureRandom();

  private ApiKeys() {}

  public static String generate() {
    byte[] b = new byte[32];
    RANDOM.nextBytes(b);
    return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  public static String hash(String key) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  public static boolean looksLikeKey(String token) {
    return token.startsWith(PREFIX) && token.length() > PREFIX.length() + 20;
  }
}
