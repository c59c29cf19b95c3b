package io.clipcast.platforms;

/** How a platform failure is handled (docs/architecture.md "The path of a publication"), from each platform file's error table. */
public enum ErrorKind {
  /** Network error before the request was complete, 5xx, processing timeout: retry with backoff. */
  RETRYABLE,
  /** 429 / flood control: retry after the platform's wait, without spending an attempt; pauses the platform's bucket. */
  RATE_LIMITED,
  /** Token expired or revoked: refresh, else the connection needs the user (waiting_reconnect). */
  AUTH,
  /** The platform refused the content or the request for good: fail now. */
  PERMANENT,
  /**
   * A daily quota or posting cap is used up (YouTube units, Instagram's 24 h limit, TikTok's pending shares): the job
   * waits until the quota frees, without spending an attempt, and its status says why and until when.
   */
  DEFERRED,
  /** The request may have been carried out but no answer came, and the platform offers no way to check: unknown. */
  OUTCOME_UNKNOWN
}
