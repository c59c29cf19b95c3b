package io.clipcast.testing;

import io.clipcast.devservices.EmbeddedPostgres;
import org.postgresql.PGConnection;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A real dump of a test database, as an operator would take for a backup: {@code pg_dump} when one that
 * can read this server is at hand (beside the embedded binaries, or on the PATH with a major version at
 * least the server's), otherwise every table's rows through {@code COPY ... TO STDOUT}, the same text
 * pg_dump writes in its data section. zonky's binaries ship no pg_dump, hence the fallback.
 */
public record DatabaseDump(String method, String text) {
  private static final Pattern VERSION = Pattern.compile("(\\d+)(?:\\.\\d+)?");

  public static DatabaseDump of(EmbeddedPostgres pg, String database) throws IOException, SQLException, InterruptedException {
    int serverMajor;
    try (Connection c = DriverManager.getConnection(pg.jdbcUrl(database), pg.user(), "");
         ResultSet rs = c.createStatement().executeQuery("SHOW server_version_num")) {
      rs.next();
      serverMajor = Integer.parseInt(rs.getString(1)) / 10000;
    }
    Optional<Path> pgDump = findPgDump(serverMajor);
    if (pgDump.isPresent()) {
      return new DatabaseDump("pg_dump " + pgDump.get(), runPgDump(pgDump.get(), pg, database));
    }
    return new DatabaseDump("COPY TO STDOUT of every table", copyAllTables(pg, database));
  }

  private static Optional<Path> findPgDump(int serverMajor) throws IOException, InterruptedException {
    List<Path> candidates = new ArrayList<>();
    if (Files.isDirectory(TestServices.binCache())) {
      try (Stream<Path> dirs = Files.list(TestServices.binCache())) {
        dirs.filter(d -> d.getFileName().toString().startsWith("postgres-")).map(d -> d.resolve("bin/pg_dump")).forEach(candidates::add);
      }
    }
    for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
      if (!dir.isEmpty()) candidates.add(Path.of(dir, "pg_dump"));
    }
    for (Path p : candidates) {
      if (Files.isExecutable(p) && majorVersion(p) >= serverMajor) return Optional.of(p);
    }
    return Optional.empty();
  }

  /** pg_dump refuses servers newer than itself, so an older one on the PATH is no use. */
  private static int majorVersion(Path pgDump) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(pgDump.toString(), "--version").redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    p.waitFor(10, TimeUnit.SECONDS);
    Matcher m = VERSION.matcher(out.replaceFirst("^[^0-9]*", ""));
    return p.exitValue() == 0 && m.lookingAt() ? Integer.parseInt(m.group(1)) : -1;
  }

  private static String runPgDump(Path pgDump, EmbeddedPostgres pg, String database) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(pgDump.toString(), "-h", "127.0.0.1", "-p", Integer.toString(pg.port()),
        "-U", pg.user(), "--no-password", "-d", database)
        .redirectError(ProcessBuilder.Redirect.DISCARD).start();
    byte[] out = p.getInputStream().readAllBytes();
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IOException(pgDump + " failed (exit " + (p.isAlive() ? "timeout" : p.exitValue()) + ")");
    }
    return new String(out, StandardCharsets.UTF_8);
  }

  private static String copyAllTables(EmbeddedPostgres pg, String database) throws SQLException, IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (Connection c = DriverManager.getConnection(pg.jdbcUrl(database), pg.user(), "")) {
      List<String> tables = new ArrayList<>();
      try (ResultSet rs = c.createStatement().executeQuery(
          "SELECT schemaname, tablename FROM pg_tables WHERE schemaname NOT IN ('pg_catalog', 'information_schema') ORDER BY 1, 2")) {
        while (rs.next()) tables.add('"' + rs.getString(1) + "\".\"" + rs.getString(2) + '"');
      }
      var copy = c.unwrap(PGConnection.class).getCopyAPI();
      for (String table : tables) {
        out.writeBytes(("-- data of " + table + "\n").getBytes(StandardCharsets.UTF_8));
        copy.copyOut("COPY " + table + " TO STDOUT", out);
      }
    }
    return out.toString(StandardCharsets.UTF_8);
  }
}
