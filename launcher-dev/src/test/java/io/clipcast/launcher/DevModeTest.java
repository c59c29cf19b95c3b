package io.clipcast.launcher;

import io.clipcast.launcher.dev.DevMain;
import io.clipcast.testing.TestServices;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * `clipcast dev` in its own process through the dev artifact's entry point (DevMain), as `./clipcast dev` runs
 * clipcast-dev.jar: embedded Postgres, Redis and sandbox come up,
 * /ready says 200, SIGTERM stops everything, and the data under the data folder survives a restart.
 */
class DevModeTest {
  @TempDir
  Path work;

  @Test
  void devModeReachesReadyStopsCleanlyAndKeepsItsData() throws Exception {
    int http = TestServices.freePort();
    int sandbox = TestServices.freePort();
    int pg = TestServices.freePort();
    int redis = TestServices.freePort();
    int ops = TestServices.freePort();
    Map<String, String> env = Map.of(
        "CLIPCAST_OPS_PORT", Integer.toString(ops),
        "CLIPCAST_NODE_DATA_DIR", work.resolve("data").toString(),
        "CLIPCAST_HTTP_PORT", Integer.toString(http),
        "CLIPCAST_SANDBOX_PORT", Integer.toString(sandbox),
        "CLIPCAST_DEV_POSTGRES_PORT", Integer.toString(pg),
        "CLIPCAST_DEV_REDIS_PORT", Integer.toString(redis));
    String base = "http://127.0.0.1:" + http;
    String jdbc = "jdbc:postgresql://127.0.0.1:" + pg + "/clipcast";

    try (ChildJvm first = ChildJvm.startMain(DevMain.class.getName(), work.resolve("run1"), env, "dev")) {
      long t0 = System.nanoTime();
      awaitReady(base, first);
      System.out.printf("dev mode: /ready = 200 after %d ms%n", (System.nanoTime() - t0) / 1_000_000);
      assertEquals(200, Http.get("http://127.0.0.1:" + sandbox + "/health").statusCode(), "the sandbox runs in dev mode");
      assertTrue(first.output().contains("Press Ctrl-C to stop"), "the banner with URLs is printed:\n" + first.output());
      assertTrue(first.output().contains(base + "/api/v1") || first.output().contains(":" + http + "/api/v1"));
      try (Connection c = DriverManager.getConnection(jdbc, "clipcast", "")) {
        c.createStatement().execute("INSERT INTO users (id, email, password_hash) VALUES (gen_random_uuid(), 'keep@me.io', 'x')");
      }
      first.terminate(60);
      assertFalse(portOpen(pg), "embedded PostgreSQL stopped with the node:\n" + first.output());
      assertFalse(portOpen(redis), "embedded Redis stopped with the node");
      assertFalse(portOpen(http), "API stopped");
    }

    try (ChildJvm second = ChildJvm.startMain(DevMain.class.getName(), work.resolve("run2"), env, "dev")) {
      awaitReady(base, second);
      try (Connection c = DriverManager.getConnection(jdbc, "clipcast", "");
           ResultSet rs = c.createStatement().executeQuery("SELECT count(*) FROM users WHERE email = 'keep@me.io'")) {
        rs.next();
        assertEquals(1, rs.getInt(1), "data survives a restart");
      }
      assertTrue(second.output().contains("0 migration(s) applied now"), "a second start applies no migration:\n" + second.output());
      second.terminate(60);
      assertFalse(portOpen(pg));
    }
  }

  private static void awaitReady(String base, ChildJvm jvm) throws InterruptedException {
    try {
      Http.await(base + "/ready", r -> r.statusCode() == 200, Duration.ofSeconds(180));
    } catch (AssertionError e) {
      throw new AssertionError(e.getMessage() + "\nnode output:\n" + jvm.output(), e);
    }
  }

  private static boolean portOpen(int port) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 300);
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
