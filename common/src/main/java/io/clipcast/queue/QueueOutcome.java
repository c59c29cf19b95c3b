package io.clipcast.queue;

/** Result of cancel/reschedule: done, refused because a worker holds the job, or the queue does not know it. */
public enum QueueOutcome {
  DONE, LEASED, ABSENT
}
