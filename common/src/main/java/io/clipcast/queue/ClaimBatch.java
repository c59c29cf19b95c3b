package io.clipcast.queue;

import java.util.List;

/**
 * Leases from one claim call; when fewer came than asked, {@code retryAfterMs} says when to ask again (-1: nothing ready).
 * {@code acked}: for each lease acknowledged in the same call ({@link JobQueue#ackAndClaim}), whether its token still held.
 */
public record ClaimBatch(List<Lease> leases, long retryAfterMs, List<Boolean> acked) {
  public ClaimBatch(List<Lease> leases, long retryAfterMs) {
    this(leases, retryAfterMs, List.of());
  }
}
