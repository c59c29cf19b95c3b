package io.clipcast.api.feeds;

import io.clipcast.crypto.Hmacs;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.UUID;

/**
 * The credential in a feed URL, {@code /feeds/{token}.xml}: the connection's id and an HMAC-SHA256 (first 128 bits) of
 * that id and the connection's {@code feedNonce}, keyed by the node secret. Nothing that opens a feed is stored: the
 * database keeps only the nonce, which is worthless without the key, and the URL can be shown to its owner again at
 * any time. A new nonce (or a new node secret) makes every old URL of the connection stop working.
 */
final class FeedTokens {
  private static final int MAC_BYTES = 16;
  private final byte[] key;

  FeedTokens(String secret) {
    this.key = Hmacs.derivedKey("clipcast-feed-urls", secret);
  }

  String token(UUID connectionId, String nonce) {
    ByteBuffer b = ByteBuffer.allocate(16 + MAC_BYTES);
    b.putLong(connectionId.getMostSignificantBits()).putLong(connectionId.getLeastSignificantBits()).put(mac(connectionId, nonce));
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b.array());
  }

  /** The connection a well-formed token names (not yet checked), or null. */
  static UUID connectionOf(String token) {
    byte[] b;
    try {
      b = Base64.getUrlDecoder().decode(token);
    } catch (IllegalArgumentException e) {
      return null;
    }
    if (b.length != 16 + MAC_BYTES) return null;
    ByteBuffer buf = ByteBuffer.wrap(b);
    return new UUID(buf.getLong(), buf.getLong());
  }

  /** Constant-time: does {@code token} open the feed of this connection with this nonce? */
  boolean opens(String token, UUID connectionId, String nonce) {
    if (nonce == null) return false;
    byte[] given = Base64.getUrlDecoder().decode(token);
    return MessageDigest.isEqual(Arrays.copyOfRange(given, 16, given.length), mac(connectionId, nonce));
  }

  private byte[] mac(UUID connectionId, String nonce) {
    return Arrays.copyOf(Hmacs.sha256(key, ("feed|" + connectionId + "|" + nonce).getBytes(StandardCharsets.UTF_8)), MAC_BYTES);
  }
}
