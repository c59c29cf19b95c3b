package io.clipcast.queue;

/** A job as the reconciler re-adds it: who, where, and when it is due (epoch ms; 0 = now). */
public record JobSpec(String jobId, String platform, String userId, String account, long dueAtMs) {}
