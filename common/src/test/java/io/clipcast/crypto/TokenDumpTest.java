package io.clipcast.crypto;

import io.clipcast.db.Migrations;
import io.clipcast.db.PgPools;
import io.clipcast.testing.DatabaseDump;
import io.clipcast.testing.TestServices;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Tokens stored the way the app stores them, in the real schema, then looked for in a real dump. */
class TokenDumpTest {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final String CANARY = "canary-" + UUID.randomUUID();

  private record Stored(UUID rowId, String access, String refresh, byte[] accessBlob) {}

  @Test
  void aDumpOfTheDatabaseHoldsTheRowsButNoPlaintextToken() throws Exception {
    TestServices services = TestServices.get();
    JsonObject db = services.config().getJsonObject("db");
    Migrations.migrateBlocking(db);
    TokenCipher cipher = new TokenCipher(KeyRing.of("k1", List.of(KeyRing.newEntry("k1"))));

    List<Stored> stored = new ArrayList<>();
    try (Connection c = DriverManager.getConnection(PgPools.jdbcUrl(db), db.getString("user"), "")) {
      PreparedStatement user = c.prepareStatement("INSERT INTO users (id, email, password_hash) VALUES (?, ?, 'x')");
      PreparedStatement conn = c.prepareStatement("INSERT INTO platform_connections (id, user_id, platform, external_account_id,"
          + " access_token_enc, refresh_token_enc, key_id) VALUES (?, ?, ?, ?, ?, ?, ?)");
      for (int u = 0; u < 10; u++) {
        UUID userId = UUID.randomUUID();
        user.setObject(1, userId);
        user.setString(2, "user" + u + "@example.org");
        user.executeUpdate();
        for (String platform : List.of("vk", "youtube", "telegram")) {
          UUID rowId = UUID.randomUUID();
          TokenAad aad = new TokenAad(rowId, userId, platform);
          String access = platform + ".access." + token();
          String refresh = platform + ".refresh." + token();
          byte[] accessBlob = cipher.encrypt(access, aad);
          conn.setObject(1, rowId);
          conn.setObject(2, userId);
          conn.setString(3, platform);
          conn.setString(4, "acct-" + u);
          conn.setBytes(5, accessBlob);
          conn.setBytes(6, cipher.encrypt(refresh, aad));
          conn.setString(7, TokenCipher.keyIdOf(accessBlob));
          conn.executeUpdate();
          stored.add(new Stored(rowId, access, refresh, accessBlob));
        }
      }

      // a control: text stored in the clear must show up, or the searches below prove nothing
      c.createStatement().execute("UPDATE platform_connections SET display_name = '" + CANARY + "' WHERE id = '" + stored.get(0).rowId + "'");

      // what is stored is what the worker will read back and decrypt
      try (ResultSet rs = c.createStatement().executeQuery("SELECT id, user_id, platform, access_token_enc FROM platform_connections")) {
        int n = 0;
        while (rs.next()) {
          UUID rowId = rs.getObject(1, UUID.class);
          String plain = cipher.decrypt(rs.getBytes(4), new TokenAad(rowId, rs.getObject(2, UUID.class), rs.getString(3)));
          assertEquals(stored.stream().filter(s -> s.rowId.equals(rowId)).findFirst().orElseThrow().access, plain);
          n++;
        }
        assertEquals(30, n);
      }
    }

    DatabaseDump dump = DatabaseDump.of(services.postgres, db.getString("database"));
    System.out.println("TokenDumpTest: dump by " + dump.method() + ", " + dump.text().length() + " characters");
    String text = dump.text();
    String lower = text.toLowerCase(Locale.ROOT);
    assertTrue(text.contains(CANARY), "clear text does appear in the dump");
    for (Stored s : stored) {
      assertTrue(text.contains(s.rowId.toString()), "the dump is real: it has row " + s.rowId);
      assertTrue(lower.contains(HexFormat.of().formatHex(s.accessBlob)), "the dump holds the ciphertext of row " + s.rowId);
      for (String token : List.of(s.access, s.refresh)) {
        byte[] bytes = token.getBytes(StandardCharsets.UTF_8);
        for (String form : List.of(token, Base64.getEncoder().encodeToString(bytes),
            Base64.getUrlEncoder().withoutPadding().encodeToString(bytes), HexFormat.of().formatHex(bytes))) {
          assertFalse(lower.contains(form.toLowerCase(Locale.ROOT)), "a token of row " + s.rowId + " is in the dump");
        }
      }
    }

    // and on disk: the table's heap file after a checkpoint has the row ids but no token bytes
    String relPath;
    try (Connection c = DriverManager.getConnection(PgPools.jdbcUrl(db), db.getString("user"), "");
         ResultSet rs = c.createStatement().executeQuery("SELECT pg_relation_filepath('platform_connections')")) {
      rs.next();
      relPath = rs.getString(1);
      c.createStatement().execute("CHECKPOINT");
    }
    byte[] heap = Files.readAllBytes(services.root.resolve("pg").resolve(relPath));
    assertTrue(indexOf(heap, CANARY.getBytes(StandardCharsets.UTF_8)) >= 0, "clear text does appear in the heap file");
    for (Stored s : stored) {
      byte[] id = ByteBuffer.allocate(16).putLong(s.rowId.getMostSignificantBits()).putLong(s.rowId.getLeastSignificantBits()).array();
      assertTrue(indexOf(heap, id) >= 0, "the heap file holds row " + s.rowId);
      assertTrue(indexOf(heap, s.access.getBytes(StandardCharsets.UTF_8)) < 0, "plaintext token on disk");
      assertTrue(indexOf(heap, s.refresh.getBytes(StandardCharsets.UTF_8)) < 0, "plaintext token on disk");
    }
  }

  private static String token() {
    byte[] b = new byte[48];
    RANDOM.nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  private static int indexOf(byte[] hay, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= hay.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (hay[i + j] != needle[j]) continue outer;
      }
      return i;
    }
    return -1;
  }
}
