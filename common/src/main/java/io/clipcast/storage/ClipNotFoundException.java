package io.clipcast.storage;

/** No object is stored under the key. */
public class ClipNotFoundException extends ClipStoreException {
  public ClipNotFoundException(String key) {
    super("No clip is stored under key '" + key + "'.");
  }
}
