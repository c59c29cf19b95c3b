package io.clipcast.platforms;

import io.vertx.core.json.JsonObject;

/**
 * The outcome of a publish call: the post is live ({@link #published}: its id on the platform, its public URL, details
 * worth keeping), or the platform is still working on it ({@link #pending}: processing, pulling the file, waiting for
 * a feed fetch). A pending publication stays {@code publishing}; the worker calls {@code publish} again without
 * spending an attempt (after a delay it computes from the number of rechecks and the platform's {@code recheck}
 * block, not from {@code recheckAfterMs}), and the connector resumes from its {@code upload_state}.
 */
public record PublishResult(String externalId, String url, JsonObject detail, long recheckAfterMs) {

  public static PublishResult published(String externalId, String url, JsonObject detail) {
    return new PublishResult(externalId, url, detail == null ? new JsonObject() : detail, 0);
  }

  public static PublishResult pending(long recheckAfterMs, JsonObject detail) {
    return new PublishResult(null, null, detail == null ? new JsonObject() : detail, Math.max(1, recheckAfterMs));
  }

  /** {@link #recheckAfterMs} of a pending result that no timer rechecks: an event completes it. */
  public static final long UNTIL_EVENT = Long.MAX_VALUE;

  /**
   * Pending until the platform itself acts (Дзен fetching the feed): the publication completes at that moment through
   * the lifecycle, and the job only comes back at the pending deadline ({@code publish.pendingTimeoutSeconds}).
   */
  public static PublishResult awaitingEvent(JsonObject detail) {
    return new PublishResult(null, null, detail == null ? new JsonObject() : detail, UNTIL_EVENT);
  }

  public boolean isPending() {
    return recheckAfterMs > 0;
  }

  public boolean awaitsEvent() {
    return recheckAfterMs == UNTIL_EVENT;
  }
}
