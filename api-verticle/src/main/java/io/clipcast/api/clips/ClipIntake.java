package io.clipcast.api.clips;

import io.clipcast.media.ClipRejectedException;
import io.clipcast.media.MediaProbe;
import io.clipcast.media.ProbeResult;
import io.clipcast.storage.ClipStore;
import io.clipcast.web.ApiError;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.file.AsyncFile;
import io.vertx.core.file.OpenOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.core.streams.ReadStream;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Turns a body (an upload or an import's download) into a clip: streams it into a staging file, bounded by
 * {@code storage.maxUploadBytes}; probes it; stores what the probe accepts; marks the row {@code ready}. Each body is
 * one {@link Ingest}, which owns the clip row, the staging file and the descriptor on it, and releases all three
 * however it ends. An ingest that does not end as a ready clip leaves its row {@code rejected}, with a reason the user
 * can act on (rows are kept, not deleted, so the clip list says why an upload failed), and no file.
 */
final class ClipIntake {
  private static final Logger log = LoggerFactory.getLogger(ClipIntake.class);

  private final Vertx vertx;
  private final Pool pg;
  private final ClipStore store;
  private final Path staging;
  private final long maxBytes;
  private final long idleMs;
  private final long maxMs;
  private final Set<Ingest> live = ConcurrentHashMap.newKeySet();
  private volatile boolean closed;

  /**
   * @param idleSeconds longest silence mid-body before the ingest is stopped ({@code clips.uploadIdleSeconds})
   * @param maxMinutes longest an ingest may take ({@code clips.staleUploadMinutes}); the sweeper treats older
   *     {@code uploading} rows as abandoned, so no live ingest may outlast it
   */
  ClipIntake(Vertx vertx, Pool pg, ClipStore store, Path staging, long maxBytes, long idleSeconds, long maxMinutes) {
    this.vertx = vertx;
    this.pg = pg;
    this.store = store;
    this.staging = staging;
    this.maxBytes = maxBytes;
    this.idleMs = idleSeconds * 1000;
    this.maxMs = maxMinutes * 60_000;
  }

  /** The ready clip, or a failure saying why not (an {@link ApiError} where the user can do something about it). */
  Future<JsonObject> ingest(UUID user, String fileName, String type, IngestSource source) {
    if (closed) {
      source.cut();
      return Future.failedFuture(restarting());
    }
    return new Ingest(user, fileName, type, source).run();
  }

  /** Stops every ingest still running on this instance (node shutdown) and waits until each has released. */
  Future<Void> close() {
    closed = true;
    List<Future<JsonObject>> ends = new ArrayList<>();
    for (Ingest i : live) {
      i.stop(restarting());
      ends.add(i.ended.future());
    }
    return Future.join(ends).transform(ar -> Future.succeededFuture());
  }

  private static ApiError restarting() {
    return new ApiError(503, "server_restarting", "The server restarted during the transfer; send the file again.", null, 5);
  }

  static ApiError tooLarge(long max) {
    return new ApiError(413, "file_too_large", "The file is larger than this server accepts (" + (max / (1024 * 1024))
        + " MB); trim or compress it and upload again.", "file");
  }

  /** One body on its way to becoming a clip. Every step runs on the ingest's context, one after another. */
  private final class Ingest {
    private final UUID clipId = UUID.randomUUID();
    private final UUID user;
    private final String fileName;
    private final String type;
    private final IngestSource source;
    private final String key;
    private final Path part;
    private final Promise<JsonObject> ended = Promise.promise();
    private final long startedAt = System.currentTimeMillis();
    private Throwable stopped;
    private boolean rowWritten;
    private AsyncFile file;
    private boolean fileClosed;
    private Promise<Long> receiving;
    private boolean bodyEnded;
    private long received;
    private long lastByteAt;

    Ingest(UUID user, String fileName, String type, IngestSource source) {
      this.user = user;
      this.fileName = fileName;
      this.type = type;
      this.source = source;
      this.key = "clips/" + user + "/" + clipId;
      this.part = staging.resolve(clipId + ".part");
    }

    Future<JsonObject> run() {
      live.add(this);
      source.broken().onFailure(e -> {
        if (!bodyEnded) stop(e); // once the whole body is here, the clip is finished even if nobody waits for it
      });
      going()
          .compose(v -> pg.preparedQuery("INSERT INTO clips (id, user_id, storage_key, file_name, content_type, status) VALUES ($1, $2, $3, $4, $5, 'uploading')")
              .execute(Tuple.of(clipId, user, key, fileName, type.isEmpty() ? null : type)))
          .compose(rows -> {
            rowWritten = true;
            return going();
          })
          .compose(v -> vertx.fileSystem().mkdirs(staging.toString()))
          .compose(v -> vertx.fileSystem().open(part.toString(), new OpenOptions().setWrite(true).setCreate(true).setTruncateExisting(true)))
          .compose(f -> {
            file = f;
            return going();
          })
          .compose(v -> receive())
          .compose(size -> closeFile())
          .compose(v -> MediaProbe.probe(vertx, part))
          .compose(probe -> going().compose(v -> accept(probe)))
          .onComplete(this::finish);
      return ended.future();
    }

    /** Ends the ingest at its next step (or at once, mid-body) with {@code why}. The first reason wins. */
    void stop(Throwable why) {
      if (stopped != null) return;
      stopped = why;
      if (receiving != null) receiving.tryFail(why);
    }

    private Future<Void> going() {
      return stopped == null ? Future.succeededFuture() : Future.failedFuture(stopped);
    }

    /** Body → staging file, with backpressure, the size bound, and the idle and total time bounds. */
    private Future<Long> receive() {
      Promise<Long> done = Promise.promise();
      receiving = done;
      ReadStream<Buffer> body = source.body();
      AsyncFile f = file;
      lastByteAt = System.currentTimeMillis();
      long watch = vertx.setPeriodic(Math.max(100, Math.min(idleMs, maxMs) / 4), id -> watch());
      f.exceptionHandler(done::tryFail);
      body.handler(buf -> {
        if (done.future().isComplete()) return;
        lastByteAt = System.currentTimeMillis();
        received += buf.length();
        if (received > maxBytes) {
          done.tryFail(tooLarge(maxBytes));
          return;
        }
        f.write(buf).onFailure(done::tryFail);
        if (f.writeQueueFull()) {
          body.pause();
          f.drainHandler(v -> {
            if (!done.future().isComplete()) body.resume();
          });
        }
      });
      body.endHandler(v -> {
        bodyEnded = true;
        done.tryComplete(received);
      });
      body.resume();
      return done.future().andThen(ar -> vertx.cancelTimer(watch));
    }

    private void watch() {
      long now = System.currentTimeMillis();
      if (now - lastByteAt > idleMs) {
        stop(new ApiError(408, "upload_timeout", "No data arrived for " + idleMs / 1000 + " s, so the transfer was stopped; check the"
            + " connection and send the file again.", "file"));
      } else if (now - startedAt > maxMs) {
        stop(new ApiError(408, "upload_timeout", "The transfer took longer than " + maxMs / 60_000 + " minutes, the longest this server"
            + " allows; send the file again over a faster connection.", "file"));
      }
    }

    /** The probe said yes: into the clip store, then {@code ready} with what the probe found. */
    private Future<JsonObject> accept(ProbeResult probe) {
      return vertx.fileSystem().open(part.toString(), new OpenOptions().setRead(true))
          .compose(f -> vertx.fileSystem().props(part.toString())
              .compose(props -> store.put(key, f, props.size()))
              .eventually(() -> f.close().otherwiseEmpty()))
          .compose(object -> pg.preparedQuery("UPDATE clips SET status = 'ready', size_bytes = $2, sha256 = $3, duration_ms = $4,"
                  + " width = $5, height = $6, video_codec = $7, audio_codec = $8 WHERE id = $1 AND status = 'uploading' RETURNING " + ClipJson.COLUMNS)
              .execute(Tuple.from(new Object[] {clipId, object.size(), object.sha256(), probe.durationMs(), probe.displayWidth(),
                  probe.displayHeight(), probe.videoCodec(), probe.audioCodec()})))
          .compose(rows -> rows.size() == 1 ? Future.succeededFuture(ClipJson.of(rows.iterator().next()))
              // the sweeper gave the row up (it outlived clips.staleUploadMinutes): the stored copy goes too
              : store.delete(key).otherwiseEmpty().compose(v -> Future.failedFuture(new ApiError(408, "upload_timeout",
                  "The transfer took longer than this server allows; send the file again.", "file"))));
    }

    /** The one place an ingest ends: the descriptor is closed, the staging file deleted, and a failed ingest's row rejected. */
    private void finish(AsyncResult<JsonObject> outcome) {
      if (outcome.failed() && !bodyEnded) source.cut();
      closeFile().otherwiseEmpty()
          .compose(v -> vertx.fileSystem().delete(part.toString()).otherwiseEmpty())
          .compose(v -> outcome.failed() && rowWritten ? reject(outcome.cause()) : Future.succeededFuture())
          .onComplete(v -> {
            live.remove(this);
            if (outcome.succeeded()) ended.complete(outcome.result());
            else ended.fail(outcome.cause() instanceof ClipRejectedException r ? new ApiError(422, r.code(), r.getMessage(), "file") : outcome.cause());
          });
    }

    private Future<Void> closeFile() {
      if (file == null || fileClosed) return Future.succeededFuture();
      fileClosed = true;
      return file.close(); // after the writes still queued
    }

    /** Whatever went wrong, the row says so: it is never left looking like a clip that could be published. */
    private Future<Void> reject(Throwable e) {
      boolean told = e instanceof ClipRejectedException || e instanceof ApiError;
      if (!told) log.info("ingest of clip {} failed: {}", clipId, e.toString());
      String reason = told ? e.getMessage() : "The upload was interrupted before the whole file arrived; upload it again.";
      return pg.preparedQuery("UPDATE clips SET status = 'rejected', reject_reason = $2 WHERE id = $1 AND status = 'uploading'")
          .execute(Tuple.of(clipId, reason)).<Void>mapEmpty()
          .recover(err -> {
            log.warn("clip {} stays uploading until the stale-upload sweep: {}", clipId, err.toString());
            return Future.succeededFuture();
          });
    }
  }
}
