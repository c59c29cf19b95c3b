package io.clipcast.queue;

/** One expired-lease pass: jobs returned to ready, and time until the next lease expires (-1: none held). */
public record Requeue(int requeued, long nextExpiryInMs) {}
