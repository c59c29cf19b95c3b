package io.clipcast.api.clips;

import io.clipcast.storage.ClipStore;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Ends what no live ingest owns any more (a node that crashed or was killed mid-upload): {@code uploading} rows older
 * than {@code clips.staleUploadMinutes} become {@code rejected} (and any object stored under their key is deleted),
 * and {@code .part} files in the staging directory not written to for as long are deleted. A live ingest never lasts
 * that long ({@link ClipIntake} stops it), so nothing in use is touched. Safe on any number of nodes at once: each row
 * is taken by one atomic UPDATE, and deleting a file twice is harmless. Counts what it removed in
 * {@code clipcast_uploads_swept_total{kind="row"|"file"}}.
 */
public final class StaleUploadSweeper {
  private static final Logger log = LoggerFactory.getLogger(StaleUploadSweeper.class);

  /** What one sweep removed. */
  public record Sweep(int rows, int files) {}

  private final Vertx vertx;
  private final Pool pg;
  private final ClipStore store;
  private final Path staging;
  private final Duration staleAfter;
  private final Counter rows;
  private final Counter files;

  /** @param registry the node's metrics registry; null when metrics are off (a private one then counts) */
  public StaleUploadSweeper(Vertx vertx, Pool pg, ClipStore store, Path staging, Duration staleAfter, MeterRegistry registry) {
    this.vertx = vertx;
    this.pg = pg;
    this.store = store;
    this.staging = staging;
    this.staleAfter = staleAfter;
    MeterRegistry r = registry != null ? registry : new SimpleMeterRegistry();
    this.rows = Counter.builder("clipcast.uploads.swept").tag("kind", "row")
        .description("Abandoned uploads and imports given up by the stale-upload sweep").register(r);
    this.files = Counter.builder("clipcast.uploads.swept").tag("kind", "file")
        .description("Abandoned staging files deleted by the stale-upload sweep").register(r);
  }

  public Future<Sweep> sweep() {
    String reason = "The upload did not finish within " + staleAfter.toMinutes() + " minutes (the connection was lost or the server"
        + " restarted); upload the file again.";
    Future<Integer> swept = pg.preparedQuery("UPDATE clips SET status = 'rejected', reject_reason = $1 WHERE status = 'uploading'"
            + " AND created_at < now() - $2::bigint * interval '1 second' RETURNING storage_key")
        .execute(Tuple.of(reason, staleAfter.toSeconds()))
        .compose(found -> {
          List<Future<Void>> deletes = new ArrayList<>();
          for (Row r : found) deletes.add(store.delete(r.getString("storage_key")).otherwiseEmpty());
          return Future.join(deletes).transform(ar -> Future.succeededFuture(found.rowCount()));
        });
    return swept.compose(n -> vertx.executeBlocking(this::deleteStaleParts, false).map(f -> new Sweep(n, f)))
        .onSuccess(s -> {
          rows.increment(s.rows());
          files.increment(s.files());
          if (s.rows() + s.files() > 0) log.info("stale-upload sweep: {} rows rejected, {} staging files deleted", s.rows(), s.files());
        });
  }

  private int deleteStaleParts() throws IOException {
    if (!Files.isDirectory(staging)) return 0;
    Instant cutoff = Instant.now().minus(staleAfter);
    int deleted = 0;
    try (Stream<Path> all = Files.list(staging)) {
      for (Path p : (Iterable<Path>) all::iterator) {
        try {
          if (p.getFileName().toString().endsWith(".part") && Files.getLastModifiedTime(p).toInstant().isBefore(cutoff)
              && Files.deleteIfExists(p)) {
            deleted++;
          }
        } catch (NoSuchFileException e) {
          // another sweep (or the ingest) removed it first
        }
      }
    }
    return deleted;
  }
}
