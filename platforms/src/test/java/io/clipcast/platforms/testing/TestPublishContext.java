package io.clipcast.platforms.testing;

import io.clipcast.platforms.ClipSource;
import io.clipcast.platforms.ConnectedAccount;
import io.clipcast.platforms.PublishContext;
import io.clipcast.platforms.ResumeState;
import io.clipcast.storage.ClipStream;
import io.clipcast.storage.LocalClipStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

/**
 * A connector-level publish attempt for tests: the clip is a real file in a real {@link LocalClipStore}; checkpoints are
 * kept in memory (the pipeline's Postgres-backed context is tested with the publish verticle) and recorded, so a test
 * can assert what was saved before each step.
 */
public final class TestPublishContext implements PublishContext {
  private final Vertx vertx;
  private ConnectedAccount account;
  private final LocalClipStore store;
  private final String key;
  private final Path file;
  private final String sha256;
  private final String caption;
  private final String title;
  private final String mediaUrl;
  private final UUID id = UUID.randomUUID();
  private JsonObject uploadState = new JsonObject();
  private JsonObject options = new JsonObject();
  private java.time.ZoneId timeZone = java.time.ZoneId.of("Europe/Moscow");
  /** Connector tests count quota in memory; the Postgres ledger ({@code PgQuotaLedger}) is exercised end to end. */
  public final MemoryQuotaLedger quota = new MemoryQuotaLedger();
  private int attempt = 1;
  public final List<JsonObject> checkpoints = new ArrayList<>();
  public volatile long lastProgress;

  /** Stores {@code file} under a fresh key in a LocalClipStore rooted at {@code storeDir}. */
  public TestPublishContext(Vertx vertx, ConnectedAccount account, Path storeDir, Path file, String caption, String title, String mediaUrl)
      throws Exception {
    this.vertx = vertx;
    this.account = account;
    this.file = file;
    this.caption = caption;
    this.title = title;
    this.mediaUrl = mediaUrl;
    this.store = new LocalClipStore(vertx, storeDir.resolve("clips"), 4L * 1024 * 1024 * 1024);
    this.key = "clips/" + UUID.randomUUID() + "/original";
    Files.createDirectories(storeDir.resolve("clips").resolve(key).getParent());
    Files.copy(file, storeDir.resolve("clips").resolve(key));
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    try (java.io.InputStream in = new java.security.DigestInputStream(Files.newInputStream(file), sha)) {
      in.transferTo(java.io.OutputStream.nullOutputStream());   // streamed: tests may use clips larger than the heap
    }
    this.sha256 = HexFormat.of().formatHex(sha.digest());
  }

  private int dieAfter;
  private io.vertx.core.Promise<Void> died;

  /** The next attempt, keeping what was checkpointed (a retry); a death planned with {@link #dieAfterCheckpoint} is off. */
  public TestPublishContext nextAttempt() {
    attempt++;
    dieAfter = 0;
    return this;
  }

  /**
   * Makes this attempt's worker die right after its {@code n}-th checkpoint (1-based) is saved: that checkpoint's future
   * never completes, so the connector sends nothing more. The returned future completes when it happened.
   */
  public Future<Void> dieAfterCheckpoint(int n) {
    dieAfter = checkpoints.size() + n;
    died = io.vertx.core.Promise.promise();
    return died.future();
  }

  /** The same publication with other credentials (as after the pipeline refreshed the token). */
  public TestPublishContext account(ConnectedAccount renewed) {
    this.account = renewed;
    return this;
  }

  public String sha256() {
    return sha256;
  }

  @Override public UUID publicationId() { return id; }
  @Override public int attempt() { return attempt; }
  @Override public ConnectedAccount account() { return account; }
  @Override public String caption() { return caption; }
  @Override public String title() { return title; }
  @Override public JsonObject options() { return options.copy(); }
  @Override public java.time.ZoneId timeZone() { return timeZone; }
  @Override public io.clipcast.platforms.QuotaLedger quota() { return quota; }

  public TestPublishContext options(JsonObject options) {
    this.options = options.copy();
    return this;
  }

  public TestPublishContext timeZone(java.time.ZoneId zone) {
    this.timeZone = zone;
    return this;
  }
  @Override public JsonObject uploadState() { return uploadState.copy(); }
  @Override public Vertx vertx() { return vertx; }

  /**
   * Saves {@code state} as the pipeline does (its changes merged into what is stored) and records them, without the
   * version, so a test can assert what was saved before each step.
   */
  @Override
  public Future<Void> checkpoint(ResumeState state) {
    JsonObject changed = ResumeState.changes(uploadState, state);   // what the pipeline's context writes
    uploadState = uploadState.copy().mergeIn(changed);
    changed.remove(ResumeState.VERSION_KEY);
    checkpoints.add(changed);
    if (dieAfter > 0 && checkpoints.size() == dieAfter) {
      died.tryComplete();
      return io.vertx.core.Promise.<Void>promise().future();   // the worker is gone: nothing after this checkpoint runs
    }
    return Future.succeededFuture();
  }

  /** Puts {@code stored} into the saved state as a row written earlier would hold it (e.g. before versions existed). */
  public TestPublishContext seed(JsonObject stored) {
    uploadState = uploadState.copy().mergeIn(stored);
    return this;
  }

  @Override
  public void progress(long bytesSent) {
    lastProgress = bytesSent;
  }

  @Override
  public ClipSource clip() {
    long size;
    try {
      size = Files.size(file);
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
    return new ClipSource() {
      @Override public long sizeBytes() { return size; }
      @Override public String sha256() { return sha256; }
      @Override public String fileName() { return file.getFileName().toString(); }
      @Override public String contentType() { return "video/mp4"; }
      @Override public double durationSec() { return 10; }
      @Override public int width() { return 1080; }
      @Override public int height() { return 1920; }
      @Override public Future<ClipStream> open() { return store.open(key); }
      @Override public String mediaUrl() { return mediaUrl; }
    };
  }
}
