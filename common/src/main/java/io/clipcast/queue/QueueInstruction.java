package io.clipcast.queue;

/** What a {@link WorkerPool} does with a job its handler has finished with: the handler's answer, as a value. */
public sealed interface QueueInstruction {
  /** The job leaves the queue (done, failed for good, parked; Postgres keeps its state). */
  record Ack() implements QueueInstruction {}

  /** Back in the queue, due after {@code delayMs}. */
  record RequeueAfter(long delayMs) implements QueueInstruction {}

  /** Back after {@code delayMs} to check on work in flight: its claim spends no rate bucket ({@link JobQueue#recheck}). */
  record RecheckAfter(long delayMs) implements QueueInstruction {}

  QueueInstruction ACK = new Ack();

  static QueueInstruction requeueAfter(long delayMs) {
    return new RequeueAfter(Math.max(0, delayMs));
  }

  static QueueInstruction recheckAfter(long delayMs) {
    return new RecheckAfter(Math.max(0, delayMs));
  }
}
