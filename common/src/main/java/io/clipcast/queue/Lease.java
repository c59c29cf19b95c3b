package io.clipcast.queue;

/**
 * A job handed to one worker. {@code attempt} rises with every hand-out and is the fencing token;
 * {@code claimedAtMs} and {@code dueAtMs} are on the Redis clock.
 */
public record Lease(String jobId, String platform, String userId, String account, int attempt, String token,
                    long claimedAtMs, long dueAtMs) {}
