package io.clipcast.queue;

/** A failure that carries the platform's Retry-After (429, flood control). */
public interface RetryAfter {
  long retryAfterMs();

  static long of(Throwable failure) {
    return failure instanceof RetryAfter ? ((RetryAfter) failure).retryAfterMs() : 0;
  }
}
