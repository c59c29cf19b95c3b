package io.clipcast.db;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies {@code db/migration} with Flyway (JDBC, on a worker thread). Flyway takes a Postgres advisory
 * lock, so several nodes starting at once with {@code db.migrate=true} still migrate once.
 */
public final class Migrations {
  private static final Logger log = LoggerFactory.getLogger(Migrations.class);

  private Migrations() {}

  public static MigrateResult migrateBlocking(JsonObject db) {
    Flyway flyway = Flyway.configure()
        .dataSource(PgPools.jdbcUrl(db), db.getString("user"), db.getString("password"))
        .locations("classpath:db/migration")
        .connectRetries(db.getInteger("connectRetries")) // waits 1, 2, 4… s: a DB starting beside us gets time
        .load();
    MigrateResult result;
    try {
      result = flyway.migrate();
    } catch (FlywayException e) {
      throw TlsFailures.explain(db, e);
    }
    log.info("database schema at version {} ({} migration(s) applied now)",
        result.targetSchemaVersion != null ? result.targetSchemaVersion : result.initialSchemaVersion,
        result.migrationsExecuted);
    return result;
  }

  public static Future<MigrateResult> migrate(Vertx vertx, JsonObject db) {
    return vertx.executeBlocking(() -> migrateBlocking(db), false);
  }
}
