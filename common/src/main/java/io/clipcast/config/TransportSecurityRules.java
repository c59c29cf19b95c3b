package io.clipcast.config;

import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Checks of the keys that protect traffic between nodes and to PostgreSQL ({@code cluster.secret},
 * {@code cluster.tls.*}, {@code db.sslMode}, {@code db.sslRootCert}): a node must not start half-protected, so a
 * missing secret, a missing or wrong PEM file stops start-up naming the key, not later in a TLS handshake.
 */
final class TransportSecurityRules {
  static final List<String> SSL_MODES = List.of("disable", "allow", "prefer", "require", "verify-ca", "verify-full");
  private static final int MIN_SECRET_CHARS = 32;

  private TransportSecurityRules() {}

  static void check(JsonObject c) {
    checkDatabase(c.getJsonObject("db"));
    JsonObject cluster = c.getJsonObject("cluster");
    long timeout = cluster.getLong("handshakeTimeoutMs");
    if (timeout < 100 || timeout > 60_000) {
      throw new ConfigException("cluster.handshakeTimeoutMs",
          "Config key 'cluster.handshakeTimeoutMs' must be between 100 and 60000, got " + timeout + ".");
    }
    if (!cluster.getBoolean("enabled")) return;
    if (cluster.getString("secret").length() < MIN_SECRET_CHARS) {
      throw new ConfigException("cluster.secret", "Config key 'cluster.secret' must be at least " + MIN_SECRET_CHARS
          + " characters when cluster.enabled is true: every member proves it knows it before it may join."
          + " Set the same value on every node, e.g. CLIPCAST_CLUSTER_SECRET=$(openssl rand -base64 32).");
    }
    JsonObject tls = cluster.getJsonObject("tls");
    if (tls.getBoolean("enabled")) {
      pem(tls, "cluster.tls.certPath", "certPath", "CERTIFICATE", "this node's certificate, signed by the cluster CA");
      pem(tls, "cluster.tls.keyPath", "keyPath", "PRIVATE KEY", "the private key of cluster.tls.certPath");
      pem(tls, "cluster.tls.caPath", "caPath", "CERTIFICATE", "the cluster CA certificate");
    }
  }

  private static void checkDatabase(JsonObject db) {
    String mode = db.getString("sslMode");
    if (!SSL_MODES.contains(mode)) {
      throw new ConfigException("db.sslMode", "Config key 'db.sslMode' must be one of " + String.join(", ", SSL_MODES)
          + " (as libpq's sslmode), got '" + mode + "'.");
    }
    if (mode.startsWith("verify-")) {
      pem(db, "db.sslRootCert", "sslRootCert", "CERTIFICATE",
          "the CA certificate that signed the PostgreSQL server's certificate (db.sslMode " + mode + " checks it)");
    }
  }

  /** The file at {@code obj[field]} exists, is readable and holds a PEM block of {@code kind}. */
  private static void pem(JsonObject obj, String key, String field, String kind, String what) {
    String path = obj.getString(field);
    String start = "Config key '" + key + "' ";
    if (path.isBlank()) {
      throw new ConfigException(key, start + "must name a PEM file: " + what + ".");
    }
    String text;
    try {
      text = Files.readString(Path.of(path), StandardCharsets.US_ASCII);
    } catch (IOException | RuntimeException e) {
      throw new ConfigException(key, start + "names " + path + ", which cannot be read (" + e.getClass().getSimpleName()
          + (e.getMessage() != null ? ": " + e.getMessage() : "") + "); it must be " + what + ".");
    }
    if (!text.matches("(?s).*-----BEGIN [A-Z ]*" + kind + "-----.*")) {
      throw new ConfigException(key, start + "names " + path + ", which holds no PEM '" + kind + "' block; it must be "
          + what + ".");
    }
    if (text.contains("-----BEGIN ENCRYPTED PRIVATE KEY-----")) {
      throw new ConfigException(key, start + "names " + path + ", an encrypted key, which cannot be read without a"
          + " password; store it unencrypted and readable by this user only (openssl pkey -in KEY -out KEY.plain; chmod 600).");
    }
  }
}
