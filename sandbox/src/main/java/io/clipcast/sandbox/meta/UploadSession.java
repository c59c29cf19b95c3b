package io.clipcast.sandbox.meta;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The bytes a rupload session has received so far, hashed as they arrive (never stored), so a resumed upload that
 * continues at {@code offset = received} ends with the hash of the whole file.
 */
public final class UploadSession {
  private long fileSize = -1;
  private long received;
  private MessageDigest sha = newDigest();
  private String sha256;

  public synchronized long fileSize() {
    return fileSize;
  }

  public synchronized long received() {
    return received;
  }

  public synchronized boolean complete() {
    return sha256 != null;
  }

  /** The whole file's SHA-256 once complete, else null. */
  public synchronized String sha256() {
    return sha256;
  }

  synchronized void declare(long size) {
    fileSize = size;
  }

  /** Starts over (an upload sent again from offset 0). */
  synchronized void restart() {
    received = 0;
    sha = newDigest();
    sha256 = null;
  }

  synchronized void accept(byte[] bytes) {
    sha.update(bytes);
    received += bytes.length;
  }

  /** Marks the session complete when every byte is in; true if it is. */
  synchronized boolean finishIfWhole() {
    if (sha256 == null && fileSize >= 0 && received == fileSize) sha256 = HexFormat.of().formatHex(sha.digest());
    return sha256 != null;
  }

  /** A file fetched whole from a URL ({@code file_url}, {@code video_url}). */
  public synchronized void pulledFrom(long size, String hash) {
    fileSize = size;
    received = size;
    sha256 = hash;
  }

  static MessageDigest newDigest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
