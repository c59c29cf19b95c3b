package io.clipcast.db;

import io.clipcast.testing.TestServices;
import io.vertx.core.json.JsonObject;
import org.flywaydb.core.api.output.MigrateResult;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MigrationsTest {

  @Test
  void appliesOnEmptyDatabaseAndIsIdempotentOnSecondStart() throws Exception {
    TestServices services = TestServices.get();
    JsonObject db = services.config().getJsonObject("db");

    MigrateResult first = Migrations.migrateBlocking(db);
    assertTrue(first.migrationsExecuted >= 1, "the first start applies the schema");
    MigrateResult second = Migrations.migrateBlocking(db);
    assertEquals(0, second.migrationsExecuted, "a second start applies nothing");
    assertEquals(first.targetSchemaVersion, second.initialSchemaVersion);

    try (Connection c = DriverManager.getConnection(PgPools.jdbcUrl(db), db.getString("user"), "")) {
      List<String> tables = new ArrayList<>();
      ResultSet rs = c.createStatement().executeQuery(
          "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_name <> 'flyway_schema_history' ORDER BY 1");
      while (rs.next()) tables.add(rs.getString(1));
      assertEquals(List.of("api_keys", "clips", "idempotency_keys", "oauth_states", "platform_connections",
          "platform_quota_usage", "publication_events", "publication_stats", "publications", "users"), tables);

      List<String> indexes = new ArrayList<>();
      rs = c.createStatement().executeQuery("SELECT indexname FROM pg_indexes WHERE schemaname = 'public'");
      while (rs.next()) indexes.add(rs.getString(1));
      assertTrue(indexes.containsAll(List.of("publications_user_status_idx", "publications_pending_due_idx",
          "publication_events_publication_idx")), "indexes for the known queries exist: " + indexes);

      // the status check is real: a status outside the state machine is refused by the database
      c.createStatement().execute("INSERT INTO users (id, email, password_hash) VALUES ('00000000-0000-0000-0000-000000000001', 'a@b.c', 'x')");
      boolean refused = false;
      try {
        c.createStatement().execute("INSERT INTO users (id, email, password_hash, plan) VALUES ('00000000-0000-0000-0000-000000000002', 'b@b.c', 'x', 'gold')");
      } catch (java.sql.SQLException e) {
        refused = e.getSQLState().equals("23514");
      }
      assertTrue(refused, "unknown plan rejected by CHECK constraint");
      boolean duplicate = false;
      try {
        c.createStatement().execute("INSERT INTO users (id, email, password_hash) VALUES ('00000000-0000-0000-0000-000000000003', 'A@B.C', 'x')");
      } catch (java.sql.SQLException e) {
        duplicate = e.getSQLState().equals("23505");
      }
      assertTrue(duplicate, "e-mail uniqueness ignores case");
    }
  }
}
