package io.clipcast.launcher.dev;

import io.clipcast.devservices.EmbeddedPostgres;
import io.clipcast.devservices.EmbeddedRedis;
import io.clipcast.launcher.DevKit;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * The zero-setup default: a real PostgreSQL and a real Redis started from binaries in the jar, with their data
 * under {@code node.dataDir} (default {@code .clipcast/}) so it survives restarts.
 */
public final class DevServices implements DevKit.DevServers {
  private final EmbeddedPostgres postgres;
  private final EmbeddedRedis redis;

  private DevServices(EmbeddedPostgres postgres, EmbeddedRedis redis) {
    this.postgres = postgres;
    this.redis = redis;
  }

  public static DevServices start(JsonObject config) throws IOException, InterruptedException {
    Path dataDir = Path.of(config.getJsonObject("node").getString("dataDir")).toAbsolutePath();
    JsonObject db = config.getJsonObject("db");
    JsonObject dev = config.getJsonObject("dev");
    Path bin = dataDir.resolve("bin");
    String syncCommit = dev.getString("postgresSynchronousCommit");
    if (!syncCommit.equals("on") && !syncCommit.equals("off")) {
      throw new io.clipcast.config.ConfigException("dev.postgresSynchronousCommit",
          "Config key 'dev.postgresSynchronousCommit' must be \"on\" or \"off\", not \"" + syncCommit + "\".");
    }
    // "off" by default: a commit returns before its WAL fsync (≤ ~0.6 s of commits lost on an OS crash, never corruption),
    // the same window as dev Redis's appendfsync everysec; on slow VM disks each fsync otherwise adds milliseconds
    EmbeddedPostgres pg = EmbeddedPostgres.start(bin, dataDir.resolve("postgres/data"), dev.getInteger("postgresPort"),
        db.getString("user"), db.getString("database"), Map.of("synchronous_commit", syncCommit));
    try {
      EmbeddedRedis redis = EmbeddedRedis.start(bin, dataDir.resolve("redis"), dev.getInteger("redisPort"));
      return new DevServices(pg, redis);
    } catch (IOException | RuntimeException | InterruptedException e) {
      pg.close();
      throw e;
    }
  }

  /**
   * Points the node's {@code db} and {@code redis} blocks at the embedded servers, and fills secrets left blank with
   * ones generated once and kept in the data folder (so sign-ins survive a restart).
   */
  @Override
  public JsonObject applyTo(JsonObject config) throws IOException {
    JsonObject c = config.copy();
    c.getJsonObject("db").put("host", "127.0.0.1").put("port", postgres.port());
    c.getJsonObject("redis").put("url", redis.url());
    // every platform API is the local sandbox in dev mode
    JsonObject sandbox = c.getJsonObject("sandbox");
    io.clipcast.config.SandboxRouting.apply(c, "http://" + sandbox.getString("host") + ":" + sandbox.getInteger("port"));
    JsonObject secrets = DevSecrets.load(dataDir(config));
    if (c.getJsonObject("auth").getString("jwtSecret").isBlank()) {
      c.getJsonObject("auth").put("jwtSecret", secrets.getString("jwtSecret"));
    }
    if (c.getJsonObject("crypto").getJsonArray("keys").isEmpty() && secrets.containsKey("cryptoKey")) {
      String entry = secrets.getString("cryptoKey");
      c.getJsonObject("crypto").put("activeKeyId", entry.substring(0, entry.indexOf(':'))).put("keys", new io.vertx.core.json.JsonArray().add(entry));
    }
    return c;
  }

  private static Path dataDir(JsonObject config) {
    return Path.of(config.getJsonObject("node").getString("dataDir")).toAbsolutePath();
  }

  @Override
  public void close() {
    redis.close();
    postgres.close();
  }
}
