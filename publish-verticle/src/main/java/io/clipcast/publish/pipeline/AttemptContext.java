package io.clipcast.publish.pipeline;

import io.clipcast.platforms.ClipSource;
import io.clipcast.platforms.ConnectedAccount;
import io.clipcast.platforms.PublishContext;
import io.clipcast.platforms.QuotaLedger;
import io.clipcast.platforms.ResumeState;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.util.concurrent.atomic.AtomicReference;

import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.UUID;

/**
 * A publish attempt as the connector sees it, backed by the claimed row: checkpoints go to {@code upload_state} (fenced),
 * progress to {@code bytes_sent} at most once per {@code progressIntervalMs}.
 */
final class AttemptContext implements PublishContext {
  private final Vertx vertx;
  private final ClaimedPublication p;
  private final ConnectedAccount account;
  private final ClipSource clip;
  private final PublicationRecords records;
  private final long progressIntervalMs;
  private final QuotaLedger quota;
  private final io.clipcast.ops.NodeActivity activity;
  /** What this attempt has saved so far, shared with its copy after a token refresh and read by the runner at its end. */
  private final AtomicReference<JsonObject> uploadState;
  private long lastProgressWrite;

  AttemptContext(Vertx vertx, ClaimedPublication p, ConnectedAccount account, ClipSource clip, PublicationRecords records,
                 long progressIntervalMs, QuotaLedger quota, io.clipcast.ops.NodeActivity activity, AtomicReference<JsonObject> uploadState) {
    this.vertx = vertx;
    this.p = p;
    this.account = account;
    this.clip = clip;
    this.records = records;
    this.progressIntervalMs = progressIntervalMs;
    this.quota = quota;
    this.activity = activity;
    this.uploadState = uploadState;
  }

  /** The same attempt (and what it checkpointed so far) with refreshed credentials. */
  AttemptContext withAccount(ConnectedAccount renewed) {
    return new AttemptContext(vertx, p, renewed, clip, records, progressIntervalMs, quota, activity, uploadState);
  }

  @Override public UUID publicationId() { return p.id(); }
  @Override public int attempt() { return p.attempts(); }
  @Override public ConnectedAccount account() { return account; }
  @Override public String caption() { return p.caption(); }
  @Override public String title() { return p.title(); }
  @Override public JsonObject options() { return p.options().copy(); }
  @Override public ClipSource clip() { return clip; }
  @Override public JsonObject uploadState() { return uploadState.get().copy(); }
  @Override public Vertx vertx() { return vertx; }
  @Override public QuotaLedger quota() { return quota; }

  @Override
  public ZoneId timeZone() {
    try {
      return p.timeZone() == null ? ZoneOffset.UTC : ZoneId.of(p.timeZone());
    } catch (java.time.DateTimeException e) {
      return ZoneOffset.UTC;
    }
  }

  @Override
  public Future<Void> checkpoint(ResumeState state) {
    // only what changed (a cleared field as null), merged into the row; an empty change still checks the fence
    JsonObject changed = ResumeState.changes(uploadState.get(), state);
    return records.checkpoint(p, changed).onSuccess(v -> uploadState.set(uploadState.get().copy().mergeIn(changed)));
  }

  @Override
  public void progress(long bytesSent) {
    activity.progress(p.id().toString(), p.platform(), bytesSent, clip.sizeBytes());   // /cluster sees every step; the row only every progressIntervalMs
    long now = System.currentTimeMillis();
    if (now - lastProgressWrite < progressIntervalMs && bytesSent < clip.sizeBytes()) return;
    lastProgressWrite = now;
    records.progress(p, bytesSent);
  }
}
