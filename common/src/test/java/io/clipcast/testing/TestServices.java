package io.clipcast.testing;

import io.clipcast.config.ConfigLayers;
import io.clipcast.devservices.EmbeddedPostgres;
import io.clipcast.devservices.EmbeddedRedis;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One real PostgreSQL and one real Redis per test JVM, started on first use on free ports and stopped when
 * the JVM exits. Each test asks for its own fresh database ({@link #freshDatabase}) and key prefix, so tests
 * never see each other's data.
 */
public final class TestServices {
  private static TestServices instance;
  private static final AtomicInteger databases = new AtomicInteger();

  public final EmbeddedPostgres postgres;
  public final EmbeddedRedis redis;
  public final Path root;

  private TestServices(EmbeddedPostgres postgres, EmbeddedRedis redis, Path root) {
    this.postgres = postgres;
    this.redis = redis;
    this.root = root;
  }

  public static synchronized TestServices get() {
    if (instance == null) {
      try {
        Path root = Files.createTempDirectory("clipcast-test-");
        Path bin = binCache();
        EmbeddedPostgres pg = EmbeddedPostgres.start(bin, root.resolve("pg"), freePort(), "clipcast", "clipcast",
            Map.of("fsync", "off", "synchronous_commit", "off", "full_page_writes", "off"));
        EmbeddedRedis redis = EmbeddedRedis.start(bin, root.resolve("redis"), freePort());
        instance = new TestServices(pg, redis, root);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
          redis.close();
          pg.close();
          try {
            deleteTree(root);
          } catch (IOException e) {
            System.err.println("could not remove " + root + ": " + e);
          }
        }, "test-services-stop"));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
    return instance;
  }

  private static void deleteTree(Path dir) throws IOException {
    try (var walk = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) walk.sorted(java.util.Comparator.reverseOrder())::iterator) {
        Files.deleteIfExists(p);
      }
    }
  }

  /** Where unpacked server binaries are kept between test runs (unpacking takes seconds). */
  public static Path binCache() {
    return Path.of(System.getProperty("java.io.tmpdir"), "clipcast-bin");
  }

  public static int freePort() {
    try (ServerSocket s = new ServerSocket(0)) {
      s.setReuseAddress(true);
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Creates an empty database for one test and returns its name. */
  public String freshDatabase() {
    String name = "t" + ProcessHandle.current().pid() + "_" + databases.incrementAndGet();
    try (Connection c = DriverManager.getConnection(postgres.jdbcUrl("postgres"), postgres.user(), "");
         Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + name);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    return name;
  }

  /** The validated default config pointed at these services, a fresh database and a random key prefix. */
  public JsonObject config() {
    String db = freshDatabase();
    JsonObject overrides = new JsonObject()
        .put("node", new JsonObject().put("id", "test-" + db))
        .put("http", new JsonObject().put("host", "127.0.0.1").put("port", 0))
        .put("ops", new JsonObject().put("host", "127.0.0.1").put("port", 0))
        .put("db", new JsonObject().put("port", postgres.port()).put("database", db))
        .put("redis", new JsonObject().put("url", redis.url()).put("keyPrefix", "clipcast-" + db + ":"))
        .put("auth", new JsonObject().put("jwtSecret", "test-secret-" + db + "-0123456789abcdefghijklmnopqrstuvwxyz"))
        .put("crypto", new JsonObject().put("activeKeyId", "t1").put("keys", new io.vertx.core.json.JsonArray().add(io.clipcast.crypto.KeyRing.newEntry("t1"))));
    return ConfigLayers.fromDefaults().overlay(overrides, "test").build();
  }
}
