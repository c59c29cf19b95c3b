package io.clipcast.storage;

/** A clip store operation that failed for a reason the caller can act on (the subclasses say which). */
public class ClipStoreException extends RuntimeException {
  public ClipStoreException(String message) {
    super(message);
  }

  public ClipStoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
