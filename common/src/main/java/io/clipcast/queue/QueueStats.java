package io.clipcast.queue;

import java.util.Map;

/** Sizes of the queue's sets, for metrics and ops. {@code oldestDueAgeMs}: how late the most overdue delayed job is. */
public record QueueStats(long redisNowMs, long delayed, long leased, Map<String, Long> readyByPlatform,
                         long oldestDueAgeMs, long leaseExpiries) {
  public long ready() {
    return readyByPlatform.values().stream().mapToLong(Long::longValue).sum();
  }
}
