package io.clipcast.crypto;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;

/** HMAC-SHA256, and a key for one purpose derived from the node secret (so signed media links and feed URLs never share a key). */
public final class Hmacs {
  private Hmacs() {}

  public static byte[] sha256(byte[] key, byte[] data) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(data);
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The key for {@code purpose} (e.g. "clipcast-media-urls") under {@code secret}. */
  public static byte[] derivedKey(String purpose, String secret) {
    return sha256((purpose + ":" + secret).getBytes(StandardCharsets.UTF_8), "derive".getBytes(StandardCharsets.UTF_8));
  }
}
