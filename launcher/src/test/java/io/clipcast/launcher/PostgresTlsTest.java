package io.clipcast.launcher;

import io.clipcast.config.ConfigException;
import io.clipcast.config.ConfigLayers;
import io.clipcast.db.Migrations;
import io.clipcast.db.PgPools;
import io.clipcast.devservices.EmbeddedPostgres;
import io.clipcast.testing.TestServices;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import org.bouncycastle.asn1.x509.GeneralName;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code db.sslMode} / {@code db.sslRootCert} against a real PostgreSQL with {@code ssl=on} and a certificate from a
 * test CA, naming only {@code localhost}: the Vert.x pool and Flyway's JDBC connection both encrypt and check the
 * server as libpq would, and a wrong CA or host name stops the node with a message that says so.
 */
class PostgresTlsTest {
  private static Path dir;
  private static EmbeddedPostgres tlsPostgres;
  private static TestCerts serverCa;
  private static TestCerts otherCa;

  @BeforeAll
  static void startPostgresWithTls() throws Exception {
    dir = Files.createTempDirectory("clipcast-pg-tls-");
    serverCa = TestCerts.authority(dir.resolve("certs"), "pg");
    otherCa = TestCerts.authority(dir.resolve("certs"), "other");
    TestCerts.Issued server = serverCa.issue("pg-server", new GeneralName(GeneralName.dNSName, "localhost"));
    tlsPostgres = EmbeddedPostgres.start(TestServices.binCache(), dir.resolve("pg"), TestServices.freePort(), "clipcast",
        "clipcast", Map.of("fsync", "off", "ssl", "on", "ssl_cert_file", server.certPath().toString(),
            "ssl_key_file", server.keyPath().toString()));
  }

  @AfterAll
  static void stop() throws Exception {
    if (tlsPostgres != null) tlsPostgres.close();
    try (var walk = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) walk.sorted(java.util.Comparator.reverseOrder())::iterator) Files.deleteIfExists(p);
    }
  }

  private static JsonObject db(String host, int port, String sslMode, Path rootCert) {
    JsonObject db = new JsonObject().put("host", host).put("port", port).put("sslMode", sslMode).put("connectRetries", 0);
    if (rootCert != null) db.put("sslRootCert", rootCert.toString());
    return ConfigLayers.fromDefaults().overlay(new JsonObject().put("db", db), "test").build().getJsonObject("db");
  }

  private static JsonObject tlsDb(String host, String sslMode, Path rootCert) {
    return db(host, tlsPostgres.port(), sslMode, rootCert);
  }

  /** Whether the pool's connection is encrypted, as the server sees it; fails as the pool fails. */
  private static boolean poolSessionUsesSsl(JsonObject db) throws Exception {
    Vertx vertx = Vertx.vertx();
    try {
      Row row = PgPools.shared(vertx, db).query("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()").execute()
          .await(20, TimeUnit.SECONDS).iterator().next();
      return row.getBoolean("ssl");
    } finally {
      vertx.close().await(20, TimeUnit.SECONDS);
    }
  }

  private static boolean jdbcSessionUsesSsl(JsonObject db) throws Exception {
    try (Connection c = DriverManager.getConnection(PgPools.jdbcUrl(db), db.getString("user"), "");
         ResultSet rs = c.createStatement().executeQuery("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()")) {
      assertTrue(rs.next());
      return rs.getBoolean(1);
    }
  }

  @Test
  void verifyFullWithTheServersCaEncryptsThePoolAndFlyway() throws Exception {
    JsonObject db = tlsDb("localhost", "verify-full", serverCa.caPath);
    assertTrue(poolSessionUsesSsl(db), "the pool's session is encrypted");
    assertTrue(jdbcSessionUsesSsl(db), "the JDBC URL Flyway uses carries the same TLS settings");
    Migrations.migrateBlocking(db); // Flyway connects through PgPools.jdbcUrl with verify-full
  }

  @Test
  void verifyCaAcceptsTheServerUnderAnyNameButVerifyFullDoesNot() throws Exception {
    assertTrue(poolSessionUsesSsl(tlsDb("127.0.0.1", "verify-ca", serverCa.caPath)));
    assertTrue(jdbcSessionUsesSsl(tlsDb("127.0.0.1", "verify-ca", serverCa.caPath)));

    JsonObject wrongName = tlsDb("127.0.0.1", "verify-full", serverCa.caPath);
    Exception pool = assertThrows(Exception.class, () -> poolSessionUsesSsl(wrongName));
    assertTrue(describe(pool).contains("SSL handshake failed"), describe(pool));
    Exception jdbc = assertThrows(Exception.class, () -> jdbcSessionUsesSsl(wrongName));
    assertTrue(describe(jdbc).contains("127.0.0.1"), describe(jdbc));
  }

  @Test
  void aServerCertificateFromAnotherCaIsRefused() {
    JsonObject db = tlsDb("localhost", "verify-full", otherCa.caPath);
    assertThrows(Exception.class, () -> poolSessionUsesSsl(db));
    assertThrows(Exception.class, () -> jdbcSessionUsesSsl(db));
    RuntimeException flyway = assertThrows(RuntimeException.class, () -> Migrations.migrateBlocking(db));
    assertTrue(describe(flyway).contains("db.sslRootCert"), "the start-up error points at the setting: " + describe(flyway));
  }

  @Test
  void preferAndRequireEncryptWithoutCheckingTheCertificate() throws Exception {
    assertTrue(poolSessionUsesSsl(tlsDb("127.0.0.1", "prefer", null)));
    assertTrue(poolSessionUsesSsl(tlsDb("127.0.0.1", "require", null)));
    assertTrue(jdbcSessionUsesSsl(tlsDb("127.0.0.1", "require", null)));
    assertFalse(poolSessionUsesSsl(tlsDb("127.0.0.1", "disable", null)));
  }

  @Test
  void requireRefusesAServerWithoutTlsWhilePreferFallsBack() throws Exception {
    int plainPort = TestServices.get().postgres.port();
    assertFalse(poolSessionUsesSsl(db("127.0.0.1", plainPort, "prefer", null)), "prefer (the default) still works without TLS");
    assertFalse(jdbcSessionUsesSsl(db("127.0.0.1", plainPort, "prefer", null)));
    assertThrows(Exception.class, () -> poolSessionUsesSsl(db("127.0.0.1", plainPort, "require", null)));
    assertThrows(Exception.class, () -> jdbcSessionUsesSsl(db("127.0.0.1", plainPort, "require", null)));
  }

  @Test
  void aNodeWhoseCaDoesNotMatchTheServerStopsAtStartWithOneLine() {
    Map<String, String> env = Map.of("CLIPCAST_DB_HOST", "localhost", "CLIPCAST_DB_PORT", Integer.toString(tlsPostgres.port()),
        "CLIPCAST_DB_SSL_MODE", "verify-full", "CLIPCAST_DB_SSL_ROOT_CERT", otherCa.caPath.toString(),
        "CLIPCAST_DB_CONNECT_RETRIES", "0", "CLIPCAST_HTTP_PORT", "0");
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = Main.run(new String[] {"run"}, env, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    String message = err.toString(StandardCharsets.UTF_8);
    assertEquals(1, code, message);
    assertTrue(message.startsWith("clipcast: could not start:") && message.contains("db.sslRootCert")
        && message.contains(otherCa.caPath.toString()), message);
    assertFalse(message.contains("\tat "), "no stack trace:\n" + message);
  }

  @Test
  void verifyModesWithoutAReadableCaStopStartUpNamingTheKey() throws Exception {
    ConfigException none = assertThrows(ConfigException.class, () -> tlsDb("localhost", "verify-ca", null));
    assertEquals("db.sslRootCert", none.key());
    ConfigException missing = assertThrows(ConfigException.class, () -> tlsDb("localhost", "verify-full", dir.resolve("nope.pem")));
    assertEquals("db.sslRootCert", missing.key());
    assertTrue(missing.getMessage().contains("nope.pem"), missing.getMessage());
    Path notACert = Files.writeString(dir.resolve("not-a-cert.pem"), "hello");
    assertEquals("db.sslRootCert", assertThrows(ConfigException.class, () -> tlsDb("localhost", "verify-full", notACert)).key());
    ConfigException mode = assertThrows(ConfigException.class, () -> tlsDb("localhost", "verify", null));
    assertEquals("db.sslMode", mode.key());
    assertTrue(mode.getMessage().contains("verify-full"), mode.getMessage());
  }

  private static String describe(Throwable e) {
    StringBuilder sb = new StringBuilder();
    for (Throwable t = e; t != null; t = t.getCause()) sb.append(t).append(" | ");
    return sb.toString();
  }
}
