package io.clipcast.queue;

/** Redis refused or failed a queue operation. */
public class QueueException extends RuntimeException {
  public QueueException(String message, Throwable cause) {
    super(message, cause);
  }
}
