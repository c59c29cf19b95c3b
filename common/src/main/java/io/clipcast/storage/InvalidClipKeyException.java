package io.clipcast.storage;

/** A storage key outside the safe alphabet, or one that could climb out of the store's root. */
public class InvalidClipKeyException extends ClipStoreException {
  public InvalidClipKeyException(String message) {
    super(message);
  }
}
