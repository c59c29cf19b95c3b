package io.clipcast.devservices;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A real PostgreSQL server (zonky's binaries from Maven Central) in a folder of ours, for dev mode and
 * tests. The data folder survives restarts; a server left running by a killed JVM is stopped first.
 */
public final class EmbeddedPostgres implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgres.class);
  private static final String BINARIES = "postgres-linux-x86_64.txz";

  private final Path home;
  private final Path dataDir;
  private final int port;
  private final String user;
  private final String database;
  private Process process;

  private EmbeddedPostgres(Path home, Path dataDir, int port, String user, String database) {
    this.home = home;
    this.dataDir = dataDir;
    this.port = port;
    this.user = user;
    this.database = database;
  }

  /**
   * Starts (initialising on first use) a server on 127.0.0.1:port with a superuser {@code user} (trust auth
   * on loopback) and an empty {@code database}.
   *
   * @param settings extra {@code postgres -c} settings, e.g. fsync=off for throw-away test data
   */
  public static EmbeddedPostgres start(Path binCache, Path dataDir, int port, String user, String database,
                                       Map<String, String> settings) throws IOException, InterruptedException {
    Path home = BundledBinaries.unpackTxz(BINARIES, binCache, "postgres");
    EmbeddedPostgres pg = new EmbeddedPostgres(home, dataDir, port, user, database);
    pg.run(settings);
    return pg;
  }

  private void run(Map<String, String> settings) throws IOException, InterruptedException {
    Path logFile = dataDir.resolveSibling(dataDir.getFileName() + ".log");
    ServerProcess.reapLeftover(dataDir.resolve("postmaster.pid"), "postgres", "INT");
    if (!Files.exists(dataDir.resolve("PG_VERSION"))) {
      Files.createDirectories(dataDir.getParent());
      BundledBinaries.deleteTree(dataDir); // a half-made folder from an interrupted initdb
      ServerProcess.run(ServerProcess.unprivileged(List.of(home.resolve("bin/initdb").toString(),
          "-D", dataDir.toString(), "-U", user, "-A", "trust", "-E", "UTF-8", "--locale=C", "--no-sync")), logFile, 120);
    }
    if (ServerProcess.portOpen(port)) {
      throw new IOException("Port " + port + " is already in use, so the embedded PostgreSQL cannot start."
          + " Stop what uses it or choose another port (dev.postgresPort / CLIPCAST_DEV_POSTGRES_PORT).");
    }
    List<String> cmd = new ArrayList<>(List.of(home.resolve("bin/postgres").toString(), "-D", dataDir.toString(),
        "-p", Integer.toString(port), "-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories=",
        "-c", "max_connections=200"));
    settings.forEach((k, v) -> {
      cmd.add("-c");
      cmd.add(k + "=" + v);
    });
    process = ServerProcess.start(ServerProcess.unprivileged(cmd), logFile);
    awaitAcceptingConnections(logFile);
    ensureDatabase();
    log.info("embedded PostgreSQL ready on 127.0.0.1:{} (data {})", port, dataDir);
  }

  private void awaitAcceptingConnections(Path logFile) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + 60_000_000_000L;
    SQLException last = null;
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IOException("PostgreSQL exited during start-up (exit " + process.exitValue() + "): " + ServerProcess.tail(logFile));
      }
      try (Connection c = DriverManager.getConnection(jdbcUrl("postgres"), user, "")) {
        return;
      } catch (SQLException e) {
        last = e;
        Thread.sleep(100);
      }
    }
    throw new IOException("PostgreSQL did not accept connections within 60 s: " + (last != null ? last.getMessage() : "")
        + "\n" + ServerProcess.tail(logFile));
  }

  private void ensureDatabase() throws IOException {
    try (Connection c = DriverManager.getConnection(jdbcUrl("postgres"), user, "");
         PreparedStatement q = c.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
      q.setString(1, database);
      if (!q.executeQuery().next()) {
        try (Statement s = c.createStatement()) {
          s.execute("CREATE DATABASE \"" + database.replace("\"", "\"\"") + "\"");
        }
      }
    } catch (SQLException e) {
      throw new IOException("Cannot create database " + database + ": " + e.getMessage(), e);
    }
  }

  public String jdbcUrl(String db) {
    return "jdbc:postgresql://127.0.0.1:" + port + "/" + db;
  }

  public int port() {
    return port;
  }

  public String user() {
    return user;
  }

  public String database() {
    return database;
  }

  public boolean isRunning() {
    return process != null && process.isAlive();
  }

  /** Fast shutdown (SIGINT): open sessions are ended, data is flushed. */
  @Override
  public void close() {
    if (process != null) {
      ServerProcess.stop(process.toHandle(), "INT", 30_000);
      log.info("embedded PostgreSQL on port {} stopped", port);
    }
  }
}
