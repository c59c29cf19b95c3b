package io.clipcast.crypto;

import io.clipcast.crypto.TokenDecryptionException.Reason;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;

/**
 * Encrypts platform tokens for storage: AES-256-GCM, a random 96-bit nonce per encryption, the key id kept
 * in the blob (so rotation can decrypt old rows) and the row, user and platform bound as associated data.
 *
 * <p>Blob layout, version 1: {@code 0x01 | keyId length (1 byte) | keyId (ASCII) | nonce (12) | ciphertext + tag (16)}.
 * The header bytes are authenticated too, so a blob whose key id or version was edited does not decrypt.
 * Thread-safe.
 */
public final class TokenCipher {
  static final byte VERSION = 1;
  static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;
  private static final int TAG_BYTES = TAG_BITS / 8;
  private static final String TRANSFORMATION = "AES/GCM/NoPadding";

  // Cipher objects are not thread-safe and costly to look up; one per thread, re-initialised per call.
  private static final ThreadLocal<Cipher> CIPHERS = ThreadLocal.withInitial(() -> {
    try {
      return Cipher.getInstance(TRANSFORMATION);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK has no " + TRANSFORMATION, e);
    }
  });

  private final KeyRing keys;
  private final SecureRandom random = new SecureRandom();

  public TokenCipher(KeyRing keys) {
    this.keys = Objects.requireNonNull(keys, "keys");
  }

  /** Encrypts with the active key. */
  public byte[] encrypt(String plaintext, TokenAad aad) {
    Objects.requireNonNull(plaintext, "plaintext");
    String keyId = keys.activeKeyId();
    byte[] header = header(keyId);
    byte[] nonce = new byte[NONCE_BYTES];
    random.nextBytes(nonce);
    byte[] clear = plaintext.getBytes(StandardCharsets.UTF_8);
    try {
      Cipher cipher = CIPHERS.get();
      cipher.init(Cipher.ENCRYPT_MODE, keys.key(keyId), new GCMParameterSpec(TAG_BITS, nonce));
      cipher.updateAAD(header);
      cipher.updateAAD(aad.encode());
      byte[] blob = new byte[header.length + NONCE_BYTES + cipher.getOutputSize(clear.length)];
      System.arraycopy(header, 0, blob, 0, header.length);
      System.arraycopy(nonce, 0, blob, header.length, NONCE_BYTES);
      cipher.doFinal(clear, 0, clear.length, blob, header.length + NONCE_BYTES);
      return blob;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM encryption failed with key '" + keyId + "'", e);
    } finally {
      Arrays.fill(clear, (byte) 0);
    }
  }

  /**
   * Decrypts with the key the blob names.
   *
   * @throws TokenDecryptionException when the blob is malformed, names an unknown key, was altered, or was
   *                                  made for another row, user or platform
   */
  public String decrypt(byte[] blob, TokenAad aad) {
    String keyId = keyIdOf(blob);
    SecretKey key = keys.key(keyId);
    if (key == null) {
      throw new TokenDecryptionException(Reason.UNKNOWN_KEY, "Token of connection " + aad.rowId() + " is encrypted with key '"
          + keyId + "', which is not in crypto.keys " + keys.keyIds() + "; keep old keys listed until rotation has re-encrypted every row.");
    }
    int headerLength = 2 + keyId.length();
    if (blob.length < headerLength + NONCE_BYTES + TAG_BYTES) {
      throw new TokenDecryptionException(Reason.MALFORMED, "Token of connection " + aad.rowId() + " is too short to be a token ciphertext.");
    }
    byte[] clear = null;
    try {
      Cipher cipher = CIPHERS.get();
      cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, blob, headerLength, NONCE_BYTES));
      cipher.updateAAD(blob, 0, headerLength);
      cipher.updateAAD(aad.encode());
      int offset = headerLength + NONCE_BYTES;
      clear = cipher.doFinal(blob, offset, blob.length - offset);
      return new String(clear, StandardCharsets.UTF_8);
    } catch (AEADBadTagException e) {
      throw new TokenDecryptionException(Reason.NOT_AUTHENTIC, "Token of connection " + aad.rowId() + " (user " + aad.userId()
          + ", platform " + aad.platform() + ") does not authenticate: it was altered or belongs to another row.");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM decryption failed with key '" + keyId + "'", e);
    } finally {
      if (clear != null) Arrays.fill(clear, (byte) 0);
    }
  }

  /** The id of the key a blob was made with, read from its header (for the rotation job). */
  public static String keyIdOf(byte[] blob) {
    if (blob == null || blob.length < 2) {
      throw new TokenDecryptionException(Reason.MALFORMED, "Not a token ciphertext: " + (blob == null ? "null" : blob.length + " bytes") + ".");
    }
    if (blob[0] != VERSION) {
      throw new TokenDecryptionException(Reason.MALFORMED, "Not a token ciphertext: format version " + (blob[0] & 0xff) + " is unknown.");
    }
    int length = blob[1] & 0xff;
    if (length == 0 || blob.length < 2 + length) {
      throw new TokenDecryptionException(Reason.MALFORMED, "Not a token ciphertext: key id length " + length + " does not fit.");
    }
    String keyId = new String(blob, 2, length, StandardCharsets.US_ASCII);
    if (!KeyRing.KEY_ID.matcher(keyId).matches()) {
      throw new TokenDecryptionException(Reason.MALFORMED, "Not a token ciphertext: the key id field is not a key id.");
    }
    return keyId;
  }

  /** Whether a blob was made with the active key; the rotation job re-encrypts those that were not. */
  public boolean isCurrent(byte[] blob) {
    return keyIdOf(blob).equals(keys.activeKeyId());
  }

  /** The blob re-encrypted with the active key, or the same blob if it already uses it. */
  public byte[] rotate(byte[] blob, TokenAad aad) {
    return isCurrent(blob) ? blob : encrypt(decrypt(blob, aad), aad);
  }

  private static byte[] header(String keyId) {
    byte[] id = keyId.getBytes(StandardCharsets.US_ASCII);
    byte[] header = new byte[2 + id.length];
    header[0] = VERSION;
    header[1] = (byte) id.length;
    System.arraycopy(id, 0, header, 2, id.length);
    return header;
  }
}
