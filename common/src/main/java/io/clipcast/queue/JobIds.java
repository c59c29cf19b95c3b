package io.clipcast.queue;

import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.UUID;

/**
 * A job id's form inside Redis. A canonical UUID (lowercase, as {@link UUID#toString()} writes it; every publication
 * id is one) is stored as its 16 bytes in base64url without padding, 22 characters instead of 36: the id is written
 * twice per pending job (the {@code delayed} member and the {@code meta} field), so this is most of what a pending job
 * saves (docs/operations/redis.md "Work per job"). Any other id is stored as {@code .} followed by the id; {@code .} is
 * not a base64url character, so the two forms never collide. Neither form has a space or {@code |}, unless the id has.
 * Only {@link JobQueue} translates; everything outside the queue sees the id as it was given.
 */
public final class JobIds {
  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder DECODER = Base64.getUrlDecoder();
  private static final int CANONICAL_UUID_LENGTH = 36;
  private static final int ENCODED_UUID_LENGTH = 22;

  private JobIds() {
  }

  /** The Redis form of {@code jobId}. Public for tests that look at the queue's keys directly. */
  public static String toRedis(String jobId) {
    UUID uuid = canonicalUuid(jobId);
    if (uuid == null) return "." + jobId;
    ByteBuffer bytes = ByteBuffer.allocate(16);
    bytes.putLong(uuid.getMostSignificantBits()).putLong(uuid.getLeastSignificantBits());
    return ENCODER.encodeToString(bytes.array());
  }

  /** The id {@link #toRedis} was given for {@code redisId}. */
  public static String fromRedis(String redisId) {
    if (redisId.startsWith(".")) return redisId.substring(1);
    if (redisId.length() != ENCODED_UUID_LENGTH) throw new IllegalArgumentException("not a queue job id: " + redisId);
    ByteBuffer bytes = ByteBuffer.wrap(DECODER.decode(redisId));
    return new UUID(bytes.getLong(), bytes.getLong()).toString();
  }

  /** The UUID when {@code id} is written exactly as {@link UUID#toString()} would write it, else null. */
  private static UUID canonicalUuid(String id) {
    if (id.length() != CANONICAL_UUID_LENGTH) return null;
    for (int i = 0; i < CANONICAL_UUID_LENGTH; i++) {
      char c = id.charAt(i);
      boolean dash = i == 8 || i == 13 || i == 18 || i == 23;
      if (dash ? c != '-' : !((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return null;
    }
    return UUID.fromString(id);
  }
}
