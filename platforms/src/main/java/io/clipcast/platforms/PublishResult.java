package io.clipcast.platforms;

import io.vertx.core.json.JsonObject;

/**
 * The outcome of a publish call: the post is live ({@link #published}: its id on the platform, its public URL, details
 * worth keeping), or the platform is still working on it ({@link #pending}: processing, pulling the file, waiting for
 * a feed fetch). A pending publication stays {@code publishing}; the worker calls {@code publish} again after
 * {@code recheckAfterMs} without spending an attempt, and the connector resumes from its {@code upload_state}.
 */
public record PublishResult(String externalId, String url, JsonObject detail, long recheckAfterMs) {

  public static PublishResult published(String externalId, String url, JsonObject detail) {
    return new PublishResult(externalId, url, detail == null ? new JsonObject() : detail, 0);
  }

  public static PublishResult pending(long recheckAfterMs, JsonObject detail) {
    return new PublishResult(null, null, detail == null ? new JsonObject() : detail, Math.max(1, recheckAfterMs));
  }

  public boolean isPending() {
    return recheckAfterMs > 0;
  }
}
