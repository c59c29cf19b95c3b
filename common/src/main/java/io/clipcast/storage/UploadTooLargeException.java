package io.clipcast.storage;

/** The upload is (or announced it would be) larger than {@code storage.maxUploadBytes}; nothing was kept. */
public class UploadTooLargeException extends ClipStoreException {
  private final long limit;

  public UploadTooLargeException(long limit, String message) {
    super(message);
    this.limit = limit;
  }

  public long limit() {
    return limit;
  }
}
