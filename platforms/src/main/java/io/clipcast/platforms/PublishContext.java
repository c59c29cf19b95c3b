package io.clipcast.platforms;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.util.UUID;

/** One attempt at publishing one target, as the publish worker hands it to a connector. */
public interface PublishContext {
  UUID publicationId();

  /** 1 for the first attempt; also the fencing token of every write this attempt makes. */
  int attempt();

  /** The connection's decrypted credentials and account (fresh: refreshed before the attempt when near expiry). */
  ConnectedAccount account();

  String caption();

  /** Null when the platform has no title or the user gave none. */
  String title();

  /** Per-target options from the request (e.g. {@code privacy}); never null. */
  JsonObject options();

  ClipSource clip();

  /**
   * What earlier steps and attempts saved, as stored ({@code upload_state}); empty on the first attempt. Connectors read
   * it through {@link #resumed} as their own record; the raw object is for the pipeline and tests.
   */
  JsonObject uploadState();

  /** The saved state read as the connector's record, e.g. {@code ctx.resumed(VkResume::from)}; an empty record at first. */
  default <S extends ResumeState> S resumed(java.util.function.Function<JsonObject, S> reader) {
    return reader.apply(uploadState());
  }

  /**
   * Saves {@code state} (merged into {@code upload_state}; cleared fields are written as {@code null}) before the next
   * platform step, fenced by the attempt: fails if this worker no longer owns the publication, so a worker whose lease
   * was taken over stops here.
   */
  Future<Void> checkpoint(ResumeState state);

  /** Bytes of the clip sent so far in this attempt (shown as progress). */
  void progress(long bytesSent);

  /** The time zone the user scheduled in (or their account's): for messages such as "publishing at 10:01 MSK". */
  java.time.ZoneId timeZone();

  /** Daily usage counters of this platform ({@code platform_quota_usage}), shared by every node. */
  QuotaLedger quota();

  Vertx vertx();
}
