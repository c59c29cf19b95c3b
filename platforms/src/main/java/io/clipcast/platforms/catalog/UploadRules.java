package io.clipcast.platforms.catalog;

/**
 * {@code upload}: how a resumable upload runs (YouTube): the chunk size, how often an interrupted upload is resumed
 * within one attempt and after what back-off. How processing is checked again is the {@code recheck} block's.
 */
public record UploadRules(long chunkBytes, int resumesPerAttempt, long resumeBackoffMs, String source) {
  /** YouTube's resumable uploads take chunks in multiples of 256 KiB. */
  public static final long CHUNK_UNIT = 256 * 1024;

  static UploadRules read(JsonFields f) {
    UploadRules u = new UploadRules(f.whole("chunkBytes"), f.integer("resumesPerAttempt"), f.whole("resumeBackoffMs"),
        f.string("source"));
    f.end();
    if (u.chunkBytes <= 0 || u.chunkBytes % CHUNK_UNIT != 0) {
      throw f.error("chunkBytes", "must be a positive multiple of " + CHUNK_UNIT + ", got " + u.chunkBytes + ".");
    }
    return u;
  }
}
