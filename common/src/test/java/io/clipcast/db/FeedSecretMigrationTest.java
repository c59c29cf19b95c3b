package io.clipcast.db;

import io.clipcast.testing.TestServices;
import io.vertx.core.json.JsonObject;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.HexFormat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** Issue 11 row L9: migration V3 takes the plaintext feed secrets out of connection rows, keeping only their SHA-256. */
class FeedSecretMigrationTest {
  @Test
  void aStoredFeedSecretBecomesItsHashAndTheNonce() throws Exception {
    JsonObject db = TestServices.get().config().getJsonObject("db");
    Flyway.configure().dataSource(PgPools.jdbcUrl(db), db.getString("user"), db.getString("password"))
        .locations("classpath:db/migration").target("2").load().migrate();
    String secret = "s3cr3ts3cr3ts3cr3ts3cr3ts3cr3ts3cr3ts3cr3t";
    try (Connection c = DriverManager.getConnection(PgPools.jdbcUrl(db), db.getString("user"), "")) {
      c.createStatement().execute("INSERT INTO users (id, email, password_hash) VALUES ('00000000-0000-0000-0000-000000000001', 'a@b.c', 'x')");
      c.createStatement().execute("INSERT INTO platform_connections (id, user_id, platform, external_account_id, display_name, status, metadata)"
          + " VALUES ('00000000-0000-0000-0000-0000000000c1', '00000000-0000-0000-0000-000000000001', 'dzen', 'x', 'X', 'connected',"
          + " '{\"login\": \"l\", \"feedSecret\": \"" + secret + "\"}'::jsonb)");
    }
    Migrations.migrateBlocking(db);
    try (Connection c = DriverManager.getConnection(PgPools.jdbcUrl(db), db.getString("user"), "");
         ResultSet rs = c.createStatement().executeQuery("SELECT metadata::text, p::text FROM platform_connections p")) {
      rs.next();
      JsonObject metadata = new JsonObject(rs.getString(1));
      assertFalse(rs.getString(2).contains(secret), "the secret is gone from the row: " + rs.getString(2));
      assertFalse(metadata.containsKey("feedSecret"), metadata.encode());
      assertEquals("l", metadata.getString("login"), "the rest of the metadata stays");
      assertEquals(36, metadata.getString("feedNonce").length(), "a fresh nonce");
      assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8))),
          metadata.getString("legacyFeedSecretSha256"));
    }
  }
}
