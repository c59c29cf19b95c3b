package io.clipcast.platforms.tiktok;

/**
 * How a file is cut for FILE_UPLOAD (docs/platforms/tiktok.md): {@code total_chunk_count = floor(video_size / chunk_size)}, every
 * chunk 5–64 MB, the last absorbing the remainder (≤ 128 MB), at most 1000 chunks; files up to 64 MB go as one chunk.
 * The bounds hold whichever "MB" TikTok means: chunks are at least 5 MiB and at most 64,000,000 bytes, so a last chunk
 * stays under 128,000,000 bytes.
 */
public record ChunkPlan(long videoSize, long chunkSize, int totalChunks) {
  static final long MIN_CHUNK = 5L * 1024 * 1024;
  static final long MAX_CHUNK = 64_000_000L;
  static final long MAX_VIDEO = 4L * 1024 * 1024 * 1024;

  public static ChunkPlan of(long size) {
    if (size <= 0) throw new IllegalArgumentException("an empty file cannot be uploaded");
    if (size > MAX_VIDEO) throw new IllegalArgumentException("TikTok takes videos up to 4 GB");
    if (size <= MAX_CHUNK) return new ChunkPlan(size, size, 1);
    // two chunks at least above 64 MB; half the file keeps both within 32–64 MB until 128 MB, then 64 MB chunks
    long chunk = size < 2 * MAX_CHUNK ? size / 2 : MAX_CHUNK;
    return new ChunkPlan(size, chunk, (int) (size / chunk));
  }

  /** First byte of chunk {@code i} (0-based). */
  public long start(int i) {
    return i * chunkSize;
  }

  /** Bytes in chunk {@code i}: the last one takes the remainder. */
  public long length(int i) {
    return i == totalChunks - 1 ? videoSize - start(i) : chunkSize;
  }

  /** The chunk that starts at {@code offset}, or -1 when no chunk starts there. */
  public int chunkAt(long offset) {
    if (offset % chunkSize != 0) return -1;
    long i = offset / chunkSize;
    return i < totalChunks ? (int) i : -1;
  }
}
