package io.clipcast.api;

import io.clipcast.api.clips.StaleUploadSweeper;
import io.clipcast.db.PgPools;
import io.clipcast.storage.ClipStore;
import io.clipcast.storage.ClipStores;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What a node that died mid-upload leaves behind (an {@code uploading} row, a {@code .part} file, perhaps a stored
 * object) is swept once it is older than {@code clips.staleUploadMinutes}; anything younger, and anything else, is
 * left alone. Two nodes sweeping at once take each row once.
 */
class StaleUploadSweepTest {
  private static final Duration OLD = Duration.ofHours(7); // past the 360-minute default

  /** A crashed upload: its row created {@code age} ago, its .part last written then; returns the clip id. */
  private static String leftover(ApiFixture api, ApiFixture.User u, Staging staging, Duration age) throws Exception {
    String id = UUID.randomUUID().toString();
    api.sql("INSERT INTO clips (id, user_id, storage_key, file_name, status, created_at) VALUES ('" + id + "', '" + u.id()
        + "', 'clips/" + u.id() + "/" + id + "', 'big.mp4', 'uploading', now() - interval '" + age.toSeconds() + " seconds')");
    Files.createDirectories(staging.dir());
    Path part = Files.write(staging.dir().resolve(id + ".part"), new byte[1024]);
    Files.setLastModifiedTime(part, FileTime.from(Instant.now().minus(age)));
    return id;
  }

  private static String status(ApiFixture api, String id) {
    try (var c = java.sql.DriverManager.getConnection(PgPools.jdbcUrl(api.config.getJsonObject("db")),
        api.config.getJsonObject("db").getString("user"), ""); var rs = c.createStatement()
        .executeQuery("SELECT status || ': ' || coalesce(reject_reason, '') FROM clips WHERE id = '" + id + "'")) {
      return rs.next() ? rs.getString(1) : null;
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void oldLeftoversAreSweptOnceAndCountedWhileYoungUploadsAndOtherFilesStay() throws Exception {
    ApiFixture api = new ApiFixture(); // default sweep interval: the node's own sweep does not run during this test
    try {
      Staging staging = new Staging(api);
      ApiFixture.User u = api.user("free");
      String old = leftover(api, u, staging, OLD);
      String young = leftover(api, u, staging, Duration.ofMinutes(20));
      Path stored = Path.of(api.config.getJsonObject("storage").getString("localDir")).resolve("clips/" + u.id() + "/" + old);
      Files.createDirectories(stored.getParent());
      Files.write(stored, new byte[10]); // the node died after storing, before marking the row ready
      Path notes = Files.writeString(staging.dir().resolve("notes.txt"), "not an upload");
      Files.setLastModifiedTime(notes, FileTime.from(Instant.now().minus(OLD)));

      Pool pg = PgPools.shared(api.vertx, api.config.getJsonObject("db"));
      ClipStore store = ClipStores.fromConfig(api.vertx, api.config);
      SimpleMeterRegistry metrics = new SimpleMeterRegistry();
      Duration bound = Duration.ofMinutes(api.config.getJsonObject("clips").getLong("staleUploadMinutes"));
      StaleUploadSweeper nodeA = new StaleUploadSweeper(api.vertx, pg, store, staging.dir(), bound, metrics);
      StaleUploadSweeper nodeB = new StaleUploadSweeper(api.vertx, pg, store, staging.dir(), bound, metrics);
      var both = Future.all(nodeA.sweep(), nodeB.sweep()).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
      StaleUploadSweeper.Sweep a = both.resultAt(0);
      StaleUploadSweeper.Sweep b = both.resultAt(1);

      assertEquals(1, a.rows() + b.rows(), "each row is taken by one sweep: " + a + " " + b);
      assertEquals(1, a.files() + b.files(), "each file is deleted once: " + a + " " + b);
      assertEquals(1.0, metrics.get("clipcast.uploads.swept").tag("kind", "row").counter().count());
      assertEquals(1.0, metrics.get("clipcast.uploads.swept").tag("kind", "file").counter().count());
      assertTrue(status(api, old).startsWith("rejected: The upload did not finish within 360 minutes"), status(api, old));
      assertFalse(Files.exists(staging.dir().resolve(old + ".part")));
      assertFalse(Files.exists(stored), "the object stored for the abandoned row is deleted");
      assertEquals("uploading: ", status(api, young), "a young upload may still be running on some node");
      assertTrue(Files.exists(staging.dir().resolve(young + ".part")));
      assertTrue(Files.exists(notes), "only .part files are the sweep's");

      StaleUploadSweeper.Sweep again = nodeA.sweep().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
      assertEquals(new StaleUploadSweeper.Sweep(0, 0), again);
    } finally {
      api.close();
    }
  }

  @Test
  void aRunningNodeSweepsOnItsInterval() throws Exception {
    ApiFixture api = new ApiFixture(new JsonObject().put("clips", new JsonObject().put("sweepIntervalSeconds", 1)));
    try {
      Staging staging = new Staging(api);
      ApiFixture.User u = api.user("free");
      String old = leftover(api, u, staging, OLD);
      assertTrue(Staging.await(10_000, () -> status(api, old).startsWith("rejected") && staging.parts().isEmpty()),
          status(api, old) + ", " + staging.parts());
    } finally {
      api.close();
    }
  }
}
