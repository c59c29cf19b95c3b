package io.clipcast.crypto;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.UUID;

/**
 * What a token ciphertext is bound to: the {@code platform_connections} row, its owner and its platform. A
 * ciphertext copied into another row, another user's row or another platform's column does not decrypt.
 */
public record TokenAad(UUID rowId, UUID userId, String platform) {
  public TokenAad {
    Objects.requireNonNull(rowId, "rowId");
    Objects.requireNonNull(userId, "userId");
    Objects.requireNonNull(platform, "platform");
  }

  /** Unambiguous bytes: two fixed-size UUIDs, then the length-prefixed platform id. */
  byte[] encode() {
    byte[] p = platform.getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream out = new ByteArrayOutputStream(36 + p.length);
    out.writeBytes(ByteBuffer.allocate(36)
        .putLong(rowId.getMostSignificantBits()).putLong(rowId.getLeastSignificantBits())
        .putLong(userId.getMostSignificantBits()).putLong(userId.getLeastSignificantBits())
        .putInt(p.length).array());
    out.writeBytes(p);
    return out.toByteArray();
  }
}
