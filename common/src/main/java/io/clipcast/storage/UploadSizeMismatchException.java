package io.clipcast.storage;

/** The body was shorter or longer than the size announced for it (a cut or lying client); nothing was kept. */
public class UploadSizeMismatchException extends ClipStoreException {
  public UploadSizeMismatchException(String message) {
    super(message);
  }
}
