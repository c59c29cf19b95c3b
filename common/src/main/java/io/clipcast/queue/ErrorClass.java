package io.clipcast.queue;

/** How a failed attempt is treated (docs/architecture.md "The path of a publication"). */
public enum ErrorClass {
  /** Network error before the request was sent, 5xx, processing timeout: retry with backoff. */
  RETRYABLE,
  /** 429 / flood control: retry after the platform's Retry-After, without spending an attempt. */
  RATE_LIMITED,
  /** Token expired or revoked: the connection needs the user; park the job in waiting_reconnect. */
  AUTH,
  /** The platform refused the content or the request for good: fail now. */
  PERMANENT
}
