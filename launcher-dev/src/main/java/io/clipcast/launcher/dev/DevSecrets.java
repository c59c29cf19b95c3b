package io.clipcast.launcher.dev;

import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

/** Dev mode's generated secrets, kept in {@code <dataDir>/dev-secrets.json} (owner-only) so they survive restarts. */
final class DevSecrets {
  private DevSecrets() {}

  static JsonObject load(Path dataDir) throws IOException {
    Path file = dataDir.resolve("dev-secrets.json");
    if (Files.exists(file)) return new JsonObject(Files.readString(file, StandardCharsets.UTF_8));
    byte[] b = new byte[48];
    new SecureRandom().nextBytes(b);
    JsonObject secrets = new JsonObject().put("jwtSecret", Base64.getUrlEncoder().withoutPadding().encodeToString(b))
        .put("cryptoKey", io.clipcast.crypto.KeyRing.newEntry("dev1"));
    Files.createDirectories(dataDir);
    Files.writeString(file, secrets.encodePrettily(), StandardCharsets.UTF_8);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    return secrets;
  }
}
