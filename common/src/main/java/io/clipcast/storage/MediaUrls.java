package io.clipcast.storage;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;

/**
 * Signed, expiring download links {@code /media/{clipId}?exp=…&sig=…} for platforms that pull a clip by URL when
 * the clips live on local disk. HMAC-SHA256 over "clipId|exp" with a key derived from the node secret.
 */
public final class MediaUrls {
  private final byte[] key;

  public MediaUrls(String secret) {
    this.key = hmac(("clipcast-media-urls:" + secret).getBytes(StandardCharsets.UTF_8), "derive".getBytes(StandardCharsets.UTF_8));
  }

  public String path(String clipId, Instant expires) {
    long exp = expires.getEpochSecond();
    return "/media/" + clipId + "?exp=" + exp + "&sig=" + sign(clipId, exp);
  }

  public boolean valid(String clipId, String exp, String sig, Instant now) {
    long e;
    try {
      e = Long.parseLong(exp);
    } catch (NumberFormatException | NullPointerException ex) {
      return false;
    }
    if (sig == null || now.getEpochSecond() > e) return false;
    return MessageDigest.isEqual(sign(clipId, e).getBytes(StandardCharsets.US_ASCII), sig.getBytes(StandardCharsets.US_ASCII));
  }

  private String sign(String clipId, long exp) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(hmac(key, (clipId + "|" + exp).getBytes(StandardCharsets.UTF_8)));
  }

  private static byte[] hmac(byte[] key, byte[] data) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(data);
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
