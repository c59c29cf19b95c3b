package io.clipcast.queue;

/**
 * What {@code claim} got: a lease, or nothing — with {@code retryAfterMs} saying when a rate-limited job will be
 * claimable (-1: nothing is ready at all).
 */
public record Claim(Lease lease, long retryAfterMs) {
  public boolean claimed() {
    return lease != null;
  }
}
