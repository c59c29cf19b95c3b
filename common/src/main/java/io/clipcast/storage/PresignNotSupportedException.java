package io.clipcast.storage;

/** The store cannot hand out presigned URLs (the local store); the API signs its own media URLs instead. */
public class PresignNotSupportedException extends ClipStoreException {
  public PresignNotSupportedException(String message) {
    super(message);
  }
}
