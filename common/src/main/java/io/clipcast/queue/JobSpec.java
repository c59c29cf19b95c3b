package io.clipcast.queue;

/**
 * A job as the reconciler re-adds it: who, where, and when it is due (epoch ms; 0 = now). {@code recheck}: it only
 * polls work in flight, so its claims spend no rate bucket (claim.lua), as before Redis lost it.
 */
public record JobSpec(String jobId, String platform, String userId, String account, long dueAtMs, boolean recheck) {

  public JobSpec(String jobId, String platform, String userId, String account, long dueAtMs) {
    this(jobId, platform, userId, account, dueAtMs, false);
  }
}
