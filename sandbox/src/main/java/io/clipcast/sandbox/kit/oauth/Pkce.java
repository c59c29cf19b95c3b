package io.clipcast.sandbox.kit.oauth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.regex.Pattern;

/** PKCE (RFC 7636): what a verifier looks like and how a challenge is derived from it. */
public final class Pkce {
  /** 43-128 unreserved characters (RFC 7636 §4.1); challenges of {@code plain} have the same form. */
  public static final Pattern VERIFIER = Pattern.compile("[A-Za-z0-9._~-]{43,128}");

  private Pkce() {}

  /** The S256 challenge: base64url of the verifier's SHA-256, without padding. */
  public static String s256(String verifier) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(sha256(verifier));
  }

  /** The S256 digest as lowercase hex (TikTok's desktop form). */
  public static String s256Hex(String verifier) {
    return HexFormat.of().formatHex(sha256(verifier));
  }

  /** The challenge {@code method} ({@code plain} or {@code S256}) makes of {@code verifier}. */
  public static String challenge(String verifier, String method) {
    return "plain".equals(method) ? verifier : s256(verifier);
  }

  /** True when {@code verifier} is well formed and yields {@code challenge} under {@code method}. */
  public static boolean verifies(String verifier, String challenge, String method) {
    return verifier != null && VERIFIER.matcher(verifier).matches() && challenge(verifier, method).equals(challenge);
  }

  private static byte[] sha256(String verifier) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
