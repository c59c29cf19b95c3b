package io.clipcast.publication;

import io.vertx.core.json.JsonObject;

import java.time.Instant;

/**
 * How one attempt ended, as a value: {@link PublicationLifecycle#conclude} turns it into the status row and the
 * queue instruction (ack, or back in the queue at a time). Every status an attempt can leave is one record here.
 */
public sealed interface AttemptOutcome {
  /** Live on the platform. */
  record Published(String externalId, String url, JsonObject result) implements AttemptOutcome {}

  /**
   * The platform is still working on it: stays {@code publishing}, the job comes back at {@code at} without spending an
   * attempt. {@code rechecks} counts the rechecks so far (it is saved with the pending detail).
   */
  record RecheckAt(Instant at, int rechecks, JsonObject detail) implements AttemptOutcome {}

  /** A retryable failure: {@code retrying}, back at {@code at}, the attempt spent. */
  record RetryAt(Instant at, String code, String message) implements AttemptOutcome {}

  /** Not the post's fault (rate limit, platform down): {@code retrying} until {@code at} without spending the attempt. */
  record DeferredUntil(Instant at, String code, String message) implements AttemptOutcome {}

  /** The account's sign-in is no longer good: parked until the user reconnects. */
  record WaitingReconnect(String code, String message) implements AttemptOutcome {}

  /** Given up. {@code discardState}: the saved upload state is set aside (a permanent refusal leaves nothing to build on). */
  record Failed(String code, String message, boolean discardState) implements AttemptOutcome {}

  /** The platform may or may not have published it; the user decides. */
  record Unknown(String code, String message) implements AttemptOutcome {}

  /** Another worker owns the job now (lease taken over, row moved on): write nothing, drop the lease. */
  record Superseded() implements AttemptOutcome {}
}
