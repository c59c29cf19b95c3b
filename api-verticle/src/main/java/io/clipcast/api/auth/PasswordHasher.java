package io.clipcast.api.auth;

import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * argon2id (OWASP's minimum: 19 MiB, 2 passes, 1 lane) in the PHC string format, so parameters can be raised later
 * and old hashes still verify. Slow on purpose: call it on a worker thread.
 */
public final class PasswordHasher {
  private static final int MEMORY_KB = 19 * 1024;
  private static final int ITERATIONS = 2;
  private static final int PARALLELISM = 1;
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();
  private static final Base64.Decoder B64D = Base64.getDecoder();

  private PasswordHasher() {}

  public static String hash(String password) {
    byte[] salt = new byte[16];
    RANDOM.nextBytes(salt);
    byte[] out = derive(password, salt, MEMORY_KB, ITERATIONS, PARALLELISM, 32);
    return "$argon2id$v=19$m=" + MEMORY_KB + ",t=" + ITERATIONS + ",p=" + PARALLELISM + "$" + B64.encodeToString(salt) + "$" + B64.encodeToString(out);
  }

  public static boolean verify(String password, String phc) {
    String[] parts = phc.split("\\$");
    if (parts.length != 6 || !parts[1].equals("argon2id")) return false;
    int m = 0;
    int t = 0;
    int p = 0;
    for (String kv : parts[3].split(",")) {
      int v = Integer.parseInt(kv.substring(2));
      switch (kv.charAt(0)) {
        case 'm': m = v; break;
        case 't': t = v; break;
        case 'p': p = v; break;
        default: return false;
      }
    }
    byte[] expected = B64D.decode(parts[5]);
    byte[] actual = derive(password, B64D.decode(parts[4]), m, t, p, expected.length);
    return MessageDigest.isEqual(expected, actual);
  }

  private static byte[] derive(String password, byte[] salt, int memoryKb, int iterations, int parallelism, int length) {
    Argon2Parameters params = new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
        .withVersion(Argon2Parameters.ARGON2_VERSION_13)
        .withSalt(salt).withMemoryAsKB(memoryKb).withIterations(iterations).withParallelism(parallelism).build();
    Argon2BytesGenerator gen = new Argon2BytesGenerator();
    gen.init(params);
    byte[] out = new byte[length];
    gen.generateBytes(password.getBytes(StandardCharsets.UTF_8), out);
    return out;
  }
}
