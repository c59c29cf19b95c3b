package io.clipcast.queue;

import java.util.List;

/** Leases from one claim call; when fewer came than asked, {@code retryAfterMs} says when to ask again (-1: nothing ready). */
public record ClaimBatch(List<Lease> leases, long retryAfterMs) {}
