package io.clipcast.crypto;

import io.clipcast.crypto.TokenDecryptionException.Reason;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

class TokenCipherTest {
  private static final String K1 = KeyRing.newEntry("k1");
  private static final String K2 = KeyRing.newEntry("k2");
  private static final TokenAad AAD = new TokenAad(UUID.randomUUID(), UUID.randomUUID(), "vk");
  private static final String TOKEN = "vk1.a.Zx9-Ёж_" + UUID.randomUUID();

  private final TokenCipher cipher = new TokenCipher(KeyRing.of("k1", List.of(K1)));

  @Test
  void roundTripsAndNeverRepeatsACiphertext() {
    byte[] a = cipher.encrypt(TOKEN, AAD);
    byte[] b = cipher.encrypt(TOKEN, AAD);
    assertEquals(TOKEN, cipher.decrypt(a, AAD));
    assertEquals(TOKEN, cipher.decrypt(b, AAD));
    assertFalse(java.util.Arrays.equals(a, b), "a fresh nonce makes every ciphertext different");
    assertEquals("k1", TokenCipher.keyIdOf(a));
    assertEquals("", cipher.decrypt(cipher.encrypt("", AAD), AAD), "an empty token round-trips too");
    assertFalse(new String(a, StandardCharsets.ISO_8859_1).contains("vk1.a."), "no plaintext in the blob");
  }

  @Test
  void aCiphertextMovedToAnotherRowUserOrPlatformDoesNotDecrypt() {
    byte[] blob = cipher.encrypt(TOKEN, AAD);
    for (TokenAad other : List.of(
        new TokenAad(UUID.randomUUID(), AAD.userId(), AAD.platform()),
        new TokenAad(AAD.rowId(), UUID.randomUUID(), AAD.platform()),
        new TokenAad(AAD.rowId(), AAD.userId(), "youtube"))) {
      TokenDecryptionException e = assertThrows(TokenDecryptionException.class, () -> cipher.decrypt(blob, other), other.toString());
      assertEquals(Reason.NOT_AUTHENTIC, e.reason());
      assertFalse(e.getMessage().contains(TOKEN), "the message never carries the token");
    }
  }

  @Test
  void everySingleByteChangeAndEveryTruncationIsRefused() {
    byte[] blob = cipher.encrypt(TOKEN, AAD);
    for (int i = 0; i < blob.length; i++) {
      for (int bit : new int[] {0x01, 0x80}) {
        byte[] tampered = blob.clone();
        tampered[i] ^= (byte) bit;
        int at = i;
        assertThrows(TokenDecryptionException.class, () -> cipher.decrypt(tampered, AAD), "flipped bit in byte " + at);
      }
    }
    for (int n = 0; n < blob.length; n++) {
      byte[] cut = java.util.Arrays.copyOf(blob, n);
      int at = n;
      assertThrows(TokenDecryptionException.class, () -> cipher.decrypt(cut, AAD), "cut to " + at + " bytes");
    }
    byte[] nonceFlip = blob.clone();
    nonceFlip[2 + "k1".length()] ^= 1;
    assertEquals(Reason.NOT_AUTHENTIC, assertThrows(TokenDecryptionException.class, () -> cipher.decrypt(nonceFlip, AAD)).reason());
    byte[] version = blob.clone();
    version[0] = 2;
    assertEquals(Reason.MALFORMED, assertThrows(TokenDecryptionException.class, () -> cipher.decrypt(version, AAD)).reason());
  }

  @Test
  void aBlobNamingAKeyThatIsNotConfiguredFailsAsUnknownKey() {
    byte[] blob = new TokenCipher(KeyRing.of("k2", List.of(K2))).encrypt(TOKEN, AAD);
    TokenDecryptionException e = assertThrows(TokenDecryptionException.class, () -> cipher.decrypt(blob, AAD));
    assertEquals(Reason.UNKNOWN_KEY, e.reason());
    assertTrue(e.getMessage().contains("'k2'"), e.getMessage());

    // same id, other key material: the tag fails, nothing is returned
    byte[] impostor = new TokenCipher(KeyRing.of("k1", List.of(KeyRing.newEntry("k1")))).encrypt(TOKEN, AAD);
    assertEquals(Reason.NOT_AUTHENTIC, assertThrows(TokenDecryptionException.class, () -> cipher.decrypt(impostor, AAD)).reason());
  }

  @Test
  void rotationDecryptsOldBlobsAndEncryptsNewOnesWithTheActiveKey() {
    byte[] old = cipher.encrypt(TOKEN, AAD);
    TokenCipher rotated = new TokenCipher(KeyRing.of("k2", List.of(K1, K2)));

    assertEquals(TOKEN, rotated.decrypt(old, AAD), "old rows still decrypt after activeKeyId changed");
    assertFalse(rotated.isCurrent(old));
    byte[] fresh = rotated.encrypt(TOKEN, AAD);
    assertEquals("k2", TokenCipher.keyIdOf(fresh));
    assertTrue(rotated.isCurrent(fresh));

    byte[] reencrypted = rotated.rotate(old, AAD);
    assertEquals("k2", TokenCipher.keyIdOf(reencrypted));
    assertEquals(TOKEN, rotated.decrypt(reencrypted, AAD));
    assertSame(fresh, rotated.rotate(fresh, AAD), "a blob on the active key is left as it is");

    // once every row is re-encrypted, k1 can go
    TokenCipher k2only = new TokenCipher(KeyRing.of("k2", List.of(K2)));
    assertEquals(TOKEN, k2only.decrypt(reencrypted, AAD));
    assertEquals(Reason.UNKNOWN_KEY, assertThrows(TokenDecryptionException.class, () -> k2only.decrypt(old, AAD)).reason());
  }

  /** A 96-bit nonce as two numbers: cheap to hash, and a million of them fit easily in the test heap. */
  private record Nonce(long high, int low) {}

  @Test
  void aMillionEncryptionsUseAMillionDistinctNonces() {
    int n = 1_000_000;
    int offset = 2 + "k1".length();
    Set<Nonce> seen = new HashSet<>(n * 2);
    long started = System.nanoTime();
    for (int i = 0; i < n; i++) {
      ByteBuffer blob = ByteBuffer.wrap(cipher.encrypt("t", AAD));
      if (!seen.add(new Nonce(blob.getLong(offset), blob.getInt(offset + 8)))) {
        fail("nonce repeated after " + i + " encryptions");
      }
    }
    long ms = (System.nanoTime() - started) / 1_000_000;
    System.out.println("TokenCipherTest: " + n + " encryptions, " + seen.size() + " distinct nonces, " + ms + " ms");
    assertEquals(n, seen.size());
  }

  @Test
  void keyIdOfReadsTheHeaderOnly() {
    byte[] blob = cipher.encrypt(TOKEN, AAD);
    assertEquals("k1", TokenCipher.keyIdOf(blob));
    assertArrayEquals(new byte[] {1, 2, 'k', '1'}, java.util.Arrays.copyOf(blob, 4));
    assertEquals(4 + TokenCipher.NONCE_BYTES + TOKEN.getBytes(StandardCharsets.UTF_8).length + 16, blob.length,
        "version | id length | id | nonce | ciphertext | 16-byte tag");
    assertEquals(Reason.MALFORMED, assertThrows(TokenDecryptionException.class, () -> TokenCipher.keyIdOf(new byte[] {1})).reason());
  }
}
