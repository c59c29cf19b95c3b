package io.clipcast.storage;

import io.clipcast.crypto.Hmacs;

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
    this.key = Hmacs.derivedKey("clipcast-media-urls", secret);
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
    return Base64.getUrlEncoder().withoutPadding().encodeToString(Hmacs.sha256(key, (clipId + "|" + exp).getBytes(StandardCharsets.UTF_8)));
  }
}
