package io.clipcast.queue;

import java.util.UUID;

/**
 * A job id's form inside Redis. A canonical UUID (lowercase, as {@link UUID#toString()} writes it; every publication
 * id is one) is stored as its 16 bytes in base64url without padding, 22 characters instead of 36: the id is written
 * twice per pending job (the {@code delayed} member and the {@code meta} field), so this is most of what a pending job
 * saves (docs/operations/redis.md "Work per job"). Any other id is stored as {@code .} followed by the id; {@code .} is
 * not a base64url character, so the two forms never collide. Neither form has a space or {@code |}, unless the id has.
 * Only {@link JobQueue} translates; everything outside the queue sees the id as it was given.
 *
 * <p>Both directions convert character by character (hex digits to base64url and back) instead of through
 * {@link UUID} and {@link java.util.Base64}: every claimed job is translated once each way, on the worker's event loop.
 */
public final class JobIds {
  private static final int CANONICAL_UUID_LENGTH = 36;
  private static final int ENCODED_UUID_LENGTH = 22;
  private static final char[] BASE64URL = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".toCharArray();
  private static final char[] HEX = "0123456789abcdef".toCharArray();
  /** The value of each base64url character, -1 for any other. */
  private static final byte[] BASE64URL_VALUE = new byte[128];

  static {
    java.util.Arrays.fill(BASE64URL_VALUE, (byte) -1);
    for (int i = 0; i < BASE64URL.length; i++) BASE64URL_VALUE[BASE64URL[i]] = (byte) i;
  }

  private JobIds() {
  }

  /** The Redis form of {@code jobId}. Public for tests that look at the queue's keys directly. */
  public static String toRedis(String jobId) {
    byte[] bytes = canonicalUuidBytes(jobId);
    if (bytes == null) return "." + jobId;
    // 16 bytes = five 3-byte groups (4 characters each) and one last byte (2 characters, its low 4 bits padded with 0)
    char[] out = new char[ENCODED_UUID_LENGTH];
    int o = 0;
    for (int i = 0; i < 15; i += 3) {
      int group = (bytes[i] & 0xff) << 16 | (bytes[i + 1] & 0xff) << 8 | (bytes[i + 2] & 0xff);
      out[o++] = BASE64URL[group >>> 18];
      out[o++] = BASE64URL[(group >>> 12) & 0x3f];
      out[o++] = BASE64URL[(group >>> 6) & 0x3f];
      out[o++] = BASE64URL[group & 0x3f];
    }
    int last = bytes[15] & 0xff;
    out[o++] = BASE64URL[last >>> 2];
    out[o] = BASE64URL[(last & 0x3) << 4];
    return new String(out);
  }

  /** The id {@link #toRedis} was given for {@code redisId}. */
  public static String fromRedis(String redisId) {
    if (redisId.startsWith(".")) return redisId.substring(1);
    if (redisId.length() != ENCODED_UUID_LENGTH) throw new IllegalArgumentException("not a queue job id: " + redisId);
    byte[] bytes = new byte[16];
    int b = 0;
    for (int i = 0; i < 20; i += 4) {
      int group = sextet(redisId, i) << 18 | sextet(redisId, i + 1) << 12 | sextet(redisId, i + 2) << 6 | sextet(redisId, i + 3);
      bytes[b++] = (byte) (group >>> 16);
      bytes[b++] = (byte) (group >>> 8);
      bytes[b++] = (byte) group;
    }
    // the last character carries 2 bits of the last byte; its other 4 bits are padding, ignored as Base64's decoder does
    bytes[15] = (byte) (sextet(redisId, 20) << 2 | sextet(redisId, 21) >>> 4);
    char[] out = new char[CANONICAL_UUID_LENGTH];
    int o = 0;
    for (int i = 0; i < 16; i++) {
      if (i == 4 || i == 6 || i == 8 || i == 10) out[o++] = '-';
      out[o++] = HEX[(bytes[i] >>> 4) & 0xf];
      out[o++] = HEX[bytes[i] & 0xf];
    }
    return new String(out);
  }

  private static int sextet(String s, int i) {
    char c = s.charAt(i);
    int v = c < 128 ? BASE64URL_VALUE[c] : -1;
    if (v < 0) throw new IllegalArgumentException("not a queue job id: " + s);
    return v;
  }

  /** The 16 bytes when {@code id} is written exactly as {@link UUID#toString()} would write it, else null. */
  private static byte[] canonicalUuidBytes(String id) {
    if (id.length() != CANONICAL_UUID_LENGTH) return null;
    byte[] bytes = new byte[16];
    int b = 0;
    for (int i = 0; i < CANONICAL_UUID_LENGTH; i += 2) {
      if (i == 8 || i == 13 || i == 18 || i == 23) {
        if (id.charAt(i) != '-') return null;
        i--; // the next pair starts right after the dash
        continue;
      }
      int hi = hexDigit(id.charAt(i));
      int lo = hexDigit(id.charAt(i + 1));
      if (hi < 0 || lo < 0) return null;
      bytes[b++] = (byte) (hi << 4 | lo);
    }
    return bytes;
  }

  /** The value of a lowercase hex digit, -1 for anything else (an uppercase UUID is not canonical). */
  private static int hexDigit(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return -1;
  }
}
