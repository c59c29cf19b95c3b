package io.clipcast.platforms;

import io.vertx.core.json.JsonObject;

/**
 * The outcome of a publish call: the post is live ({@link #published}: its id on the platform, its public URL, details
 * worth keeping), or the platform is still working on it ({@link #pending}: processing, pulling the file). A pending
 * publication stays {@code publishing}; the worker calls {@code publish} again without spending an attempt, after a
 * delay the lifecycle owner computes from the number of rechecks and the platform's {@code recheck} block
 * (conf/platforms/&lt;id&gt;.json), and the connector resumes from its {@code upload_state}. A publication
 * {@link #awaitingEvent} is not rechecked on a timer: the platform's own action completes it.
 */
public record PublishResult(String externalId, String url, JsonObject detail, State state) {

  /** Where the post stands after this call. */
  public enum State { PUBLISHED, PENDING, AWAITING_EVENT }

  public static PublishResult published(String externalId, String url, JsonObject detail) {
    return new PublishResult(externalId, url, orEmpty(detail), State.PUBLISHED);
  }

  public static PublishResult pending(JsonObject detail) {
    return new PublishResult(null, null, orEmpty(detail), State.PENDING);
  }

  /**
   * Pending until the platform itself acts (Дзен fetching the feed): the publication completes at that moment through
   * the lifecycle, and the job only comes back at the pending deadline ({@code publish.pendingTimeoutSeconds}).
   */
  public static PublishResult awaitingEvent(JsonObject detail) {
    return new PublishResult(null, null, orEmpty(detail), State.AWAITING_EVENT);
  }

  public boolean isPending() {
    return state != State.PUBLISHED;
  }

  public boolean awaitsEvent() {
    return state == State.AWAITING_EVENT;
  }

  private static JsonObject orEmpty(JsonObject detail) {
    return detail == null ? new JsonObject() : detail;
  }
}
